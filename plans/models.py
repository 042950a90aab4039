"""Plans, their priorities and measures, and who must execute each measure."""

import re

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .status import ImplementationStatus, measure_status


def measure_sort_key(number: str) -> str:
    """A string that sorts measure numbers naturally: "2.9" before "2.10", "4.1.3" after "4.1"."""
    parts = [int(part) for part in re.findall(r"\d+", number)]
    return ".".join(f"{part:05d}" for part in parts) or number


class Plan(models.Model):
    class Status(models.TextChoices):
        # "Draft" is also a report's workflow state; Azerbaijani names the two differently.
        DRAFT = "draft", pgettext_lazy("plan status", "Draft")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")

    title = models.CharField(_("title"), max_length=500)
    title_en = models.CharField(_("English title"), max_length=500, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    description = models.TextField(_("description"), blank=True)
    adopting_act = models.CharField(_("adopting act"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-start_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=models.F("end_year")), name="plan_years_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:board", args=[self.slug])

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class Priority(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=1000)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_priority_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MeasureQuerySet(models.QuerySet):
    def in_order(self) -> "MeasureQuerySet":
        return self.order_by("sort_key")

    def with_executors(self) -> "MeasureQuerySet":
        """Measures with their priority and assignments loaded in a fixed number of queries."""
        return self.select_related("priority", "plan").prefetch_related(
            models.Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("agency", "category"),
            )
        )


class Measure(models.Model):
    """One numbered measure (tədbir) of a plan."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan")
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.PROTECT, related_name="measures", verbose_name=_("priority")
    )
    number = models.CharField(_("number"), max_length=20, help_text=_('As written, e.g. "2.11".'))
    sort_key = models.CharField(_("sort key"), max_length=60, editable=False, db_index=True)
    title = models.TextField(_("title"))
    indicator = models.TextField(_("evaluation indicator"), blank=True)
    executors_text = models.TextField(
        _("executors as written"),
        blank=True,
        help_text=_("The executor cell of the source document, kept verbatim."),
    )
    period_text = models.CharField(_("execution period as written"), max_length=100, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    # Folded words of number, title, indicator, executor names and published report texts
    # (plans.search), so search matches Azerbaijani letters whatever their case on SQLite and
    # PostgreSQL alike. Searched with LIKE '% word%' under a trigram index on PostgreSQL.
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_measure_number"),
            models.CheckConstraint(
                condition=Q(start_year__lte=models.F("end_year")), name="measure_years_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:80]}"

    def save(self, *args, **kwargs) -> None:
        self.sort_key = measure_sort_key(self.number)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        # The search index (search_text) holds published report text, so the reporting layer
        # rebuilds it (reports.search_index) after every change that matters; save() only
        # stores the row.
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans:measure", args=[self.plan.slug, self.number])

    @property
    def board_status(self) -> str:
        """The status for the year of ``public.board.with_status`` (a ``BoardStatus`` value)."""
        return measure_status(self.status_rank, self.end_year, self.status_year)[0]

    @property
    def overdue(self) -> bool:
        """Overdue in the year of ``public.board.with_status``: see ``is_overdue``."""
        return measure_status(self.status_rank, self.end_year, self.status_year)[1]

    def is_active_in(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year

    def is_overdue(self, year: int, status: str | None) -> bool:
        """Overdue in ``year``: the execution period ended before it and the status is not done.

        ``status`` is the measure's status for ``year`` (plans.status); the SQL twin is
        ``public.board.with_status``.
        """
        return self.end_year < year and status != ImplementationStatus.DONE

    def assignments_by_role(self) -> dict[str, list["Assignment"]]:
        grouped: dict[str, list[Assignment]] = {role: [] for role in Assignment.Role.values}
        for assignment in self.assignments.all():
            grouped[assignment.role].append(assignment)
        return grouped


class Assignment(models.Model):
    """Measure × role × one agency or one agency category.

    A category assignment obliges every active agency of that category.
    """

    class Role(models.TextChoices):
        MAIN = "main", _("Main executor")
        CO = "co", _("Other executor")
        RECOMMENDED = "recommended", _("Recommended")

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("measure")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("agency"),
    )
    category = models.ForeignKey(
        "agencies.AgencyCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("agency category"),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in which the plan names the executors.")
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["measure", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(agency__isnull=False, category__isnull=True)
                    | Q(agency__isnull=True, category__isnull=False)
                ),
                name="assignment_agency_xor_category",
            ),
            models.UniqueConstraint(
                fields=["measure", "agency"],
                condition=Q(agency__isnull=False),
                name="unique_assignment_agency",
            ),
            models.UniqueConstraint(
                fields=["measure", "category"],
                condition=Q(category__isnull=False),
                name="unique_assignment_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.number} {self.get_role_display()}: {self.executor}"

    @property
    def executor(self):
        return self.agency or self.category
