"""Plans, their priorities and measures, and who must execute each measure."""

import re

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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

    def public(self) -> "MeasureQuerySet":
        """Measures of plans the public may see (every plan but drafts)."""
        return self.exclude(plan__status=Plan.Status.DRAFT)

    def with_status(self, year: int) -> "MeasureQuerySet":
        """Annotate ``status_rank`` for ``year``, read through ``Measure.board_status`` and
        ``Measure.overdue`` (the rule of plans.board).

        One correlated subquery per *returned* row picks the least advanced rank among the
        year's published reports through the (measure, agency, period) unique index; with a
        LIMIT, PostgreSQL evaluates it for the page's rows only.
        """
        from reports.models import ProgressReport

        from .board import NOT_STATED_RANK, STATUS_RANK, published_period

        ranks = [
            models.When(status=status, then=models.Value(rank))
            for status, rank in STATUS_RANK.items()
        ]
        least = (
            ProgressReport.objects.published()
            .filter(measure=models.OuterRef("pk"), period=published_period(year, plan=None))
            .annotate(rank=models.Case(*ranks, default=models.Value(NOT_STATED_RANK)))
            .order_by("rank")
            .values("rank")[:1]
        )
        return self.annotate(
            status_rank=models.Subquery(least, output_field=models.IntegerField()),
            status_year=models.Value(year, output_field=models.IntegerField()),
        )

    def for_board(self, plan: "Plan", filters) -> "MeasureQuerySet":
        """The board's measures of ``plan`` under ``filters`` (a ``plans.board.BoardFilters``).

        Ordered by number, with priority, executors and the year's status loaded: a fixed
        number of queries whatever the plan's size. Exports and the API reuse it as it is.
        """
        from .board import DONE_RANK, OVERDUE, STATUS_BY_RANK, BoardStatus, year_ranks
        from .search import search_measures

        measures = self.filter(plan=plan).with_status(filters.year).with_executors().in_order()
        if filters.priority:
            measures = measures.filter(priority__number=filters.priority)
        if filters.agency or filters.role:
            obliged = Assignment.objects.filter(measure=models.OuterRef("pk"))
            if filters.role:
                obliged = obliged.filter(role=filters.role)
            if filters.agency:
                # An agency is obliged by name or through its category (Samux on 1.9).
                obliged = obliged.filter(
                    Q(agency__slug=filters.agency)
                    | Q(category__agencies__slug=filters.agency, category__agencies__is_active=True)
                )
            measures = measures.filter(models.Exists(obliged))
        if filters.status:
            # Filter through the grouped ranks of the year (one uncorrelated subquery), not the
            # per-row status annotation, so PostgreSQL can hash it once for the whole plan.
            ranks = year_ranks(plan, filters.year)
            if filters.status == OVERDUE:
                done = ranks.filter(rank=DONE_RANK).values("measure_id")
                measures = measures.filter(end_year__lt=filters.year).exclude(pk__in=done)
            elif filters.status == BoardStatus.NO_REPORT:
                measures = measures.exclude(pk__in=ranks.values("measure_id"))
            else:
                rank = next(r for r, s in STATUS_BY_RANK.items() if s == filters.status)
                measures = measures.filter(pk__in=ranks.filter(rank=rank).values("measure_id"))
        return search_measures(measures, filters.q)

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
        from .search import build_search_text, index_text

        if self.pk:
            self.search_text = build_search_text(self)
        else:
            self.search_text = index_text(self.number, self.title, self.indicator)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans:measure", args=[self.plan.slug, self.number])

    @property
    def board_status(self) -> str:
        """The status for the year of ``with_status`` (plans.board.BoardStatus value)."""
        from .board import measure_status

        return measure_status(self.status_rank, self.end_year, self.status_year)[0]

    @property
    def overdue(self) -> bool:
        """Overdue in the year of ``with_status``: see ``is_overdue``."""
        from .board import measure_status

        return measure_status(self.status_rank, self.end_year, self.status_year)[1]

    def is_active_in(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year

    def is_overdue(self, year: int, status: str | None) -> bool:
        """Overdue in ``year``: the execution period ended before it and the status is not done.

        ``status`` is the measure's status for ``year`` (plans.board); the SQL twin is
        ``MeasureQuerySet.with_status``.
        """
        from reports.models import ImplementationStatus

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
