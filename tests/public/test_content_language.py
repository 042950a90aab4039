"""Content in the reader's language (nap_portal.content_language): English and Russian
names where they exist, the Azerbaijani text otherwise, marked lang="az"; a reader's order.

The acceptance tests read every agency, measure and agency page of the seeds."""

import copy
import pickle

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from agencies.models import Agency
from nap_portal.content_language import localized, localized_sorted, sort_key
from plans.models import Measure
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV
from tests.factories import AgencyFactory
from tests.tools.html_lang import LangPage

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load content %}" + source).render(Context(context))


# --- the rule -------------------------------------------------------------------------------


def test_a_translation_is_shown_in_its_language_and_azerbaijani_is_the_fallback():
    agency = Agency(name="Samux Rayon İcra Hakimiyyəti", name_en="Samukh District", name_ru="")
    english = localized(agency, "name", "en")
    assert (english.text, english.lang, english.fell_back) == ("Samukh District", "en", False)
    russian = localized(agency, "name", "ru")
    assert (russian.text, russian.lang, russian.fell_back) == (agency.name, "az", True)
    azerbaijani = localized(agency, "name", "az")
    assert (azerbaijani.text, azerbaijani.lang, azerbaijani.fell_back) == (agency.name, "az", False)
    agency.name_ru = "  "  # blank is no translation
    assert localized(agency, "name", "ru").fell_back


def test_templates_mark_text_that_is_not_in_the_pages_language():
    agency = Agency(name="Ədliyyə <Nazirliyi>", name_en="", name_ru="Министерство юстиции")
    with translation.override("en"):
        assert render('{{ a|tr:"name" }}', a=agency) == (
            '<span lang="az">Ədliyyə &lt;Nazirliyi&gt;</span>'
        )
        assert render('{{ a|tr_text:"name" }}', a=agency) == "Ədliyyə &lt;Nazirliyi&gt;"
        assert render("<p{% lang_attr %}>{{ t|az }}</p>", t="Hesabat") == (
            '<p lang="az"><span lang="az">Hesabat</span></p>'
        )
    with translation.override("ru"):
        assert render('{{ a|tr:"name" }}', a=agency) == "Министерство юстиции"
    with translation.override("az"):
        assert render('{{ a|tr:"name" }}', a=agency) == "Ədliyyə &lt;Nazirliyi&gt;"
        assert render("<p{% lang_attr %}>{{ t|az }}</p>", t="Hesabat") == "<p>Hesabat</p>"


def test_shortened_text_keeps_its_language_and_whole_words():
    measure = Measure(title="Korrupsiyaya qarşı mübarizə sahəsində vətəndaş cəmiyyəti ilə")
    with translation.override("en"):
        short = localized(measure, "title").truncated_chars(30)
        assert short.text == "Korrupsiyaya qarşı mübarizə…" and short.lang == "az"
        assert str(short).startswith('<span lang="az">')
        assert render('{{ m|tr:"title"|words:2 }}', m=measure) == (
            '<span lang="az">Korrupsiyaya qarşı…</span>'
        )


def test_lists_are_in_the_readers_order():
    names = [
        ("Ədliyyə Nazirliyi", "Ministry of Justice", "Министерство юстиции"),
        ("“Azərsu” ASC", "Azersu OJSC", "ОАО «Азерсу»"),
        ("Baş Prokurorluq", "prosecutor General's Office", ""),
        ("Xarici İşlər Nazirliyi", "", "Министерство иностранных дел"),
        ("Energetika Nazirliyi", "Ministry of Energy", "Ёлочный комитет"),
    ]
    agencies = [Agency(name=az, name_en=en, name_ru=ru) for az, en, ru in names]

    def order(language):
        return [
            localized(a, "name", language).text
            for a in localized_sorted(agencies, "name", language)
        ]

    assert order("az") == [
        "“Azərsu” ASC",
        "Baş Prokurorluq",
        "Energetika Nazirliyi",
        "Ədliyyə Nazirliyi",  # ə after e, before the x of "Xarici"
        "Xarici İşlər Nazirliyi",
    ]
    # English: case, quotes and Azerbaijani letters do not decide; a fallback sorts by its
    # words ("Xarici" under X).
    assert order("en") == [
        "Azersu OJSC",
        "Ministry of Energy",
        "Ministry of Justice",
        "prosecutor General's Office",
        "Xarici İşlər Nazirliyi",
    ]
    # Russian: ё as е; names without a Russian one (Azerbaijani, Latin) before Cyrillic.
    assert order("ru") == [
        "Baş Prokurorluq",
        "Ёлочный комитет",
        "Министерство иностранных дел",
        "Министерство юстиции",
        "ОАО «Азерсу»",
    ]
    # An Azerbaijani fallback on an English page reads its letters as Latin ones: ə as e.
    fallback = Agency(name="Ədliyyə Nazirliyi", name_en="")
    ordered = localized_sorted([agencies[2], fallback, agencies[4]], "name", "en")
    assert ordered == [fallback, agencies[4], agencies[2]]
    assert sort_key(fallback, "name", "en") < sort_key(agencies[4], "name", "en")


# --- acceptance: English names of every seed agency -----------------------------------------


def get(client, url: str, language: str, **params) -> LangPage:
    client.cookies.load({"django_language": language})
    response = client.get(url, params)
    assert response.status_code == 200, url
    page = LangPage(response.content.decode())
    page.url = url
    return page


def assert_agency_links_in_english(page: LangPage, agencies: dict[str, Agency]) -> set[str]:
    """Every link to an agency page reads the agency's English name; the slugs linked."""
    linked = set()
    for link in page.links:
        slug = link.href.removeprefix("/agencies/").rstrip("/")
        if link.href.startswith("/agencies/") and slug in agencies:
            agency = agencies[slug]
            if agency.name_en:
                assert link.text == agency.name_en, (page.url, link.text)
                assert link.lang == "en", (page.url, link.text)
            linked.add(slug)
    return linked


@pytest.fixture
def agencies(seeded):
    return {agency.slug: agency for agency in Agency.objects.active()}


def test_the_seeds_have_an_english_name_for_every_agency(agencies):
    assert len(agencies) > 60 and all(a.name_en for a in agencies.values())


@pytest.mark.parametrize("slug", [OPEN_GOV, ANTI_CORRUPTION])
def test_in_english_the_board_names_every_agency_in_english(client, seeded, agencies, slug):
    plan = seeded[slug]
    url = reverse("plans:board", args=[slug])
    first = get(client, url, "en")
    options = [(value, lang, text) for value, lang, text in first.options if value in agencies]
    assert options, "the agency filter lists the plan's agencies"
    for value, lang, text in options:
        assert text == agencies[value].name_en and lang == "en", (value, text, lang)
    linked = set()
    pages = (plan.measures.count() + 24) // 25
    for number in range(1, pages + 1):
        page = first if number == 1 else get(client, url, "en", page=number)
        linked |= assert_agency_links_in_english(page, agencies)
        assert page.unmarked_azerbaijani() == [], (number, page.unmarked_azerbaijani()[:5])
    named = set(
        plan.measures.filter(assignments__agency__is_active=True).values_list(
            "assignments__agency__slug", flat=True
        )
    )
    assert named and named <= linked  # every agency the plan names, seen on the board


def test_in_english_every_agency_page_shows_the_english_name_alone(client, agencies):
    for agency in agencies.values():
        url = agency.get_absolute_url()
        page = get(client, url, "en")
        heading = [t.text.strip() for t in page.body_texts() if t.path[-1] == "h1"]
        assert heading == [agency.name_en], (url, heading)
        english = " ".join(t.text for t in page.body_texts() if not t.lang.startswith("az"))
        assert agency.name not in english, url  # never the Azerbaijani name beside it
        assert page.unmarked_azerbaijani() == [], (url, page.unmarked_azerbaijani()[:5])


def test_in_english_every_measure_page_names_its_agencies_in_english(client, seeded, agencies):
    linked = set()
    for measure in Measure.objects.filter(plan__in=seeded.values()).select_related("plan"):
        page = get(client, measure.get_absolute_url(), "en")
        linked |= assert_agency_links_in_english(page, agencies)
        assert page.unmarked_azerbaijani() == [], (measure.number, page.unmarked_azerbaijani()[:5])
    assert len(linked) > 60  # nearly every agency is an executor somewhere


# --- acceptance: Azerbaijani on English and Russian pages is marked lang="az" ----------------


def public_pages(seeded):
    yield reverse("plans:home"), {}
    yield reverse("agencies:list"), {}
    yield reverse("agencies:list"), {"q": "nazirliyi"}
    yield reverse("plans:search"), {"q": "edliyye"}
    yield reverse("plans:search"), {"q": "korrupsiya"}
    yield reverse("plans:search"), {"q": "edliye"}  # nothing found: "did you mean"
    for slug in (OPEN_GOV, ANTI_CORRUPTION):
        board = reverse("plans:board", args=[slug])
        yield board, {}
        yield board, {"q": "korrupsiya", "priority": "2", "agency": "edliyye-nazirliyi"}
        yield board, {"priority": "1", "agency": "samux-rayon-icra-hakimiyyeti"}
        yield reverse("plans:measure", args=[slug, "2.1"]), {}
    yield reverse("agencies:detail", args=["samux-rayon-icra-hakimiyyeti"]), {}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_azerbaijani_fragment_is_marked(client, seeded, language):
    for url, params in public_pages(seeded):
        page = get(client, url, language, **params)
        assert page.unmarked_azerbaijani() == [], (url, params, page.unmarked_azerbaijani()[:5])


def test_russian_pages_speak_russian_and_fall_back_to_azerbaijani(client, seeded):
    AgencyFactory(name="Rus adı olan qurum", name_ru="Ведомство с русским названием")
    page = get(client, reverse("plans:home"), "ru")
    assert "Национальные планы действий" in " ".join(t.text for t in page.texts)
    board = get(client, reverse("plans:board", args=[ANTI_CORRUPTION]), "ru")
    azerbaijani = [t.text for t in board.body_texts() if t.lang == "az"]
    assert seeded[ANTI_CORRUPTION].title in azerbaijani  # no Russian title: the adopted one
    listing = get(client, reverse("agencies:list"), "ru")
    russian = [t for t in listing.body_texts() if t.text == "Ведомство с русским названием"]
    assert russian and russian[0].lang == "ru"


def test_the_language_switch_offers_the_two_other_languages(client, seeded):
    for language, others in [("az", ["en", "ru"]), ("en", ["az", "ru"]), ("ru", ["az", "en"])]:
        client.cookies.load({"django_language": language})
        html = client.get("/").content.decode()
        switch = html[
            html.index('class="language-switch"') : html.index(
                "</form>", html.index('class="language-switch"')
            )
        ]
        offered = [code for code in ["az", "en", "ru"] if f'value="{code}"' in switch]
        assert offered == others, language
        assert f'<html lang="{language}">' in html


def test_the_checker_finds_unmarked_azerbaijani():
    page = LangPage(
        '<html lang="en"><head><title>Ədliyyə</title></head><body><p>Ministry <b>Ədliyyə</b></p>'
        '<p lang="az">Ədliyyə <span>Nazirliyi</span></p><select><option lang="az">Şəki</option>'
        "</select></body></html>"
    )
    assert page.unmarked_azerbaijani() == ["Ədliyyə"]  # the <b>; the title cannot be marked
    assert page.options == [["", "az", "Şəki"]]


def test_a_shown_text_survives_copying():
    with translation.override("en"):
        shown = localized(Agency(name="Ədliyyə Nazirliyi", name_en=""), "name")
    for clone in (copy.deepcopy(shown), pickle.loads(pickle.dumps(shown))):
        assert (clone.text, clone.lang, clone.fell_back, str(clone)) == (
            "Ədliyyə Nazirliyi",
            "az",
            True,
            '<span lang="az">Ədliyyə Nazirliyi</span>',
        )
