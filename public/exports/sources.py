"""What the report documents hold, read once from the database in document order.

``ConsolidatedReport`` is the shape of seed 002 (per priority, per measure: executors and
every agency's statement); ``AgencyReport`` the shape of seed 004 (one agency's items and its
signature). Both read published reports of a published period only.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.utils.translation import gettext, pgettext

from nap_portal.grammar import genitive_in_text, number, year_in_text
from plans.models import Assignment, IndicatorTarget, Measure, Plan, Priority
from plans.status import ImplementationStatus
from reports.models import ProgressReport, ReportingPeriod

from ..selectors import (
    plan_year_assessments,
    public_indicator_values,
    public_reports,
    public_signatures,
    public_sub_item_lines,
)
from .base import Column, Summary

NOT_STATED = ""
# Rows read per round trip: bounded memory at any size, few round trips at the seed's.
MEASURE_CHUNK = 500
REPORT_CHUNK = 2000


def period_reports(period: ReportingPeriod):
    """The public reports of ``period`` (reports.visibility): none unless it is public."""
    return public_reports().filter(period=period).select_related("agency")


def status_kinds() -> list[tuple[str, str]]:
    stated = [(key, str(label)) for key, label in ImplementationStatus.choices]
    return [*stated, (NOT_STATED, gettext("Not stated"))]


def status_label(status: str) -> str:
    return str(ImplementationStatus(status).label) if status else gettext("Not stated")


@dataclass
class MeasureEntry:
    measure: Measure
    main: list[str]
    others: list[str]
    recommended: list[str]
    statements: list[ProgressReport] = field(default_factory=list)

    @property
    def main_text(self) -> str:
        return ", ".join(self.main)

    @property
    def others_text(self) -> str:
        """Other executors as the plan writes them: recommended bodies after "Recommended:"."""
        parts = [", ".join(self.others)] if self.others else []
        if self.recommended:
            label = gettext("Recommended:")
            parts.append(f"{label} {', '.join(self.recommended)}")
        return "\n".join(parts)


@dataclass
class PrioritySection:
    priority: Priority
    measures: list[MeasureEntry]

    @property
    def heading(self) -> str:
        return gettext("Priority %(number)s. %(title)s") % {
            "number": self.priority.number,
            "title": self.priority.title,
        }


def executor_names(measure: Measure) -> dict[str, list[str]]:
    """Executor names by role, in the order the plan names them."""
    names: dict[str, list[str]] = {role: [] for role in Assignment.Role.values}
    for assignment in sorted(measure.assignments.all(), key=lambda a: a.position):
        names[assignment.role].append(assignment.executor.name)
    if not any(names.values()) and measure.executors_text:
        # The source cell could not be read as executors (a shifted cell): show it verbatim.
        names[Assignment.Role.MAIN].append(measure.executors_text)
    return names


def statement_order(measure: Measure):
    """Sort key for statements: agencies in the order the plan names them (directly or by
    category), then those it does not name, each in the order of the source document."""
    by_agency, by_category = {}, {}
    for assignment in measure.assignments.all():
        if assignment.agency_id:
            by_agency.setdefault(assignment.agency_id, assignment.position)
        else:
            by_category.setdefault(assignment.category_id, assignment.position)
    unnamed = 1 + max([a.position for a in measure.assignments.all()], default=0)

    def key(report: ProgressReport) -> tuple[int, int]:
        position = by_agency.get(report.agency_id, by_category.get(report.agency.category_id))
        return (unnamed if position is None else position, report.position)

    return key


# --- Indicator values and sub-item lines of a statement (issue 10) ---------------------------


def with_parts(reports):
    """``reports`` with their public indicator values and sub-item lines, in two queries."""
    return reports.prefetch_related(
        Prefetch(
            "indicator_values",
            public_indicator_values()
            .select_related("indicator")
            .order_by("indicator__position", "indicator_id"),
        ),
        Prefetch(
            "sub_item_lines",
            public_sub_item_lines().select_related("sub_item").order_by("sub_item__sort_key"),
        ),
    )


def year_targets(plan: Plan, year: int) -> dict[int, object]:
    """The plan's indicator targets for ``year``, by indicator id (one query)."""
    rows = IndicatorTarget.objects.filter(indicator__measure__plan=plan, year=year).order_by()
    return dict(rows.values_list("indicator_id", "value"))


def indicator_values_text(report: ProgressReport, targets: dict) -> str:
    """ "Indicator: value unit (target …)" for each value the statement gives, one a line."""
    lines = []
    for item in report.indicator_values.all():
        value = " ".join(filter(None, [number(item.value), item.indicator.unit]))
        target = targets.get(item.indicator_id)
        if target is not None:
            value = gettext("%(value)s (target %(target)s)") % {
                "value": value,
                "target": number(target),
            }
        lines.append(f"{item.indicator.text}: {value}")
    return "\n".join(lines)


def sub_items_text(report: ProgressReport) -> str:
    """ "4.1.3 Done: what was done" for each sub-item line of the statement, one a line."""
    lines = []
    for line in report.sub_item_lines.all():
        text = f"{line.sub_item.number} {status_label(line.status)}"
        lines.append(f"{text}: {line.text}" if line.text else text)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


class ConsolidatedReport:
    """A plan's consolidated report for one year, in the shape of seed 002."""

    def __init__(self, plan: Plan, period: ReportingPeriod, *, annex: bool = False) -> None:
        self.plan = plan
        self.period = period
        self.year = period.year
        # The optional civil-society annex: the year's public assessments with the replies.
        self.annex = annex

    def civil_society(self) -> list:
        return plan_year_assessments(self.plan, self.year) if self.annex else []

    def annex_columns(self) -> list[Column]:
        return [
            Column(gettext("No."), 8),
            Column(gettext("Organisation"), 30, wrap=True),
            Column(gettext("Completion"), 16),
            Column(gettext("Did it open government?"), 16),
            Column(gettext("Assessment"), 70, wrap=True),
            Column(gettext("Replies"), 70, wrap=True),
        ]

    def annex_rows(self) -> Iterator[tuple]:
        for assessment in self.civil_society():
            if assessment.is_hidden:
                hidden = gettext("Hidden by the secretariat:") + " " + assessment.hidden_reason
                yield (assessment.item_number, assessment.organisation.name, "", "", hidden, "")
                continue
            replies = "\n\n".join(
                f"{reply.agency.name} ({reply.get_stance_display()}, "
                f"{reply.created_at:%Y-%m-%d}): {reply.text}"
                for reply in assessment.replies.all()
            )
            yield (
                assessment.item_number,
                assessment.organisation.name,
                assessment.get_completion_display(),
                assessment.get_opened_government_display(),
                assessment.text,
                replies,
            )

    @property
    def title(self) -> str:
        # Translators: year is "2022-ci" in Azerbaijani ("%(year)s il ərzində"), else "2022";
        # plan is in quotes and the genitive in Azerbaijani (“… Planı”nın), so the msgstr
        # leaves out the quotes: "%(plan)s həyata keçirilməsi".
        return gettext("Works done in %(year)s on the implementation of the “%(plan)s”") % {
            "year": year_in_text(self.year),
            "plan": genitive_in_text(self.plan.title, quoted=True),
        }

    def file_stem(self) -> str:
        name = pgettext("file name", "report")
        return f"{self.plan.slug}_{name}_{self.year}"

    def entries(self, progress=None) -> Iterator[tuple[Priority, MeasureEntry]]:
        """Every measure the report shows, in document order, with its statements — read in
        chunks from two cursors walking in the same order (measures, and the public reports
        of the year by measure), so no more than one chunk of each is in memory."""
        measures = (
            self.plan.measures.with_executors()
            .order_by("priority__number", "sort_key", "id")
            .iterator(chunk_size=MEASURE_CHUNK)
        )
        reports = with_parts(
            period_reports(self.period)
            .filter(measure__plan=self.plan)
            .order_by("measure__priority__number", "measure__sort_key", "measure_id", "id")
        ).iterator(chunk_size=REPORT_CHUNK)
        targets = year_targets(self.plan, self.year)
        total = self.plan.measures.count() if progress else 0
        pending = next(reports, None)
        for done, measure in enumerate(measures, start=1):
            statements = []
            while pending is not None and pending.measure_id == measure.pk:
                pending.indicators_text = indicator_values_text(pending, targets)
                pending.sub_items_text = sub_items_text(pending)
                statements.append(pending)
                pending = next(reports, None)
            if statements or measure.is_active_in(self.year):
                names = executor_names(measure)
                yield (
                    measure.priority,
                    MeasureEntry(
                        measure,
                        main=names[Assignment.Role.MAIN],
                        others=names[Assignment.Role.CO],
                        recommended=names[Assignment.Role.RECOMMENDED],
                        statements=sorted(statements, key=statement_order(measure)),
                    ),
                )
            if progress:
                progress(done, total)

    def sections(self, progress=None) -> Iterator[PrioritySection]:
        """The priorities that have something to show, each with its measures; one priority
        in memory at a time."""
        section = None
        for priority, entry in self.entries(progress):
            if section is None or section.priority.pk != priority.pk:
                if section is not None:
                    yield section
                section = PrioritySection(priority, [])
            section.measures.append(entry)
        if section is not None:
            yield section

    def size(self) -> int:
        """What a build costs, in rows: the year's public statements plus the plan's measures
        (one query; see public/exports/stored.py)."""
        return period_reports(self.period).filter(measure__plan=self.plan).count() + (
            self.plan.measures.count()
        )

    # Tabular view: one row per statement (a measure without any keeps one empty row).

    def columns(self) -> list[Column]:
        return [
            Column(gettext("Priority"), 10),
            Column(gettext("No."), 8),
            Column(gettext("Measure"), 50, wrap=True),
            Column(gettext("Main executor"), 28, wrap=True),
            Column(gettext("Other executors"), 36, wrap=True),
            Column(gettext("Reporting agency"), 30, wrap=True),
            Column(gettext("Implementation status"), 18),
            Column(gettext("Works done"), 90, wrap=True),
            Column(gettext("Indicator values"), 40, wrap=True),
            Column(gettext("Sub-items"), 50, wrap=True),
        ]

    def rows(self, progress=None) -> Iterator[tuple]:
        self._summary = Summary(gettext("Priority"), status_kinds(), {})
        for priority, entry in self.entries(progress):
            group = str(priority.number)
            fixed = (
                priority.number,
                entry.measure.number,
                entry.measure.title,
                entry.main_text,
                entry.others_text,
            )
            if not entry.statements:
                yield (*fixed, "", "", "", "", "")
            for report in entry.statements:
                self._summary.add(group, report.status)
                yield (
                    *fixed,
                    report.agency.name,
                    status_label(report.status) if report.status else "",
                    report.works_done,
                    report.indicators_text,
                    report.sub_items_text,
                )

    def summary(self) -> Summary:
        """Counts of statements by status per priority; complete once ``rows()`` is consumed."""
        return self._summary


@dataclass
class AgencyItem:
    number: str
    title: str
    report: ProgressReport


class AgencyReport:
    """One agency's report on a plan for one year, in the shape of seed 004."""

    def __init__(self, agency, plan: Plan, period: ReportingPeriod) -> None:
        self.agency = agency
        self.plan = plan
        self.period = period
        self.year = period.year

    @cached_property
    def reports(self) -> list[ProgressReport]:
        """Read on first use: naming the file needs none of them."""
        return list(
            period_reports(self.period)
            .filter(agency=self.agency, measure__plan=self.plan)
            .select_related("measure")
            .order_by("measure__sort_key", "position")
        )

    def __bool__(self) -> bool:
        return bool(self.reports)

    @property
    def title(self) -> str:
        # Translators: agency is in the genitive in Azerbaijani ("Ədliyyə Nazirliyinin").
        return gettext("Report of %(agency)s on the measures of the “%(plan)s” for %(year)s") % {
            "agency": genitive_in_text(self.agency.name),
            "plan": self.plan.title,
            "year": self.year,
        }

    def file_stem(self) -> str:
        return f"{self.agency.slug}_{self.plan.slug}_{self.year}"

    def items(self) -> list[AgencyItem]:
        return [AgencyItem(r.measure.number, r.measure.title, r) for r in self.reports]

    @cached_property
    def signature(self) -> "Signature | None":
        """The signature block: the agency's signature for the period (set in the workspace),
        else the signatory of its latest signed imported report (seed 004)."""
        signed = public_signatures().filter(agency=self.agency, period=self.period).first()
        if signed is not None:
            return Signature(
                signed.signatory_name,
                signed.signatory_position,
                signed.signed_on,
                signed.letter_number,
                signed.letter_date,
            )
        imported = [r for r in self.reports if r.signatory_name or r.signed_on]
        if not imported:
            return None
        latest = max(imported, key=lambda r: r.signed_on or datetime.date.min)
        return Signature(latest.signatory_name, latest.signatory_position, latest.signed_on)


@dataclass(frozen=True)
class Signature:
    """The signature block under an agency's report, as on the signed paper (seed 004)."""

    signatory_name: str
    signatory_position: str
    signed_on: datetime.date | None
    letter_number: str = ""
    letter_date: datetime.date | None = None

    @property
    def letter(self) -> str:
        """The outgoing letter's number and date as one line; empty without a number."""
        if not self.letter_number:
            return ""
        if self.letter_date:
            return gettext("Outgoing letter No. %(number)s of %(date)s") % {
                "number": self.letter_number,
                "date": self.letter_date.strftime("%d.%m.%Y"),
            }
        return gettext("Outgoing letter No. %(number)s") % {"number": self.letter_number}
