"""Plans, their priorities and measures, and who must execute each measure."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nap_portal.text import shorten

from .status import ImplementationStatus, measure_status


class DeadlineKind(models.TextChoices):
    """What the portal reads from a deadline as written; never guessed (plans.deadlines)."""

    YEARS = "years", _("Year or years")
    QUARTER = "quarter", _("Quarter of a year")
    MONTH = "month", _("Month of a year")
    SEASON = "season", _("Season of a year")
    ANNUAL = "annual", _("Every year")
    ONGOING = "ongoing", _("Ongoing")
    UNKNOWN = "unknown", _("Not read (kept as written)")


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
    title_ru = models.CharField(_("Russian title"), max_length=500, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    description_ru = models.TextField(_("Russian description"), blank=True)
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
    code = models.CharField(
        _("code"), max_length=40, blank=True, help_text=_('A stable code of the plan, e.g. "C01".')
    )
    title = models.CharField(_("title"), max_length=1000)
    title_en = models.CharField(_("English title"), max_length=1000, blank=True)
    title_ru = models.CharField(_("Russian title"), max_length=1000, blank=True)

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
    code = models.CharField(
        _("code"),
        max_length=40,
        blank=True,
        help_text=_('A stable code of the plan, e.g. "C01.1".'),
    )
    sort_key = models.CharField(_("sort key"), max_length=60, editable=False, db_index=True)
    title = models.TextField(_("title"))
    title_en = models.TextField(_("English title"), blank=True)
    title_ru = models.TextField(_("Russian title"), blank=True)
    indicator = models.TextField(_("evaluation indicator"), blank=True)
    executors_text = models.TextField(
        _("executors as written"),
        blank=True,
        help_text=_("The executor cell of the source document, kept verbatim."),
    )
    period_text = models.CharField(_("execution period as written"), max_length=100, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    deadline_kind = models.CharField(
        _("deadline read as"),
        max_length=16,
        choices=DeadlineKind.choices,
        default=DeadlineKind.YEARS,
    )
    deadline_part = models.PositiveSmallIntegerField(
        _("quarter, month or season"),
        null=True,
        blank=True,
        help_text=_("1-4 for a quarter or season (winter..autumn), 1-12 for a month; of end_year."),
    )
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
        return f"{self.number} {shorten(self.title, 80)}"

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


class SubItem(models.Model):
    """A numbered sub-item (milestone) of a measure: "4.1.3" under measure "4.1".

    ``parent`` nests sub-items to any depth ("4.1.3.2" under "4.1.3"). Its executors are
    ``SubItemAssignment`` rows; they owe a report on the measure like the measure's own
    executors (reports.obligations), and report per sub-item inside it.
    """

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="sub_items", verbose_name=_("measure")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent sub-item"),
    )
    number = models.CharField(_("number"), max_length=30, help_text=_('As written, e.g. "4.1.3".'))
    code = models.CharField(_("code"), max_length=40, blank=True)
    sort_key = models.CharField(_("sort key"), max_length=80, editable=False, db_index=True)
    title = models.TextField(_("title"))
    title_en = models.TextField(_("English title"), blank=True)
    title_ru = models.TextField(_("Russian title"), blank=True)
    executors_text = models.TextField(_("executors as written"), blank=True)
    period_text = models.CharField(_("deadline as written"), max_length=100, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    deadline_kind = models.CharField(
        _("deadline read as"),
        max_length=16,
        choices=DeadlineKind.choices,
        default=DeadlineKind.UNKNOWN,
    )
    deadline_part = models.PositiveSmallIntegerField(
        _("quarter, month or season"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("sub-item")
        verbose_name_plural = _("sub-items")
        ordering = ["measure", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "number"], name="unique_sub_item_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {shorten(self.title, 80)}"

    def save(self, *args, **kwargs) -> None:
        self.sort_key = measure_sort_key(self.number)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)


class SubItemAssignment(models.Model):
    """Sub-item × role × one agency or one agency category (the shape of ``Assignment``)."""

    sub_item = models.ForeignKey(
        SubItem, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("sub-item")
    )
    role = models.CharField(_("role"), max_length=16, choices=Assignment.Role.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_item_assignments",
        verbose_name=_("agency"),
    )
    category = models.ForeignKey(
        "agencies.AgencyCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_item_assignments",
        verbose_name=_("agency category"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("sub-item executor")
        verbose_name_plural = _("sub-item executors")
        ordering = ["sub_item", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(agency__isnull=False, category__isnull=True)
                    | Q(agency__isnull=True, category__isnull=False)
                ),
                name="sub_item_assignment_agency_xor_category",
            ),
            models.UniqueConstraint(
                fields=["sub_item", "agency"],
                condition=Q(agency__isnull=False),
                name="unique_sub_item_assignment_agency",
            ),
            models.UniqueConstraint(
                fields=["sub_item", "category"],
                condition=Q(category__isnull=False),
                name="unique_sub_item_assignment_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sub_item.number} {self.get_role_display()}: {self.executor}"

    @property
    def executor(self):
        return self.agency or self.category


class Indicator(models.Model):
    """An evaluation indicator of a measure (or of one of its sub-items), as written.

    Numeric when it has a unit, a baseline or a target: the agency's report then asks for the
    value reached in the period (reports.IndicatorValue).
    """

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("measure")
    )
    sub_item = models.ForeignKey(
        SubItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("sub-item"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("indicator as written"))
    text_en = models.TextField(_("English text"), blank=True)
    text_ru = models.TextField(_("Russian text"), blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        # Column orderings: following the relations' own orderings loops (Django refuses).
        ordering = ["measure_id", "sub_item_id", "position"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_numeric(self) -> bool:
        return bool(self.unit) or self.baseline is not None


class IndicatorTarget(models.Model):
    """The target value of a numeric indicator for one year."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=4)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["indicator_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="unique_indicator_target"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class Amendment(models.Model):
    """One change to a plan that is no longer a draft: who, when, on what legal basis, why.

    ``changes`` is a list of {"object": "measure 2.12", "field": ..., "before": ..., "after": ...}.
    Written only by plans' amendment service; public in the plan's amendment register.
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("plan")
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("measure"),
    )
    sub_item = models.ForeignKey(
        SubItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("sub-item"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=300, blank=True, help_text=_("Decree or order number.")
    )
    legal_basis_date = models.DateField(_("date of the legal basis"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["plan", "-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} {self.changed_at:%Y-%m-%d}"
