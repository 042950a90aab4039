"""Words split across a line by a hyphen in PDF text are joined on import."""

from plans.importers.page_breaks import join_split_words


def test_a_split_word_is_joined_without_its_hyphen():
    lines = ["müqavilələr elektron formada bağ-", "lanaraq, ödənişlər həyata keçirilir."]
    assert join_split_words(lines) == [
        "müqavilələr elektron formada bağlanaraq, ödənişlər həyata keçirilir."
    ]


def test_hyphenated_words_keep_their_hyphen_and_new_sentences_stay_apart():
    assert join_split_words(["qeyri-", "hökumət təşkilatları"]) == ["qeyri-hökumət təşkilatları"]
    assert join_split_words(["Hökumət-", "Vətəndaş Cəmiyyəti"]) == [
        "Hökumət-",
        "Vətəndaş Cəmiyyəti",
    ]
    assert join_split_words(["2020-", "2022-ci illər"]) == ["2020-", "2022-ci illər"]
    assert join_split_words(["Birinci.", "ikinci"]) == ["Birinci.", "ikinci"]
