"""Plan intake from the template: round trip of the seed plans, bad files, re-import."""

import pytest

from plans.intake.engine import NewPlan, NotApplicable, PlanIntake
from plans.intake.export import export_plan, template_file
from plans.models import Amendment, Measure, Plan, Priority, SubItem
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV
from tests.plans.intake_helpers import csv_bytes, picture, xlsx

pytestmark = pytest.mark.django_db

HEADER = ["Nömrə", "Ad", "İcraçılar", "İcra müddəti"]


def new_plan(slug="new-plan", years=(2022, 2026)) -> NewPlan:
    return NewPlan(title="Yeni plan", slug=slug, start_year=years[0], end_year=years[1])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("slug", [OPEN_GOV, ANTI_CORRUPTION])
def test_seed_plan_exported_and_imported_as_a_new_plan_is_the_same_plan(seeded, slug, fmt):
    original = seeded[slug]
    name, _, content = export_plan(original, fmt)
    copy_slug = f"copy-{fmt}"
    intake = PlanIntake(
        name=name,
        data=content,
        new_plan=NewPlan(
            title=original.title,
            slug=copy_slug,
            start_year=original.start_year,
            end_year=original.end_year,
        ),
    )
    preview = intake.preview()
    assert preview["refused"] == ""
    assert preview["summary"]["errors"] == 0, preview["errors"][:3]
    assert preview["summary"]["unresolved"] == 0
    summary = intake.apply()
    copy = Plan.objects.get(slug=copy_slug)
    assert summary["created"] == preview["summary"]["rows"]
    before, after = picture(original), picture(copy)
    assert len(after["measures"]) == original.measures.count() > 20
    assert after["priorities"] == before["priorities"]
    for measure_before, measure_after in zip(before["measures"], after["measures"], strict=True):
        assert measure_after == measure_before
    assert after == before
    # Every executor with its role survived (the seeds' roles come from role columns).
    assert sum(len(m["executors"]) for m in after["measures"]) > 50


def test_reimporting_an_exported_plan_changes_nothing(seeded):
    plan = seeded[OPEN_GOV]
    name, _, content = export_plan(plan, "xlsx")
    preview = PlanIntake(name=name, data=content, plan=plan).preview()
    assert preview["summary"]["changed"] == preview["summary"]["created"] == 0
    assert preview["summary"]["removed"] == 0
    assert preview["summary"]["unchanged"] == plan.priorities.count() + plan.measures.count()


def test_the_template_reads_back_its_own_example(seeded):
    for fmt in ("xlsx", "csv"):
        name, _, content = template_file(fmt)
        preview = PlanIntake(name=name, data=content, new_plan=new_plan()).preview()
        assert preview["summary"]["errors"] == 0, preview["errors"]
        rows = preview["rows"]
        assert [(row["kind"], row["number"]) for row in rows] == [
            ("priority", "1"),
            ("measure", "1.1"),
        ]
        assert "2023" in rows[1]["deadline"]


def refused(data: bytes, name: str = "plan.xlsx") -> str:
    preview = PlanIntake(name=name, data=data, new_plan=new_plan()).preview()
    return preview["refused"]


def errors_of(data: bytes, name: str = "plan.csv") -> list[dict]:
    intake = PlanIntake(name=name, data=data, new_plan=new_plan())
    preview = intake.preview()
    assert preview["refused"] == ""
    with pytest.raises(NotApplicable):
        intake.apply()
    assert not Plan.objects.filter(slug="new-plan").exists()
    return [e for row in preview["rows"] for e in row["errors"]] + preview["errors"]


def test_a_file_that_is_not_a_spreadsheet_is_refused(seeded, english):
    assert "not a spreadsheet" in refused(b"%PDF-1.7\n\x00\x01binary")
    assert "not a spreadsheet" in refused(b"PK\x03\x04 broken zip")
    assert "empty" in refused(b"   ", name="plan.csv")


def test_unknown_headers_are_named(seeded, english):
    message = refused(csv_bytes([["Nömrə", "Ad", "Büdcə"], ["1", "Bir"]]), "plan.csv")
    assert "Unknown column headers" in message and "“Büdcə”" in message


def test_english_headers_are_accepted(seeded):
    data = csv_bytes([["Number", "Title", "Executors", "Deadline"], ["1", "One", "", ""]])
    assert refused(data, "plan.csv") == ""


def test_duplicate_numbers_are_errors_at_their_row(seeded, english):
    data = csv_bytes([HEADER, ["1", "Bir", "", ""], ["1.1", "A", "", ""], ["1.1", "B", "", ""]])
    errors = errors_of(data)
    assert [(e["row"], e["cell"]) for e in errors] == [(4, "1.1")]
    assert "already on row 3" in errors[0]["message"]


def test_a_sub_item_without_its_parent_is_an_error(seeded, english):
    data = csv_bytes([HEADER, ["1", "Bir", "", ""], ["1.1", "A", "", ""], ["1.2.3", "B", "", ""]])
    errors = errors_of(data)
    assert [(e["row"], e["cell"]) for e in errors] == [(4, "1.2.3")]
    assert "parent 1.2 is not in the file" in errors[0]["message"]


def test_a_file_over_the_size_limit_is_refused_before_reading(seeded, english):
    data = b"PK\x03\x04" + b"\x00" * (20 * 1024 * 1024)
    message = refused(data)
    assert "20.0 MB" in message and "limit is 10 MB" in message


def test_formulas_in_cells_are_errors(seeded, english):
    data = xlsx([HEADER, ["1", "Bir"], ["1.1", '=HYPERLINK("http://x")', "", "2023"]])
    errors = errors_of(data, "plan.xlsx")
    assert [(e["row"], e["column"]) for e in errors] == [(3, "Ad")]
    assert "formula" in errors[0]["message"]
    errors = errors_of(csv_bytes([HEADER, ["1", "Bir"], ["1.1", "A", "@SUM(A1)", ""]]))
    assert [(e["row"], e["column"], e["cell"]) for e in errors] == [(3, "İcraçılar", "@SUM(A1)")]


def test_a_5000_row_file_with_one_bad_row_reports_that_row_and_saves_nothing(seeded, english):
    rows = [HEADER]
    for priority in range(1, 51):
        rows.append([str(priority), f"Prioritet {priority}", "", ""])
        for measure in range(1, 100):
            rows.append([f"{priority}.{measure}", f"Tədbir {priority}.{measure}", "", "2023"])
    rows[2345][3] = "2024-2022"  # unknown deadline: not an error
    rows[3456][1] = ""  # no title: the one bad row
    assert len(rows) == 5001
    errors = errors_of(csv_bytes(rows))
    assert [(e["row"], e["column"]) for e in errors] == [(3457, "Ad")]
    assert Measure.objects.filter(plan__slug="new-plan").count() == 0


def test_csv_with_semicolons_and_a_windows_encoding_is_read(seeded):
    data = csv_bytes(
        [HEADER, ["1", "Prioritet"], ["1.1", "Tədbir", "Ədliyyə Nazirliyi", "IV rüb 2021"]],
        delimiter=";",
        encoding="utf-8-sig",
    )
    intake = PlanIntake(name="plan.csv", data=data, new_plan=new_plan())
    preview = intake.preview()
    assert preview["summary"]["errors"] == 0
    intake.apply()
    measure = Measure.objects.get(plan__slug="new-plan", number="1.1")
    assert (measure.deadline_kind, measure.deadline_part, measure.end_year) == ("quarter", 4, 2021)
    assert [a.agency.slug for a in measure.assignments.all()] == ["edliyye-nazirliyi"]


def test_unknown_deadline_is_kept_as_written_with_the_plans_years(seeded):
    data = csv_bytes([HEADER, ["1", "P"], ["1.1", "T", "", "Qanun qəbul edildikdən sonra"]])
    intake = PlanIntake(name="plan.csv", data=data, new_plan=new_plan(years=(2022, 2026)))
    intake.apply()
    measure = Measure.objects.get(plan__slug="new-plan", number="1.1")
    assert measure.period_text == "Qanun qəbul edildikdən sonra"
    assert (measure.deadline_kind, measure.start_year, measure.end_year) == ("unknown", 2022, 2026)
    assert Priority.objects.filter(plan__slug="new-plan").count() == 1
    assert SubItem.objects.count() == 0
    assert Amendment.objects.count() == 0


@pytest.fixture
def english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_numeric_indicators_with_baseline_and_targets_are_imported_and_compared(seeded, english):
    header = [
        "Nömrə",
        "Ad",
        "Göstərici",
        "Ölçü vahidi",
        "Başlanğıc dəyər",
        "Başlanğıc ili",
        "Hədəflər",
    ]
    rows = [
        header,
        ["1", "P", "", "", "", "", ""],
        ["1.1", "T", "Say\nPortal işləyir", "ədəd", "12,5", "2021", "2023: 20; 2024: 30"],
    ]
    intake = PlanIntake(name="p.csv", data=csv_bytes(rows), new_plan=new_plan())
    intake.apply()
    measure = Measure.objects.get(plan__slug="new-plan", number="1.1")
    first, second = measure.indicators.order_by("position")
    assert (first.text, first.unit, str(first.baseline.normalize()), first.baseline_year) == (
        "Say",
        "ədəd",
        "12.5",
        2021,
    )
    assert [(t.year, int(t.value)) for t in first.targets.order_by("year")] == [
        (2023, 20),
        (2024, 30),
    ]
    assert (second.text, second.unit, second.baseline) == ("Portal işləyir", "", None)
    assert measure.indicator == "Say\nPortal işləyir"
    plan = Plan.objects.get(slug="new-plan")
    assert (
        PlanIntake(name="p.csv", data=csv_bytes(rows), plan=plan).preview()["summary"]["unchanged"]
        == 2
    )
    rows[2][6] = "2023: 20; 2024: 35"
    preview = PlanIntake(name="p.csv", data=csv_bytes(rows), plan=plan).preview()
    (changed,) = [row for row in preview["rows"] if row["action"] == "changed"]
    assert [c["field"] for c in changed["changes"]] == ["indicators"]
    assert "2024: 35" in changed["changes"][0]["after"]


def test_text_that_looks_like_a_formula_is_exported_quoted_and_reads_back_as_written(seeded):
    plan = seeded[OPEN_GOV]
    measure = plan.measures.get(number="1.1")
    measure.title = "=2+2 is not a formula here"
    measure.save(update_fields=["title"])
    for fmt in ("csv", "xlsx"):
        name, _, content = export_plan(plan, fmt)
        if fmt == "csv":
            assert "'=2+2 is not a formula here" in content.decode("utf-8-sig")
        preview = PlanIntake(name=name, data=content, plan=plan).preview()
        assert preview["summary"]["errors"] == 0 and preview["summary"]["changed"] == 0
