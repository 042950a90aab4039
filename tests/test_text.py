from nap_portal.text import KeyedText, az_lower, fold, name_key, search_words


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
