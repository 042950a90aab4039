"""Azerbaijani ordinals after numbers, for every year 2000–2035 and the round numbers."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from nap_portal.grammar import ordinal, year_in_text
from public.exports.sources import ConsolidatedReport

YEARS = {
    2000: "ci", 2001: "ci", 2002: "ci", 2003: "cü", 2004: "cü", 2005: "ci", 2006: "cı",
    2007: "ci", 2008: "ci", 2009: "cu", 2010: "cu", 2011: "ci", 2012: "ci", 2013: "cü",
    2014: "cü", 2015: "ci", 2016: "cı", 2017: "ci", 2018: "ci", 2019: "cu", 2020: "ci",
    2021: "ci", 2022: "ci", 2023: "cü", 2024: "cü", 2025: "ci", 2026: "cı", 2027: "ci",
    2028: "ci", 2029: "cu", 2030: "cu", 2031: "ci", 2032: "ci", 2033: "cü", 2034: "cü",
    2035: "ci",
}  # fmt: skip


def test_the_table_covers_every_year_from_2000_to_2035():
    assert sorted(YEARS) == list(range(2000, 2036))


@pytest.mark.parametrize(("year", "suffix"), YEARS.items())
def test_year_takes_the_suffix_of_its_last_spoken_word(year, suffix):
    assert ordinal(year) == f"{year}-{suffix}"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1-ci"), (6, "6-cı"), (9, "9-cu"), (10, "10-cu"), (40, "40-cı"), (50, "50-ci"),
        (60, "60-cı"), (90, "90-cı"), (100, "100-cü"), (2040, "2040-cı"), (2060, "2060-cı"),
        (2090, "2090-cı"), (2100, "2100-cü"), (3000, "3000-ci"), (1_000_000, "1000000-cu"),
        (0, "0-cı"),
    ],
)  # fmt: skip
def test_round_numbers_take_the_suffix_of_ten_hundred_thousand_million(number, expected):
    assert ordinal(number) == expected


def test_year_in_text_is_an_ordinal_in_azerbaijani_only():
    with translation.override("az"):
        assert year_in_text(2023) == "2023-cü"
    with translation.override("en"):
        assert year_in_text(2023) == "2023"


def period_of(year: int) -> SimpleNamespace:
    plan = SimpleNamespace(title="Sınaq Planı", slug="sinaq")
    return SimpleNamespace(plan=plan, year=year, due_date=date(year + 1, 1, 31))


@pytest.mark.parametrize(("year", "expected"), [(2022, "2022-ci"), (2023, "2023-cü")])
def test_consolidated_report_title_says_the_ordinal_year_in_azerbaijani(year, expected):
    period = period_of(year)
    with translation.override("az"):
        assert f"{expected} il ərzində" in ConsolidatedReport(period.plan, period).title
    with translation.override("en"):
        assert f"Works done in {year} on" in ConsolidatedReport(period.plan, period).title


def test_mails_say_the_ordinal_year_in_azerbaijani():
    context = {"period": period_of(2026), "agency": SimpleNamespace(name="Ədliyyə Nazirliyi")}
    with translation.override("az"):
        opened = render_to_string("reports/mail/period_opened.txt", {**context, "url": "/"})
        overdue = render_to_string("reports/mail/reminder.txt", {**context, "kind": "overdue"})
        due = render_to_string("reports/mail/reminder.txt", {**context, "kind": "due"})
    assert "2026-cı il üzrə" in opened
    assert "2026-cı il" in overdue and "2026-cı il hesabatlarını" in due
