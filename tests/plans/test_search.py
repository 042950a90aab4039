"""Azerbaijani search: case folding, optional diacritics, word prefixes, all words, highlighting."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from plans.models import Measure
from plans.search import (
    Vocabulary,
    did_you_mean,
    highlight,
    index_text,
    matches,
    query_words,
    search_measures,
    snippet,
)
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV
from tests.test_stemming import DERIVED_PREFIX_PAIRS, WORD_PAIRS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so assertions on UI text hold whatever the Azerbaijani catalog says."""
    client.cookies.load({"django_language": "en"})


def numbers(queryset) -> set[str]:
    return set(queryset.values_list("number", flat=True))


@pytest.mark.parametrize("q", ["ƏDLİYYƏ", "ədliyyə", "edliyye", "Ədliyyə nazirliyi", "EDLIYYE"])
def test_every_spelling_of_edliyye_finds_the_ministry_of_justice(seeded, q):
    plan = seeded[ANTI_CORRUPTION]
    found = numbers(search_measures(Measure.objects.filter(plan=plan), q))
    assert "2.1" in found  # Ədliyyə Nazirliyi is an executor and reports on 2.1
    assert found == numbers(search_measures(Measure.objects.filter(plan=plan), "Ədliyyə"))


def test_capital_dotless_i_query_finds_dotted_capital_i(seeded):
    found = numbers(search_measures(Measure.objects.all(), "IQTISADIYYAT"))
    expected = {
        m.number
        for m in Measure.objects.all()
        if "İqtisadiyyat" in m.title + m.indicator + m.executors_text
    }
    assert expected and expected <= found


def test_query_word_matches_word_prefixes(seeded):
    plan = seeded[OPEN_GOV]
    found = numbers(search_measures(Measure.objects.filter(plan=plan), "korrupsiya"))
    titles = {m.number for m in plan.measures.all() if "Korrupsiyaya" in m.title}
    assert titles and titles <= found
    # A prefix, never a middle of a word: "rupsiya" finds nothing.
    assert not search_measures(Measure.objects.filter(plan=plan), "rupsiya").exists()


def test_several_words_must_all_match(seeded):
    every = Measure.objects.filter(plan=seeded[ANTI_CORRUPTION])
    one = numbers(search_measures(every, "edliyye"))
    two = numbers(search_measures(every, "edliyye elektron"))
    assert two and two < one
    for measure in every.filter(number__in=two):
        assert " elektron" in measure.search_text and " edliyye" in measure.search_text


def test_query_words_fold_and_drop_words_that_prefix_others():
    assert query_words("  Korrupsiya KORR  ədliyyə ") == ["korrupsiya", "edliyye"]
    assert query_words("") == []


def test_python_and_database_matching_agree(seeded):
    measures = Measure.objects.filter(plan=seeded[ANTI_CORRUPTION])
    for q in ["edliyye", "korrupsiya seffaf", "İQTİSADİYYAT nazirliyi"]:
        words = query_words(q)
        in_python = {m.number for m in measures if matches(m.search_text, words)}
        assert in_python == numbers(search_measures(measures, q))


def test_highlight_marks_the_matching_prefix_in_the_original_spelling():
    html = highlight("Ədliyyə Nazirliyi və <b>İQTİSADİYYAT</b>", query_words("edliyye iqtis"))
    assert "<mark>Ədliyyə</mark> Nazirliyi" in html
    assert "&lt;b&gt;<mark>İQTİS</mark>ADİYYAT&lt;/b&gt;" in html


def test_snippet_is_cut_around_the_first_match():
    text = "Söz " * 100 + "Korrupsiyaya qarşı mübarizə" + " son" * 100
    part = snippet(text, ["korrupsiya"], width=80)
    assert "<mark>Korrupsiya</mark>ya" in part and part.startswith("… ") and part.endswith(" …")
    assert snippet(text, ["yoxdur"]) is None


def test_index_text_is_padded_folded_words_then_their_search_keys():
    assert index_text("2.11", "“Azərsu” ASC") == " 2 11 azersu asc azers "
    assert index_text("Məhkəmə məhkəmələrində") == " mehkeme mehkemelerinde mehkem "


def test_board_q_searches_titles_executors_and_published_report_texts(client, seeded):
    url = reverse("plans:board", args=[ANTI_CORRUPTION])
    page = client.get(url, {"q": "edliyye"}).content.decode()
    assert "Ministry of Justice" in page  # found by its Azerbaijani name, shown in English
    client.cookies.load({"django_language": "az"})
    page = client.get(url, {"q": "edliyye"}).content.decode()
    assert "<mark>Ədliyyə</mark> Nazirliyi" in page
    client.cookies.load({"django_language": "en"})
    # A phrase found only in the text of a published statement on 2.1.
    page = client.get(url, {"q": "Məhkəmələr və hakimlər haqqında"}).content.decode()
    assert ">2.1<" in page


def test_search_page_shows_plan_measure_and_highlighted_hit(client, seeded):
    page = client.get(reverse("plans:search"), {"q": "ƏDLİYYƏ HAKİMLƏR"}).content.decode()
    assert seeded[ANTI_CORRUPTION].title_en in page  # the plan's English title, in English
    assert reverse("plans:measure", args=[ANTI_CORRUPTION, "2.1"]) in page
    assert "Ministry of Justice" in page and "<mark>" in page
    client.cookies.load({"django_language": "az"})
    page = client.get(reverse("plans:search"), {"q": "ƏDLİYYƏ HAKİMLƏR"}).content.decode()
    assert "<mark>Ədliyyə</mark>" in page


def test_search_page_without_a_query_lists_nothing(client, seeded):
    response = client.get(reverse("plans:search"))
    assert response.status_code == 200
    assert "search-results" not in response.content.decode()


def test_agency_list_search_folds_azerbaijani(client, seeded):
    page = client.get(reverse("agencies:list"), {"q": "EDLIYYE"}).content.decode()
    assert "Ministry of Justice" in page and "Ədliyyə Nazirliyi" not in page
    assert "Samux" not in page and "Samukh" not in page
    client.cookies.load({"django_language": "az"})
    page = client.get(reverse("agencies:list"), {"q": "EDLIYYE"}).content.decode()
    assert "<mark>Ədliyyə</mark> Nazirliyi" in page


@pytest.mark.parametrize(("dictionary", "inflected"), WORD_PAIRS)
def test_inflected_form_finds_the_measures_of_its_dictionary_form(seeded, dictionary, inflected):
    measures = Measure.objects.all()
    found = numbers(search_measures(measures, dictionary))
    assert found, dictionary
    assert numbers(search_measures(measures, inflected)) == found


@pytest.mark.parametrize(("dictionary", "inflected"), DERIVED_PREFIX_PAIRS)
def test_inflected_form_finds_the_dictionary_forms_measures_but_derived_words(
    seeded, dictionary, inflected
):
    measures = Measure.objects.all()
    found = numbers(search_measures(measures, inflected))
    assert found and found <= numbers(search_measures(measures, dictionary))
    # Every measure with the dictionary form itself as a word is found.
    word = query_words(dictionary)[0]
    assert numbers(measures.filter(search_text__contains=f" {word} ")) <= found


def test_dictionary_form_finds_what_the_issue_missed(seeded):
    """Before: "şəffaflıq" found 2 measures of the anti-corruption board, "şəffaflığın" 15."""
    measures = Measure.objects.filter(plan=seeded[ANTI_CORRUPTION])
    found = numbers(search_measures(measures, "şəffaflıq"))
    assert found == numbers(search_measures(measures, "şəffaflığın"))
    assert len(found) > 2


def test_highlight_marks_a_word_found_through_its_key():
    html = highlight("Məhkəmələrində şəffaflığın artırılması", query_words("məhkəmə şəffaflıq"))
    # A prefix match marks the prefix; a match through the key marks the whole word.
    assert html == "<mark>Məhkəmə</mark>lərində <mark>şəffaflığın</mark> artırılması"


def test_search_without_results_suggests_a_close_indexed_word(client, seeded):
    page = client.get(reverse("plans:search"), {"q": "korrupsyia"}).content.decode()
    assert "Did you mean:" in page
    assert '<a href="?q=korrupsiyaya">korrupsiyaya</a>' in page or "?q=korrupsiya" in page
    page = client.get(reverse("plans:search"), {"q": "qwxzvbnm"}).content.decode()
    assert "Did you mean" not in page


def test_did_you_mean_keeps_known_words_and_replaces_the_unknown():
    vocabulary = Vocabulary.of(["Ədliyyə Nazirliyi şəffaflığın artırılması"])
    assert did_you_mean("ədliyyə şefaflıq", vocabulary) == "ədliyyə şəffaflığın"
    assert did_you_mean("ədliyyə nazir", vocabulary) is None  # every word is known
    assert did_you_mean("zzzzzz", vocabulary) is None


def test_migration_adds_the_keys_to_an_index_of_words(seeded):
    add_search_keys = import_module("plans.migrations.0003_search_keys").add_search_keys
    measure = Measure.objects.filter(search_text__contains=" seffafligin").first()
    words_only = " ".join(w for w in measure.search_text.split() if w != "seffafliq")
    Measure.objects.filter(pk=measure.pk).update(search_text=f" {words_only} ")
    add_search_keys(apps, None)
    measure.refresh_from_db()
    assert " seffafliq " in measure.search_text
    assert measure.search_text == index_text(measure.search_text)
