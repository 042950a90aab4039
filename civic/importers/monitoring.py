"""Seed 001: a civil-society platform's monitoring of the 2016–2018 Open Government plan.

The document is a slide deck: the project's goals, what it states about the plan (its title,
"11 mühüm sahə üzrə 59 vacib tədbir"), 12 numbered activities — 11 citing the plan item they
rest on ("MFP-nın 4.1.3 bəndinə əsasən") — and the totals of the events held. The plan is
registered with what the deck states about it and nothing more: the portal does not hold its
table, so each item stays a reference as written (resolved at read time, civic.references).
Safe to run again: unchanged rows are not saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from plans.importers.base import ImportReport, save_plan, upsert
from plans.models import Plan

from ..models import MonitoringActivity, MonitoringProject, Organisation, PlanReference

ACTIVITY_START = re.compile(r"^ ?(\d{1,2})\. (?=\S)", re.MULTILINE)
TOTALS_START = re.compile(r"^ ?Keçirilmiş tədbirlər\s*$", re.MULTILINE)
PLAN_TITLE = re.compile(
    r"(Açıq hökumətin təşviqinə dair (\d{4})-(\d{4})-ci illər üçün Milli Fəaliyyət Planı)"
)
STATED_SCOPE = re.compile(r"Plan (\d+) mühüm sahə üzrə (\d+) vacib tədbiri əhatə edir")
# "Bu fəaliyyət … (MFP)-nın 4.1.3 bəndinə əsasən …" (also "7-ci bəndinə və <another plan>na").
REFERENCE_SENTENCE = re.compile(r"Bu fəaliyyət [^.]*?\(MFP\)-nın .*?bəndinə.*?\.(?=\s|$)")
ITEM = re.compile(r"\(MFP\)-nın (\d+(?:\.\d+)*)(?:-ci)? bəndinə")
OTHER_PLAN = re.compile(r"bəndinə və (.+? Fəaliyyət Planı)na əsasən")
ROUND_TABLES = re.compile(r"(\d+) Dəyirmi Masa keçirilib \(bunlardan (\d+) rayonlarda\)")
PARTICIPANTS = re.compile(r"İştirakçıların ümumi sayı = (\d+)")
STATE_PARTICIPANTS = re.compile(r"Dövlət Qurumlarının nümayəndələri = (\d+)")
FOREIGN_GUESTS = re.compile(r"Xarici qonaqlar = (\d+)")
BROADCASTS = re.compile(r"(\d+) İnternet TV müzakirələri")
LINK = re.compile(r"https?://\S+")
TITLE_EVENTS = re.compile(r"(\d+) dəyirmi masanın keçirilməsi")
DISTRICTS = re.compile(r"\d+ rayonda \(([^)]*?)(?: şəhərləri)?\)")

# The kind is read from the activity's title, first rule that matches.
KIND_RULES = (
    ("təkliflər paket", MonitoringActivity.Kind.PROPOSAL_PACKAGE),
    ("dəyirmi masa", MonitoringActivity.Kind.ROUND_TABLE),
    ("ictimai müzakirə", MonitoringActivity.Kind.ROUND_TABLE),
    ("qiymətləndirilməsi", MonitoringActivity.Kind.ASSESSMENT),
    ("maddi-texniki baza", MonitoringActivity.Kind.CAPACITY),
)


def one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass
class ParsedReference:
    number: str
    plan_as_written: str
    text_as_written: str


@dataclass
class ParsedActivity:
    number: int
    title: str
    text: str
    references: list[ParsedReference] = field(default_factory=list)
    events: int | None = None
    places: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        folded = self.title.lower()
        for phrase, kind in KIND_RULES:
            if phrase in folded:
                return kind
        return MonitoringActivity.Kind.OTHER


@dataclass
class ParsedDeck:
    goal: str = ""
    objectives: str = ""
    plan_title: str = ""
    plan_years: tuple[int, int] | None = None
    plan_statements: list[str] = field(default_factory=list)
    stated_areas: int | None = None
    stated_measures: int | None = None
    activities: list[ParsedActivity] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    link: str = ""


def _paragraphs(text: str) -> list[str]:
    return [one_line(part) for part in re.split(r"\n\s*\n", text) if part.strip()]


def parse_deck(text: str, report: ImportReport) -> ParsedDeck:
    deck = ParsedDeck()
    starts = list(ACTIVITY_START.finditer(text))
    # Activities are numbered 1, 2, 3 … in order; any other "N. " at a line start is text.
    activity_starts = []
    for match in starts:
        if int(match.group(1)) == len(activity_starts) + 1:
            activity_starts.append(match)
    intro = text[: activity_starts[0].start()] if activity_starts else text
    totals_match = TOTALS_START.search(text)
    totals_text = text[totals_match.end() :] if totals_match else ""
    if totals_match is None:
        report.warn("totals", "no 'Keçirilmiş tədbirlər' section")

    paragraphs = _paragraphs(intro)
    for index, paragraph in enumerate(paragraphs):
        if paragraph == "Ümumi məqsəd:" and index + 1 < len(paragraphs):
            deck.goal = paragraphs[index + 1]
        if paragraph == "Xüsusi məqsədlər:":
            deck.objectives = "\n".join(
                p for p in paragraphs[index + 1 : index + 3] if re.match(r"[A-Z]\. ", p)
            )
        if paragraph.startswith("-"):
            deck.plan_statements.append(paragraph.lstrip("-").strip())
    title = PLAN_TITLE.search(one_line(intro))
    if title:
        deck.plan_title = title.group(1)
        deck.plan_years = (int(title.group(2)), int(title.group(3)))
    else:
        report.warn("plan", "the plan's title was not found")
    scope = STATED_SCOPE.search(one_line(intro))
    if scope:
        deck.stated_areas, deck.stated_measures = int(scope.group(1)), int(scope.group(2))

    for position, match in enumerate(activity_starts):
        end = (
            activity_starts[position + 1].start()
            if position + 1 < len(activity_starts)
            else (totals_match.start() if totals_match else len(text))
        )
        # The title runs to the first bullet or "Bu fəaliyyət" (a slide may break it with a
        # blank line); the text keeps one paragraph per sentence block and per bullet.
        flat_block = one_line(text[match.end() : end])
        cut = min(
            (i for i in (flat_block.find("•"), flat_block.find("Bu fəaliyyət")) if i >= 0),
            default=len(flat_block),
        )
        title, flat = flat_block[:cut].strip(), flat_block[cut:].strip()
        body = "\n".join(
            ("• " if index else "") + part.strip()
            for index, part in enumerate(flat.split("•"))
            if part.strip()
        )
        activity = ParsedActivity(number=int(match.group(1)), title=title, text=body)
        for sentence in REFERENCE_SENTENCE.findall(flat):
            item = ITEM.search(sentence)
            if item:
                activity.references.append(ParsedReference(item.group(1), "", sentence))
            other = OTHER_PLAN.search(sentence)
            if other:
                activity.references.append(ParsedReference("", other.group(1), sentence))
        if "(MFP)" in flat and not activity.references:
            report.warn(f"activity {activity.number}", "cites the plan but no item was read")
        events = TITLE_EVENTS.search(title)
        if events:
            activity.events = int(events.group(1))
        districts = DISTRICTS.search(flat)
        if districts:
            activity.places = [
                place.strip() for place in re.split(r",| və ", districts.group(1)) if place.strip()
            ]
        deck.activities.append(activity)

    flat_totals = one_line(totals_text)
    patterns = {
        "participants": PARTICIPANTS,
        "state_participants": STATE_PARTICIPANTS,
        "foreign_guests": FOREIGN_GUESTS,
        "broadcasts": BROADCASTS,
    }
    round_tables = ROUND_TABLES.search(flat_totals)
    if round_tables:
        deck.totals["events"] = int(round_tables.group(1))
        deck.totals["events_in_regions"] = int(round_tables.group(2))
    else:
        report.warn("totals", "the number of round tables was not read")
    for name, pattern in patterns.items():
        found = pattern.search(flat_totals)
        if found:
            deck.totals[name] = int(found.group(1))
        else:
            report.warn("totals", f"{name} was not read")
    link = LINK.search(totals_text)
    deck.link = link.group(0) if link else ""
    return deck


def import_monitoring(path: Path, entry: dict, resolver=None) -> ImportReport:
    """Import one monitoring deck (``entry`` is its ``fixtures/seeds.toml`` table)."""
    report = ImportReport(source=path.name)
    deck = parse_deck(path.read_text(encoding="utf-8"), report)
    plan = None
    if deck.plan_years:
        existing = Plan.objects.filter(slug=entry["plan"]).first()
        description = "\n".join(deck.plan_statements)
        plan = save_plan(
            slug=entry["plan"],
            title=deck.plan_title,
            start_year=deck.plan_years[0],
            end_year=deck.plan_years[1],
            report=report,
            title_en=entry.get("title_en", ""),
            # A plan table imported later brings its own description; keep that one.
            **(
                {"description": description}
                if existing is None or not existing.measures.exists()
                else {}
            ),
            **({"status": Plan.Status.COMPLETED} if existing is None else {}),
        )
    organisation = upsert(
        Organisation,
        {"slug": entry["organisation"]},
        {
            "name": entry["organisation_name"],
            "name_en": entry.get("organisation_name_en", ""),
        },
        report,
    )
    project = upsert(
        MonitoringProject,
        {"slug": entry["project"]},
        {
            "organisation": organisation,
            "goal": deck.goal,
            "objectives": deck.objectives,
            "plan": plan,
            "link": deck.link,
            "source": path.name,
            **{name: deck.totals.get(name) for name in MonitoringProject.FIELDS},
        },
        report,
    )
    for parsed in deck.activities:
        activity = upsert(
            MonitoringActivity,
            {"organisation": organisation, "project": project, "number": parsed.number},
            {
                "title": parsed.title,
                "kind": parsed.kind,
                "text": parsed.text,
                "events": parsed.events,
                "places": "\n".join(parsed.places),
            },
            report,
        )
        wanted = [
            {
                "position": position,
                "plan": plan if reference.number else None,
                "plan_as_written": reference.plan_as_written,
                "number": reference.number,
                "text_as_written": reference.text_as_written,
            }
            for position, reference in enumerate(parsed.references)
        ]
        label = str(PlanReference._meta.verbose_name_plural)
        extra = activity.references.filter(position__gte=len(wanted))
        if extra.exists():
            extra.delete()
            report.updated[label] += 1
        for values in wanted:
            upsert(
                PlanReference,
                {"activity": activity, "position": values.pop("position")},
                values,
                report,
            )
    if deck.stated_measures is None:
        report.warn("plan", "the number of measures the plan covers was not read")
    return report
