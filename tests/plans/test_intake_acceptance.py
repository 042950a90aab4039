"""Issue 10's acceptance: a three-level bilingual plan made by hand imports through the
preview; the misspelt name is to be mapped, nothing is lost, a re-import amends in place."""

from datetime import date

import pytest

from agencies.models import Agency, AgencyCategory
from plans.amendments import LegalBasis
from plans.intake.engine import NeedsBasis, NewPlan, PlanIntake
from plans.intake.names import add_agency, map_name_to_agency
from plans.models import Amendment, Measure, Plan, Priority, SubItem
from tests.plans.intake_helpers import xlsx

pytestmark = pytest.mark.django_db

HEADER = [
    "Nömrə",
    "Kod",
    "Ad",
    "Title (English)",
    "Göstərici",
    "Əsas icraçı",
    "Digər icraçılar",
    "İcra müddəti",
]
CSO = "Açıq Cəmiyyət Təşəbbüsü İctimai Birliyi"
MISSPELT = "Ədliyə Nazirliyi"


def rows(sub_item_deadline="Q4 2023"):
    return [
        HEADER,
        ["1", "C01", "Şəffaflıq", "Transparency", None, None, None, None],
        [
            "1.1",
            "C01.1",
            "Açıq məlumatlar",
            "Open data",
            "Portal işləyir",
            "Ədliyyə Nazirliyi, Rəqəmsal İnkişaf və Nəqliyyat Nazirliyi",
            CSO,
            "Ongoing",
        ],
        [
            "1.1.1",
            "C01.1.1",
            "Məlumat dəstlərinin siyahısı",
            "List of data sets",
            "Siyahı dərc edilib",
            MISSPELT,
            None,
            "By fall 2022",
        ],
        [
            "1.1.2",
            "C01.1.2",
            "Portalın istifadəyə verilməsi",
            "Launch of the portal",
            None,
            "Rəqəmsal İnkişaf və Nəqliyyat Nazirliyi",
            None,
            sub_item_deadline,
        ],
        [
            "1.1.2.1",
            None,
            "Sınaq versiyası",
            "Beta version",
            None,
            None,
            None,
            "IV rüb 2023",
        ],
        ["2", "C02", "Hesabatlılıq", "Accountability", None, None, None, None],
        [
            "2.1",
            "C02.1",
            "İllik hesabat",
            "Annual report",
            "Hesabat dərc edilib",
            "Maliyyə Nazirliyi",
            None,
            "hər il",
        ],
    ]


def test_hand_made_plan_imports_through_the_preview_and_reimport_amends_in_place(seeded):
    data = xlsx(rows())
    intake = PlanIntake(
        name="plan.xlsx",
        data=data,
        new_plan=NewPlan(title="Sınaq planı", slug="trial", start_year=2022, end_year=2024),
    )
    preview = intake.preview()
    assert preview["summary"]["errors"] == 0, preview["errors"]
    assert [(r["number"], r["kind"], r["action"]) for r in preview["rows"]] == [
        ("1", "priority", "created"),
        ("1.1", "measure", "created"),
        ("1.1.1", "sub_item", "created"),
        ("1.1.2", "sub_item", "created"),
        ("1.1.2.1", "sub_item", "created"),
        ("2", "priority", "created"),
        ("2.1", "measure", "created"),
    ]
    names = {entry["name"]: entry["rows"] for entry in preview["unresolved"]}
    assert names == {CSO: [3], MISSPELT: [4]}

    # The officer maps the two names: the misspelling to the ministry, the CSO as a new body.
    justice = Agency.objects.get(slug="edliyye-nazirliyi")
    map_name_to_agency(name=MISSPELT, agency=justice)
    cso = add_agency(name=CSO, category=AgencyCategory.objects.get(code="civil_society"))
    preview = intake.preview()
    assert preview["unresolved"] == []
    summary = intake.apply()
    plan = Plan.objects.get(slug="trial")
    assert plan.status == Plan.Status.DRAFT

    # Rows in = items out.
    items = (
        Priority.objects.filter(plan=plan).count()
        + Measure.objects.filter(plan=plan).count()
        + SubItem.objects.filter(measure__plan=plan).count()
    )
    assert items == len(rows()) - 1 == summary["created"]

    measure = Measure.objects.get(plan=plan, number="1.1")
    assert (measure.title_en, measure.deadline_kind, measure.start_year, measure.end_year) == (
        "Open data",
        "ongoing",
        2022,
        2024,
    )
    assert [(a.role, a.agency.slug) for a in measure.assignments.order_by("position")] == [
        ("main", "edliyye-nazirliyi"),
        ("main", Agency.objects.get(name="Rəqəmsal İnkişaf və Nəqliyyat Nazirliyi").slug),
        ("co", cso.slug),
    ]
    assert cso.category.is_state_body is False
    fall = SubItem.objects.get(measure=measure, number="1.1.1")
    assert (fall.deadline_kind, fall.end_year, fall.deadline_part) == ("season", 2022, 4)
    assert [a.agency for a in fall.assignments.all()] == [justice]
    assert fall.indicators.get().text == "Siyahı dərc edilib"
    q4 = SubItem.objects.get(measure=measure, number="1.1.2")
    assert (q4.deadline_kind, q4.end_year, q4.deadline_part) == ("quarter", 2023, 4)
    deepest = SubItem.objects.get(number="1.1.2.1")
    assert deepest.parent == q4 and deepest.measure == measure
    annual = Measure.objects.get(plan=plan, number="2.1")
    assert (annual.deadline_kind, annual.start_year, annual.end_year) == ("annual", 2022, 2024)

    # The plan comes into force; a second import moves one deadline.
    plan.status = Plan.Status.ACTIVE
    plan.save(update_fields=["status"])
    again = PlanIntake(name="plan.xlsx", data=xlsx(rows("I rüb 2024")), plan=plan)
    preview = again.preview()
    assert preview["summary"]["created"] == preview["summary"]["removed"] == 0
    assert preview["summary"]["changed"] == 1
    changed = next(r for r in preview["rows"] if r["action"] == "changed")
    assert changed["number"] == "1.1.2"
    assert {c["before"] for c in changed["changes"]} >= {"Q4 2023", "4"}
    assert {c["after"] for c in changed["changes"]} >= {"I rüb 2024", "2024", "1"}
    with pytest.raises(NeedsBasis):
        again.apply()
    basis = LegalBasis(number="Sərəncam № 123", date=date(2024, 1, 15), reason="Müddət uzadıldı")
    summary = again.apply(basis=basis)
    assert summary["created"] == 0 and summary["amendments"] == 1
    amendment = Amendment.objects.get(plan=plan)
    assert amendment.sub_item == q4 and amendment.measure == measure
    assert (amendment.legal_basis, amendment.legal_basis_date) == (
        "Sərəncam № 123",
        date(2024, 1, 15),
    )
    assert {c["field"] for c in amendment.changes} == {
        "period_text",
        "end_year",
        "start_year",
        "deadline_part",
    }
    q4.refresh_from_db()
    assert (q4.period_text, q4.end_year, q4.deadline_part) == ("I rüb 2024", 2024, 1)
    assert (
        Priority.objects.filter(plan=plan).count()
        + Measure.objects.filter(plan=plan).count()
        + SubItem.objects.filter(measure__plan=plan).count()
    ) == items
