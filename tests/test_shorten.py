"""Shortened titles end on a whole word with an ellipsis (nap_portal.text.shorten)."""

import pytest
from django.template import Context, Template

from nap_portal.text import shorten

PRIORITY = "Korrupsiyaya qarşı mübarizə sahəsində hüquqi bazanın təkmilləşdirilməsi"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        (PRIORITY, 200, PRIORITY),
        (PRIORITY, len(PRIORITY), PRIORITY),
        (PRIORITY, 30, "Korrupsiyaya qarşı mübarizə…"),
        (PRIORITY, 28, "Korrupsiyaya qarşı mübarizə…"),
        (PRIORITY, 27, "Korrupsiyaya qarşı…"),
        (PRIORITY, 14, "Korrupsiyaya…"),
        ("Şəffaflıq, hesabatlılıq və iştirak", 13, "Şəffaflıq…"),  # no dangling comma
        ("Açıq   hökumət\n təşəbbüsləri", 20, "Açıq hökumət…"),  # white space collapsed
        ("Məhkəmə-hüquq islahatları", 15, "Məhkəmə-hüquq…"),
        ("Korrupsiyayaqarşımübarizə", 10, "Korrupsiy…"),  # one long word: the only mid-word cut
        ("", 10, ""),
    ],
)
def test_shorten(text, limit, expected):
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


def test_every_cut_of_a_title_ends_on_a_whole_word():
    words = PRIORITY.split()
    for limit in range(len(words[0]) + 1, len(PRIORITY)):
        short = shorten(PRIORITY, limit)
        assert short.endswith("…") and len(short) <= limit
        assert short[:-1].split() == words[: len(short[:-1].split())]


def test_the_template_filter():
    html = Template("{% load text %}{{ title|shorten:30 }}").render(Context({"title": PRIORITY}))
    assert html == "Korrupsiyaya qarşı mübarizə…"
