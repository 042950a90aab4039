"""The Azerbaijani stemmer: every form of a word meets its dictionary form in one search key."""

import pytest

from nap_portal.stemming import stems
from nap_portal.text import fold

# (dictionary form, inflected form), each inflected form as written in the seed documents
# (fixtures/documents/) but the "məhkəmələrində": cases, plural, possessives, and the
# q/ğ and k/y alternations. The dictionary form need not occur itself.
WORD_PAIRS = [
    ("şəffaflıq", "şəffaflığın"),
    ("şəffaflıq", "şəffaflığının"),
    ("şəffaflıq", "şəffaflığı"),
    ("korrupsiya", "korrupsiyaya"),
    ("korrupsiya", "korrupsiyanın"),
    ("məhkəmə", "məhkəmələrində"),  # the example
    ("məhkəmə", "məhkəmələrinin"),
    ("məhkəmə", "məhkəmələrdə"),
    ("məhkəmə", "məhkəməyə"),
    ("məhkəmə", "məhkəmədən"),
    ("məhkəmə", "məhkəməsində"),
    ("nazirlik", "nazirliyinin"),
    ("nazirlik", "nazirliyə"),
    ("nazirlik", "nazirliyində"),
    ("qanunvericilik", "qanunvericiliyin"),
    ("qanunvericilik", "qanunvericiliyə"),
    ("agentlik", "agentliyinin"),
    ("agentlik", "agentliyi"),
    ("prokurorluq", "prokurorluğu"),
    ("prokurorluq", "prokurorluğa"),
    ("hesabatlılıq", "hesabatlılığın"),
    ("məlumatlılıq", "məlumatlılığın"),
    ("əməkdaşlıq", "əməkdaşlığın"),
    ("xidmət", "xidmətlərinin"),
    ("xidmət", "xidmətinə"),
    ("dövlət", "dövlətin"),
    ("komissiya", "komissiyasının"),
    ("komissiya", "komissiyaya"),
    ("fəaliyyət", "fəaliyyətinin"),
    ("nəzarət", "nəzarətində"),
    ("vətəndaş", "vətəndaşlara"),
    ("cəmiyyət", "cəmiyyətin"),
    ("layihə", "layihələrinin"),
    ("mexanizm", "mexanizmlərinin"),
    ("müraciət", "müraciətlərinə"),
    ("sənəd", "sənədlərinin"),
    ("büdcə", "büdcəsindən"),
    ("portal", "portalında"),
    ("proqram", "proqramlarının"),
    ("bələdiyyə", "bələdiyyələrdə"),
    ("ərazi", "ərazisində"),
    ("sahə", "sahələrində"),
    ("palata", "palatasının"),
    ("tədbir", "tədbirlərinin"),
    ("strategiya", "strategiyası"),
    ("inkişaf", "inkişafının"),
    ("ictimaiyyət", "ictimaiyyətin"),
    ("vətəndaş", "vətəndaşların"),
    ("mübarizə", "mübarizənin"),
    ("şikayət", "şikayətlərin"),
    ("tövsiyə", "tövsiyələrin"),
    ("qurum", "qurumların"),
    ("orqan", "orqanlarının"),
    ("monitorinq", "monitorinqlərin"),
    ("maraq", "maraqlar"),
    ("ehtiyac", "ehtiyaclarının"),
    ("imkan", "imkanların"),
    ("prinsip", "prinsiplərinin"),
    ("tələb", "tələblərinə"),
    ("sorğu", "sorğularının"),
    ("platforma", "platformasının"),
    ("qayda", "qaydaların"),
]

# Pairs whose dictionary form also begins derived words ("qanun" → "qanunvericilik",
# "məlumat" → "məlumatlandırma"): the dictionary form, a word prefix, finds those too, so
# the inflected form finds a subset — every measure with a form of the word itself.
DERIVED_PREFIX_PAIRS = [
    ("məlumat", "məlumatların"),
    ("məlumat", "məlumatlardan"),
    ("hüquq", "hüquqlarının"),
    ("vəzifə", "vəzifələrə"),
    ("əməkdaş", "əməkdaşlarına"),
    ("təşkilat", "təşkilatlarla"),
    ("hesabat", "hesabatlarının"),
    ("qanun", "qanununun"),
    ("icra", "icrasının"),
]


def keys(word: str) -> frozenset[str]:
    return stems(fold(word))


def test_the_table_has_at_least_forty_pairs():
    assert len(WORD_PAIRS) >= 40


@pytest.mark.parametrize(("dictionary", "inflected"), WORD_PAIRS + DERIVED_PREFIX_PAIRS)
def test_inflected_form_shares_a_key_with_its_dictionary_form(dictionary, inflected):
    assert keys(inflected) & keys(dictionary)


@pytest.mark.parametrize(
    ("typed", "written"),
    [("seffafligin", "şəffaflıq"), ("mehkemelerinde", "Məhkəmə"), ("NAZİRLİYİNİN", "nazirlik")],
)
def test_key_is_the_same_typed_without_diacritics_or_in_capitals(typed, written):
    assert keys(typed) == keys(written)


def test_keys_are_fixed_points():
    for _dictionary, inflected in WORD_PAIRS:
        for key in keys(inflected):
            assert stems(key) == {key}


@pytest.mark.parametrize("word", ["bağ", "2022", "il", "korr", "2022ci"])
def test_short_words_and_numbers_are_their_own_key(word):
    assert keys(word) == {fold(word)}


def test_alternation_only_in_words_of_several_syllables():
    assert keys("bağı") == {"bag"}
    assert keys("şəffaflığa") == keys("şəffaflıq") == {"seffafliq"}
    assert keys("nazirliyə") == keys("nazirlik") == {"nazirlik"}


def test_a_buffer_consonant_that_may_belong_to_the_word_gives_two_keys():
    assert keys("planının") == {"plan", "pla"}
    assert keys("korrupsiyanın") & keys("korrupsiya")
