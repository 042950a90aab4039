"""Who owes a report in a period, and how well they complied: the one place of that rule.

- **Obligations** are derived, never stored: every assignment of every measure active in the
  period's year, a category assignment expanded into the category's *active* agencies. An
  executor of one of the measure's sub-items (``SubItemAssignment``, at any depth, by name or
  through its category) owes a report on the measure like the measure's own executors, in
  its role there (the report carries a line per sub-item). An
  agency named twice for one measure (by name and through its category) owes it **once**, in
  its strongest role. ``recommended`` bodies (the government cannot order them) are invited
  and counted apart: they are never expected, late or missing.
- A report is **handed in** once the agency has submitted it: submitted, accepted, published
  — and **returned** too: it was handed in, the secretariat asked for changes, and the first
  hand-in already decided whether it was on time.
- **On time**: first handed in by the end of the due date (Baku time); an imported report
  counts by its signature date; a period without a due date has no deadline to miss.
- **Missing** only after the due date: a report not handed in while the due date has not
  passed is **not yet due** ("due by <date>"). A period without a due date is due once it is
  closed for submissions.
- **Extended**: the secretariat may give one agency a later due date in a period
  (``DeadlineExtension``); that agency's "on time" and "missing" are judged against it, and
  its record says so. An extension never shortens the period's due date, and a period
  without a due date has no deadline to extend.

The public pages, the open-data API, the secretariat's compliance table and its CSV, the
workspace and the reminders all read these figures from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.utils import timezone

from agencies.models import Agency, AgencyCategory
from nap_portal.text import az_sort_key, az_sorted
from plans.models import Assignment, Measure, SubItem, SubItemAssignment

from .models import DeadlineExtension, ProgressReport, ReportingPeriod

# When an agency is named twice for one measure (by name and through its category), the
# stronger role wins.
ROLE_STRENGTH = {Assignment.Role.MAIN: 3, Assignment.Role.CO: 2, Assignment.Role.RECOMMENDED: 1}
OBLIGED_ROLES = frozenset({Assignment.Role.MAIN, Assignment.Role.CO})
HANDED_IN_STATES = frozenset(
    {
        ProgressReport.State.SUBMITTED,
        ProgressReport.State.RETURNED,
        ProgressReport.State.ACCEPTED,
        ProgressReport.State.PUBLISHED,
    }
)


@dataclass(frozen=True)
class Obligation:
    """One agency must (or, if recommended, is invited to) report on one measure."""

    period: ReportingPeriod
    measure: Measure
    agency: Agency
    role: str
    via_category: AgencyCategory | None = None
    # The agency's extended due date in the period (DeadlineExtension), if any.
    extended_to: date | None = None
    # The date the agency is judged against: its extension when later, else the period's.
    due_date: date | None = None
    # Whether a report not handed in now counts as missing (the due date has passed).
    past_due: bool = False

    @property
    def recommended(self) -> bool:
        return self.role == Assignment.Role.RECOMMENDED

    @property
    def extended(self) -> bool:
        return self.due_date != self.period.due_date

    def get_role_display(self) -> str:
        return str(Assignment.Role(self.role).label)


# --- the rule, as one query -------------------------------------------------------------------


def _owed_sql(
    periods: list[ReportingPeriod], agency_ids: set[int] | None, today: date
) -> tuple[str, list]:
    """The rule as one SQL statement (a WITH clause defining ``owed``): one row per obligation
    of ``periods`` (of ``agency_ids`` only, when given) with what is judged of it.

    Columns of ``owed``: period_id, measure_id, agency_id, role, via_category_id,
    extended_to, due (the date judged against), obliged (1 unless recommended), handed_in,
    returned, on_time (of a report handed in), past_due (a report not handed in is missing).
    Every count and list below reads this one statement, on SQLite and PostgreSQL alike.
    """
    ops = connection.ops
    params: list = []
    period_marks = ", ".join(["%s"] * len(periods))
    params += [period.pk for period in periods]
    wanted = ""
    if agency_ids is not None:
        wanted = f"AND e.agency_id IN ({', '.join(['%s'] * len(agency_ids))})"
    strength = " ".join(f"WHEN '{role}' THEN {value}" for role, value in ROLE_STRENGTH.items())
    handed_in_states = ", ".join(f"'{state}'" for state in sorted(HANDED_IN_STATES))
    obliged_roles = ", ".join(f"'{role}'" for role in sorted(OBLIGED_ROLES))
    handed_on, handed_on_params = ops.datetime_cast_date_sql(
        "j.handed_at", (), timezone.get_current_timezone_name()
    )
    sql = f"""
    WITH per AS (
        SELECT id, plan_id, year, due_date, is_open
        FROM {ReportingPeriod._meta.db_table} WHERE id IN ({period_marks})
    ),
    named AS (
        -- Executors of a measure and of its sub-items (at any depth) owe the measure.
        SELECT a.measure_id, a.role, a.agency_id, a.category_id, 0 AS via_sub_item
        FROM {Assignment._meta.db_table} a
        JOIN {Measure._meta.db_table} m ON m.id = a.measure_id
        WHERE m.plan_id IN (SELECT plan_id FROM per)
        UNION ALL
        SELECT si.measure_id, sa.role, sa.agency_id, sa.category_id, 1
        FROM {SubItemAssignment._meta.db_table} sa
        JOIN {SubItem._meta.db_table} si ON si.id = sa.sub_item_id
        JOIN {Measure._meta.db_table} m ON m.id = si.measure_id
        WHERE m.plan_id IN (SELECT plan_id FROM per)
    ),
    expanded AS (
        -- Named by name, or every member of the category named.
        SELECT measure_id, role, agency_id, NULL AS via_category_id, via_sub_item
        FROM named WHERE agency_id IS NOT NULL
        UNION ALL
        SELECT n.measure_id, n.role, member.id, n.category_id, n.via_sub_item
        FROM named n JOIN {Agency._meta.db_table} member ON member.category_id = n.category_id
        WHERE n.agency_id IS NULL
    ),
    ranked AS (
        -- Active agencies only; named twice for a measure, the strongest role wins (then a
        -- naming by name over one through the category, the measure's own over a sub-item's).
        SELECT p.id AS period_id, e.measure_id, e.agency_id, e.role, e.via_category_id,
            ROW_NUMBER() OVER (
                PARTITION BY p.id, e.measure_id, e.agency_id
                ORDER BY CASE e.role {strength} ELSE 0 END DESC,
                    CASE WHEN e.via_category_id IS NULL THEN 0 ELSE 1 END, e.via_sub_item
            ) AS rank
        FROM per p
        JOIN {Measure._meta.db_table} m
            ON m.plan_id = p.plan_id AND m.start_year <= p.year AND p.year <= m.end_year
        JOIN expanded e ON e.measure_id = m.id
        JOIN {Agency._meta.db_table} ag ON ag.id = e.agency_id AND ag.is_active = %s
        WHERE 1 = 1 {wanted}
    ),
    j AS (
        SELECT r.period_id, r.measure_id, r.agency_id, r.role, r.via_category_id,
            x.due_date AS extended_to,
            -- An extension never shortens the period's due date; no due date, no deadline.
            CASE WHEN p.due_date IS NULL THEN NULL
                 WHEN x.due_date IS NOT NULL AND x.due_date > p.due_date THEN x.due_date
                 ELSE p.due_date END AS due,
            p.is_open, pr.state,
            COALESCE(pr.first_submitted_at, pr.submitted_at) AS handed_at, pr.signed_on
        FROM ranked r
        JOIN per p ON p.id = r.period_id
        LEFT JOIN {DeadlineExtension._meta.db_table} x
            ON x.period_id = r.period_id AND x.agency_id = r.agency_id
        LEFT JOIN {ProgressReport._meta.db_table} pr
            ON pr.period_id = r.period_id AND pr.measure_id = r.measure_id
            AND pr.agency_id = r.agency_id
        WHERE r.rank = 1
    ),
    owed AS (
        SELECT j.period_id, j.measure_id, j.agency_id, j.role, j.via_category_id,
            j.extended_to, j.due,
            CASE WHEN j.role IN ({obliged_roles}) THEN 1 ELSE 0 END AS obliged,
            -- Handed in: submitted, accepted, published, and returned (handed in, then
            -- sent back for changes: the first hand-in decided whether it was on time).
            CASE WHEN j.state IN ({handed_in_states}) THEN 1 ELSE 0 END AS handed_in,
            CASE WHEN j.state = '{ProgressReport.State.RETURNED}' THEN 1 ELSE 0 END AS returned,
            -- On time: first handed in by the end of the due date (local time); an imported
            -- report by its signature date.
            CASE WHEN j.due IS NULL THEN 1
                 WHEN j.handed_at IS NOT NULL THEN
                     CASE WHEN {handed_on} <= j.due THEN 1 ELSE 0 END
                 WHEN j.signed_on IS NOT NULL AND j.signed_on <= j.due THEN 1
                 ELSE 0 END AS on_time,
            -- Missing only after the due date; with none, once closed for submissions.
            CASE WHEN j.due IS NULL THEN CASE WHEN j.is_open THEN 0 ELSE 1 END
                 WHEN j.due < %s THEN 1 ELSE 0 END AS past_due
        FROM j
    )
    """
    params.append(True)
    if agency_ids is not None:
        params += sorted(agency_ids)
    params += list(handed_on_params)
    params.append(ops.adapt_datefield_value(today))
    return sql, params


# The counts of a record from ``owed``, in Record's field order: the one place that says which
# obligation counts as what.
COUNTS_SQL = """
    SUM(obliged),
    SUM(obliged * handed_in),
    SUM(obliged * handed_in * on_time),
    SUM(obliged * (1 - handed_in) * past_due),
    SUM(obliged * (1 - handed_in) * (1 - past_due)),
    SUM(obliged * returned),
    SUM(1 - obliged),
    SUM((1 - obliged) * handed_in)
"""
COUNT_FIELDS = (
    "expected",
    "handed_in",
    "on_time",
    "missing",
    "not_yet_due",
    "returned",
    "recommended_expected",
    "recommended_handed_in",
)


def _query(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_date(value) -> date | None:
    """A date column as read back (SQLite answers computed dates as text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _obligations(
    periods: Iterable[ReportingPeriod],
    agencies: Iterable[Agency] | None = None,
    *,
    ordered: bool = True,
    today: date | None = None,
) -> list[Obligation]:
    """The obligations of several periods at once, in three queries whatever their number
    (the rule's query, the measures, the agencies)."""
    periods = list(periods)
    wanted = None if agencies is None else {agency.pk for agency in agencies}
    if not periods or (wanted is not None and not wanted):
        return []
    sql, params = _owed_sql(periods, wanted, today or timezone.localdate())
    rows = _query(
        sql + "SELECT period_id, measure_id, agency_id, role, via_category_id, extended_to, due, "
        "past_due FROM owed",
        params,
    )
    # Never an empty list (Django answers that without a query), so pages run the same
    # number of queries whatever the data.
    measures = {
        measure.pk: measure
        for measure in Measure.objects.filter(pk__in={row[1] for row in rows} or {0}).only(
            "plan_id",
            "number",
            "title",
            "title_en",
            "title_ru",
            "sort_key",
            "start_year",
            "end_year",
        )
    }
    by_pk = {
        agency.pk: agency
        for agency in Agency.objects.filter(pk__in={row[2] for row in rows} or {0}).select_related(
            "category"
        )
    }
    periods_by_pk = {period.pk: period for period in periods}
    obligations = []
    for period_pk, measure_pk, agency_pk, role, via, extended_to, due, past_due in rows:
        agency = by_pk[agency_pk]
        obligations.append(
            Obligation(
                periods_by_pk[period_pk],
                measures[measure_pk],
                agency,
                role,
                # A category expands into its members: the category is the agency's own.
                agency.category if via else None,
                _as_date(extended_to),
                _as_date(due),
                bool(past_due),
            )
        )
    if ordered:
        obligations.sort(
            key=lambda o: (o.period.pk, o.measure.sort_key, az_sort_key(o.agency.name))
        )
    return obligations


def obligations_for_period(
    period: ReportingPeriod, agencies: Iterable[Agency] | None = None
) -> list[Obligation]:
    """The period's obligations (recommended included), ordered by measure then agency name.

    ``agencies`` narrows them to those agencies (a workspace shows its own only).
    Runs three queries whatever the plan's size.
    """
    return _obligations([period], agencies)


def is_obliged(period: ReportingPeriod, measure: Measure, agency: Agency) -> bool:
    """Whether the agency owes (or is invited to give) a report on the measure in the period."""
    if measure.plan_id != period.plan_id or not measure.is_active_in(period.year):
        return False
    return any(o.measure.pk == measure.pk for o in obligations_for_period(period, [agency]))


@dataclass
class Record:
    """Expected, handed in, on time, missing and not yet due reports (obliged roles only);
    recommended bodies' reports apart."""

    expected: int = 0
    handed_in: int = 0
    on_time: int = 0
    missing: int = 0
    not_yet_due: int = 0
    returned: int = 0  # handed in, and back with the agency for changes
    recommended_expected: int = 0
    recommended_handed_in: int = 0
    # One agency's record: the date it is judged against, and whether it was extended.
    due_date: date | None = None
    extended: bool = False

    @property
    def outstanding(self) -> int:
        """What the agency still has to send: not handed in (due or not) or returned."""
        return self.missing + self.not_yet_due + self.returned

    @property
    def late(self) -> int:
        return self.handed_in - self.on_time

    @property
    def handed_in_share(self) -> float | None:
        """Handed in of expected, 0–100; None when nothing was expected."""
        return None if not self.expected else 100 * self.handed_in / self.expected

    def add(self, other: Record) -> None:
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return {
            "expected": self.expected,
            "handed_in": self.handed_in,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "not_yet_due": self.not_yet_due,
            "returned": self.returned,
            "recommended_expected": self.recommended_expected,
            "recommended_handed_in": self.recommended_handed_in,
        }


@dataclass
class AgencyCompliance(Record):
    """One agency's record in a period, with the measures it still owes."""

    agency: Agency | None = None
    missing_measures: list[Measure] = field(default_factory=list)
    # Missing and not yet due, and returned: what is still to hand in.
    outstanding_measures: list[Measure] = field(default_factory=list)


def _counts(
    periods: list[ReportingPeriod],
    agency_ids: set[int] | None,
    today: date,
    by: str,
) -> list[tuple]:
    """``(key, due date, *counts)`` per ``by`` (``period_id`` or ``agency_id``), counted
    by the database."""
    sql, params = _owed_sql(periods, agency_ids, today)
    return _query(sql + f"SELECT {by}, MAX(due), {COUNTS_SQL} FROM owed GROUP BY {by}", params)


def _record(cls, counts, **extra):
    return cls(
        **dict(zip(COUNT_FIELDS, (int(value or 0) for value in counts), strict=True)), **extra
    )


def _judged(period: ReportingPeriod, due) -> tuple[date | None, bool]:
    """An agency's due date in the period as the rule's query judged it, and whether that is
    an extension of the period's."""
    due = _as_date(due)
    return due, due != period.due_date


def compliance(period: ReportingPeriod, today: date | None = None) -> list[AgencyCompliance]:
    """Per agency: expected, handed in, on time, missing and not yet due, judged against the
    agency's due date (extended or the period's), with the measures it still owes; by agency
    name. Four queries whatever the plan's size."""
    today = today or timezone.localdate()
    counted = _counts([period], None, today, "agency_id")
    sql, params = _owed_sql([period], None, today)
    owing = _query(
        sql + "SELECT agency_id, measure_id, past_due * (1 - handed_in) FROM owed "
        "WHERE obliged = 1 AND (handed_in = 0 OR returned = 1)",
        params,
    )
    agencies = Agency.objects.filter(pk__in={row[0] for row in counted} or {0})
    measures = Measure.objects.filter(pk__in={row[1] for row in owing} or {0})
    agencies_by_pk = {agency.pk: agency for agency in agencies.select_related("category")}
    measures_by_pk = {measure.pk: measure for measure in measures}
    rows: dict[int, AgencyCompliance] = {}
    for agency_pk, due, *counts in counted:
        due_date, extended = _judged(period, due)
        rows[agency_pk] = _record(
            AgencyCompliance,
            counts,
            agency=agencies_by_pk[agency_pk],
            due_date=due_date,
            extended=extended,
        )
    for agency_pk, measure_pk, missing in sorted(
        owing, key=lambda row: measures_by_pk[row[1]].sort_key
    ):
        row, measure = rows[agency_pk], measures_by_pk[measure_pk]
        row.outstanding_measures.append(measure)
        if missing:
            row.missing_measures.append(measure)
    return az_sorted(rows.values(), lambda row: row.agency.name)


def period_total(rows: Iterable[AgencyCompliance]) -> AgencyCompliance:
    """The sum of agencies' records: the period's record."""
    total = AgencyCompliance()
    for row in rows:
        total.add(row)
        total.missing_measures += row.missing_measures
        total.outstanding_measures += row.outstanding_measures
    return total


def period_record(period: ReportingPeriod, today: date | None = None) -> Record:
    """The whole period's record: the sum of ``compliance`` over its agencies."""
    return periods_records([period], today)[period.pk]


def periods_records(
    periods: Iterable[ReportingPeriod], today: date | None = None
) -> dict[int, Record]:
    """``period_record`` of several periods (e.g. every plan's on the home page), by period
    id, counted by the database in one query."""
    periods = list(periods)
    records = {period.pk: Record(due_date=period.due_date) for period in periods}
    if periods:
        for period_pk, _extended, *counts in _counts(
            periods, None, today or timezone.localdate(), "period_id"
        ):
            records[period_pk] = _record(Record, counts, due_date=records[period_pk].due_date)
    return records


def agency_records(
    agency: Agency, periods: Iterable[ReportingPeriod], today: date | None = None
) -> dict[int, Record]:
    """One agency's record per period (by period id), with its due date there (extended or
    the period's), counted by the database in one query."""
    periods = list(periods)
    by_pk = {period.pk: period for period in periods}
    records = {period.pk: Record(due_date=period.due_date) for period in periods}
    if periods:
        for period_pk, due, *counts in _counts(
            periods, {agency.pk}, today or timezone.localdate(), "period_id"
        ):
            due_date, extended = _judged(by_pk[period_pk], due)
            records[period_pk] = _record(Record, counts, due_date=due_date, extended=extended)
    return records
