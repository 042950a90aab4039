"""The portal holds the real documents faithfully: every measure, executor and statement."""

from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from agencies.models import Agency
from agencies.registry import AgencyResolver
from nap_portal.text import name_key
from plans.models import Assignment, Measure, Plan
from reports.models import ProgressReport, ReportingPeriod
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV
from tests.reports.conftest import seed_002_statements

pytestmark = pytest.mark.django_db


def executors(measure: Measure, role: str) -> set[str]:
    return {
        (assignment.agency or assignment.category).name
        for assignment in measure.assignments.filter(role=role)
    }


def test_open_government_plan_has_its_nine_priorities_and_64_measures(seeded):
    plan = seeded[OPEN_GOV]
    assert plan.priorities.count() == 9
    assert plan.measures.count() == 64
    assert (
        plan.title == "Açıq hökumətin təşviqinə dair 2020–2022-ci illər üçün Milli Fəaliyyət Planı"
    )
    assert (plan.start_year, plan.end_year) == (2020, 2022)


def test_open_government_plan_description_comes_from_its_preamble(seeded):
    description = seeded[OPEN_GOV].description
    assert description.startswith("Ölkəmizdə idarəetmə mexanizmlərinin təkmilləşdirilməsi")
    assert "Açıq Hökumət Tərəfdaşlığı" in description or "Açıq hökumət" in description


def test_measure_1_2_obliges_two_categories_and_recommends_the_commission(seeded):
    measure = seeded[OPEN_GOV].measures.get(number="1.2")
    main = measure.assignments.filter(role=Assignment.Role.MAIN)
    assert {a.category.code for a in main} == {"central", "public_entity"}
    assert all(a.agency is None for a in main)
    assert executors(measure, "recommended") == {"Korrupsiyaya qarşı mübarizə üzrə Komissiya"}


def test_central_and_local_phrase_means_both_categories(seeded):
    measure = seeded[OPEN_GOV].measures.get(number="6.3")
    assert {a.category.code for a in measure.assignments.all()} == {"central", "local"}


def test_shifted_executor_cell_of_2_12_is_not_taken_for_an_executor(seeded):
    measure = seeded[OPEN_GOV].measures.get(number="2.12")
    assert measure.assignments.count() == 0
    assert measure.indicator == measure.executors_text


def test_plan_table_periods_are_read_as_years(seeded):
    measures = seeded[OPEN_GOV].measures
    assert (measures.get(number="1.1").start_year, measures.get(number="1.1").end_year) == (
        2020,
        2020,
    )
    assert (measures.get(number="6.3").start_year, measures.get(number="6.3").end_year) == (
        2021,
        2022,
    )


def test_anti_corruption_plan_has_six_priorities_and_62_measures(seeded):
    plan = seeded[ANTI_CORRUPTION]
    assert plan.priorities.count() == 6
    assert plan.measures.count() == 62
    assert "2022–2026" in plan.title


def test_anti_corruption_measure_1_1_executors_and_reporting_agencies(seeded):
    measure = seeded[ANTI_CORRUPTION].measures.get(number="1.1")
    assert executors(measure, "main") == {"Nazirlər Kabineti"}
    assert executors(measure, "recommended") == {
        "Korrupsiyaya qarşı mübarizə üzrə Komissiya",
        "Baş Prokurorluq",
    }
    reporters = set(
        measure.reports.filter(period__year=2022).values_list("agency__name", flat=True)
    )
    assert reporters == {
        "Nazirlər Kabineti",
        "Ədliyyə Nazirliyi",
        "Baş Prokurorluq",
        "Korrupsiyaya qarşı mübarizə üzrə Komissiya",
    }


def test_a_paragraph_without_agency_prefix_continues_the_previous_statement(seeded):
    report = ProgressReport.objects.get(
        measure__plan__slug=ANTI_CORRUPTION,
        measure__number="2.1",
        agency__name="Ədliyyə Nazirliyi",
    )
    assert any(
        paragraph.startswith("Həmçinin “Məhkəmələr və hakimlər haqqında”")
        for paragraph in report.paragraphs
    )


def test_every_statement_line_of_the_consolidated_report_is_in_its_own_measures_reports(seeded):
    cells = seed_002_statements()
    assert len(cells) == 62
    reports = ProgressReport.objects.filter(measure__plan__slug=ANTI_CORRUPTION)
    by_measure: dict[str, list[str]] = {}
    for report in reports.select_related("measure"):
        by_measure.setdefault(report.measure.number, []).extend(report.paragraphs)
    missing = []
    for number, lines in cells.items():
        paragraphs = set(by_measure.get(number, []))
        for line in lines:
            prefix, _, rest = line.partition(":")
            if line not in paragraphs and rest.strip() not in paragraphs:
                missing.append((number, line[:80]))
    assert missing == []
    # …and no report holds a paragraph that is not in its own measure's cell.
    strays = [
        (number, paragraph[:80])
        for number, paragraphs in by_measure.items()
        for paragraph in paragraphs
        if not any(paragraph in line for line in cells[number])
    ]
    assert strays == []


def test_about_sixty_agencies_report_in_2022(seeded):
    agencies = (
        ProgressReport.objects.filter(measure__plan__slug=ANTI_CORRUPTION, period__year=2022)
        .values("agency")
        .distinct()
        .count()
    )
    assert 55 <= agencies <= 65


def test_seed_reports_are_published_in_a_published_2022_period(seeded):
    # The 2016–2018 plan (seed 001) is registered without a table: it has no reports.
    for slug in (OPEN_GOV, ANTI_CORRUPTION):
        period = ReportingPeriod.objects.get(plan=seeded[slug], year=2022)
        assert period.is_published and not period.is_open
    assert not ProgressReport.objects.exclude(state=ProgressReport.State.PUBLISHED).exists()


def test_samux_reports_on_the_seven_items_its_category_obliges(seeded):
    samux = Agency.objects.get(slug="samux-rayon-icra-hakimiyyeti")
    assert samux.category.code == "local"
    reports = ProgressReport.objects.filter(
        agency=samux, period__year=2022, measure__plan__slug=OPEN_GOV
    ).select_related("measure")
    assert sorted(r.measure.number for r in reports) == [
        "1.9",
        "4.1",
        "4.3",
        "5.4",
        "5.5",
        "5.6",
        "6.3",
    ]
    for report in reports:
        assert report.signatory_name == "Kəmalə Xəlilova"
        assert report.signed_on.isoformat() == "2022-12-28"
        assert "İctimai-siyasi" in report.signatory_position
        assert report.measure.assignments.filter(category=samux.category).exists()
    item_5_4 = reports.get(measure__number="5.4")
    assert "nail olmaq imkanı yaradılır." in item_5_4.works_done


def test_no_two_agencies_differ_only_by_case_spacing_or_quotes(seeded):
    keys = [name_key(name) for name in Agency.objects.values_list("name", flat=True)]
    assert len(keys) == len(set(keys))
    alias_keys = set(
        apps.get_model("agencies", "AgencyAlias").objects.values_list("alias_key", flat=True)
    )
    assert not alias_keys & set(keys)


@pytest.mark.parametrize(
    "spellings",
    [
        ["“Azərsu” ASC", '"Azərsu" Açıq Səhmdar Cəmiyyəti', "AZƏRSU ASC"],
        [
            "Korrupsiyaya qarşı mübarizə üzrə Komissiya",
            " Korrupsiyaya qarşı mübarizə üzrə Komissiya",
        ],
        ["Hesablama Palatası", "Hesablaşma Palatası"],
        ["“Azərişıq” ASC", '"Azərişiq" Açıq Səhmdar Cəmiyyəti'],
        ["Baş Prokurorluq", "Baş prokurorluq"],
    ],
)
def test_spellings_the_documents_use_resolve_to_one_agency(seeded, spellings):
    resolver = AgencyResolver(settings.FIXTURES_DIR / "agencies.toml")
    found = {resolver.agency(spelling) for spelling in spellings}
    assert len(found) == 1 and None not in found


def test_import_seeds_twice_changes_no_row_count(seeded):
    def counts():
        return {model._meta.label: model.objects.count() for model in apps.get_models()}

    before = counts()
    out = StringIO()
    call_command("import_seeds", stdout=out, stderr=StringIO())
    assert counts() == before
    assert "nothing changed" in out.getvalue()


def test_import_seeds_prints_a_summary_and_every_warning(seeded):
    out = StringIO()
    call_command("import_seeds", stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "000_07543a1b9e81ab3b.txt" in text and "002_1226d564e9af3c2b.txt" in text
    assert "measure 2.12" in text and "shifted cell" in text
    assert "general phrase kept as text only" in text


def test_a_word_split_by_a_page_break_is_joined_in_the_description(seeded):
    description = seeded[OPEN_GOV].description
    assert "müqavilələr elektron formada bağlanaraq, ödənişlər elektron qaydada" in description
    assert "bağ-" not in description and "\n\nlanaraq" not in description


def test_migration_joins_split_words_of_descriptions_imported_before(seeded):
    join_words = import_module("plans.migrations.0004_join_split_words").join_words
    plan = seeded[OPEN_GOV]
    Plan.objects.filter(pk=plan.pk).update(description="Birinci bağ-\n\nlanaraq, sonra.\n\nİkinci.")
    join_words(apps, None)
    plan.refresh_from_db()
    assert plan.description == "Birinci bağlanaraq, sonra.\n\nİkinci."
