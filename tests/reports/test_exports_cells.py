"""Cell safety: what a spreadsheet would reject or evaluate never reaches a cell as such."""

import pytest
from django.urls import reverse

from nap_portal.cells import (
    EXCEL_CELL_LIMIT,
    clean_text,
    csv_value,
    looks_like_formula,
    neutralise_formula,
    xlsx_value,
)
from public.exports.base import ascii_filename, content_disposition


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x")',
        "+1+2",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\n=1",
        "\x00=1",
        "\tplain after a tab",
        "  =1+1",
        " \u00a0@SUM(A1)",
        "\x01 -2+3",
    ],
)
def test_formula_like_text_gets_a_quote_in_csv(text):
    assert looks_like_formula(text)
    assert csv_value(text).startswith("'")
    assert neutralise_formula(text) == "'" + text


def test_the_secretariats_compliance_csv_uses_the_same_rule(client, secretariat_user, period):
    from agencies.models import Agency

    agency = Agency.objects.get(slug="samux-rayon-icra-hakimiyyeti")
    Agency.objects.filter(pk=agency.pk).update(name='  =HYPERLINK("http://x")')
    client.force_login(secretariat_user)
    response = client.get(reverse("reports:compliance_csv", args=[period.pk]))
    text = response.content.decode("utf-8-sig")
    assert "'  =HYPERLINK" in text


def test_hyperlink_formula_is_quoted_in_csv_and_flagged_for_xlsx():
    assert csv_value('=HYPERLINK("http://evil","x")') == '\'=HYPERLINK("http://evil","x")'
    assert xlsx_value('=HYPERLINK("http://evil")') == ('=HYPERLINK("http://evil")', True)


def test_plain_text_and_numbers_are_left_alone():
    assert csv_value("Ədliyyə Nazirliyi: işlər görülüb") == "Ədliyyə Nazirliyi: işlər görülüb"
    assert csv_value(-5) == "-5"
    assert xlsx_value(-5) == (-5, False)
    assert csv_value(None) == ""


def test_characters_excel_rejects_are_removed_but_newlines_stay():
    assert clean_text("a\x00b\x07c\x1fd\ufffe\n\te") == "abcd\n\te"


def test_text_over_the_excel_limit_is_cut_with_a_visible_marker():
    cut = clean_text("ə" * 40_000)
    assert len(cut) == EXCEL_CELL_LIMIT
    assert cut.startswith("əəə") and "7," in cut and cut.endswith("]")
    assert csv_value("=" + "x" * 40_000).startswith("'=")
    assert len(csv_value("=" + "x" * 40_000)) == EXCEL_CELL_LIMIT


def test_download_header_has_ascii_fallback_and_utf8_name():
    header = content_disposition("lövhə_2022_2026-11-22.csv")
    assert header.startswith("attachment; ")
    assert 'filename="lovhe_2022_2026-11-22.csv"' in header
    assert "filename*=UTF-8''l%C3%B6vh%C9%99_2022_2026-11-22.csv" in header
    assert ascii_filename('a"b;c\\d.pdf') == "a_b_c_d.pdf"
