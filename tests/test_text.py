from nap_portal.text import (
    KeyedText,
    az_lower,
    az_sorted,
    fold,
    name_key,
    search_words,
    sort_words,
)


def test_az_lower_folds_dotted_and_dotless_i_the_azerbaijani_way():
    assert az_lower("İQTİSADİYYAT") == "iqtisadiyyat"
    assert az_lower("IŞIQ") == "ışıq"
    assert az_lower("ƏDLİYYƏ") == "ədliyyə"
    assert len(az_lower("İ")) == 1


def test_fold_makes_diacritics_optional():
    assert fold("ƏDLİYYƏ") == fold("ədliyyə") == fold("Ədliyyə") == "edliyye"
    assert fold("IQTISADIYYAT") == fold("İqtisadiyyat") == "iqtisadiyyat"


def test_name_key_ignores_case_quotes_and_spacing():
    assert name_key("“Azərsu”  ASC") == name_key('"AZƏRSU" ASC') == "azərsu asc"
    assert name_key(" Korrupsiyaya qarşı mübarizə üzrə Komissiya") == name_key(
        "korrupsiyaya qarşı mübarizə üzrə komissiya"
    )


def test_keyed_text_maps_matches_back_to_the_original():
    keyed = KeyedText("İcraçı: “Azərsu”  ASC, Baş Prokurorluq")
    start = keyed.text.index("azərsu")
    assert keyed.slice(start, start + len("azərsu asc")) == "Azərsu”  ASC"


def test_search_words():
    assert search_words("Korrupsiyaya qarşı, ƏDLİYYƏ!") == ["korrupsiyaya", "qarsi", "edliyye"]


ALPHABET = "a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u ü v y z".split()


def test_az_sort_key_follows_the_azerbaijani_alphabet_in_either_case():
    expected = [f"{letter}ab" for letter in ALPHABET]
    shuffled = list(reversed(expected))
    assert az_sorted(shuffled, str) == expected
    capitals = [az_upper_first(name) for name in expected]
    assert az_sorted(reversed(capitals), str) == capitals


def az_upper_first(name: str) -> str:
    return {"i": "İ", "ı": "I"}.get(name[0], name[0].upper()) + name[1:]


def test_quotes_and_legal_forms_do_not_decide_the_order():
    names = [
        "Bakı Şəhər İcra Hakimiyyəti",
        "“Azərsu” ASC",
        "Azərbaycan Respublikasının Baş Prokurorluğu",
        "“Aqrarkredit” QSC",
        "«Azəriqaz» MMC",
        "Azərenerji Açıq Səhmdar Cəmiyyəti",
    ]
    assert az_sorted(names, str) == [
        "“Aqrarkredit” QSC",
        "Azərbaycan Respublikasının Baş Prokurorluğu",
        "Azərenerji Açıq Səhmdar Cəmiyyəti",
        "«Azəriqaz» MMC",
        "“Azərsu” ASC",
        "Bakı Şəhər İcra Hakimiyyəti",
    ]
    assert sort_words("“Azərsu” ASC") == sort_words("Azərsu Açıq Səhmdar Cəmiyyəti") == "azərsu"


def test_the_orders_the_issue_found_wrong():
    names = [
        "Xarici İşlər Nazirliyi",
        "Ədliyyə Nazirliyi",
        "Dövlət Təhlükəsizliyi Xidməti",
        "Dövlət Şəhərsalma və Arxitektura Komitəsi",
        "Sosial Tədqiqatlar Mərkəzi",
        "Səfərbərlik və Hərbi Xidmətə Çağırış üzrə Dövlət Xidməti",
        "Energetika Nazirliyi",
    ]
    assert az_sorted(names, str) == [
        "Dövlət Şəhərsalma və Arxitektura Komitəsi",
        "Dövlət Təhlükəsizliyi Xidməti",
        "Energetika Nazirliyi",
        "Ədliyyə Nazirliyi",
        "Xarici İşlər Nazirliyi",
        "Səfərbərlik və Hərbi Xidmətə Çağırış üzrə Dövlət Xidməti",
        "Sosial Tədqiqatlar Mərkəzi",
    ]


def test_a_word_that_ends_sorts_before_a_longer_one():
    assert az_sorted(["Samux Rayon", "Sabirabad", "Sa"], str) == ["Sa", "Sabirabad", "Samux Rayon"]


def test_az_capfirst_writes_the_dotted_capital():
    from nap_portal.text import az_capfirst

    assert az_capfirst("icraçılar") == "İcraçılar"
    assert az_capfirst("ıslahat") == "Islahat"
    assert az_capfirst("tədbir") == "Tədbir"
    assert az_capfirst("") == ""
