"""The genitive after agency and plan names: vowel harmony, the buffer n after a vowel, k/q
voicing, abbreviations, numbers, quotes and a trailing parenthesis (table test)."""

import pytest
from django.utils import translation

from nap_portal.grammar import genitive, genitive_in_text

NAMES = {
    # after a vowel: -nın / -nin / -nun / -nün
    "Ədliyyə Nazirliyi": "Ədliyyə Nazirliyinin",
    "Ali Məhkəmə": "Ali Məhkəmənin",
    "Korrupsiyaya qarşı mübarizə üzrə Komissiya": "Korrupsiyaya qarşı mübarizə üzrə Komissiyanın",
    "Dövlət Gömrük Komitəsi": "Dövlət Gömrük Komitəsinin",
    "Hesablama Palatası": "Hesablama Palatasının",
    "Medianın İnkişafı Agentliyi": "Medianın İnkişafı Agentliyinin",
    "Dənizkənarı Bulvar İdarəsi": "Dənizkənarı Bulvar İdarəsinin",
    "Azərbaycan Respublikası Dövlət Neft Şirkəti": "Azərbaycan Respublikası Dövlət Neft Şirkətinin",
    "Dövlət Təhlükəsizliyi Xidməti": "Dövlət Təhlükəsizliyi Xidmətinin",
    "Vəkillər Kollegiyası": "Vəkillər Kollegiyasının",
    "Milli Fəaliyyət Planı": "Milli Fəaliyyət Planının",
    "Milli Məclis Aparatı Bürosu": "Milli Məclis Aparatı Bürosunun",
    "Quba Rayonu": "Quba Rayonunun",
    "Şəki şəhəri Ütü": "Şəki şəhəri Ütünün",
    # after a consonant: -ın / -in / -un / -ün
    "Mərkəzi Bank": "Mərkəzi Bankın",
    "Milli Depozit Mərkəzi": "Milli Depozit Mərkəzinin",
    "Dövlət İmtahan Mərkəz": "Dövlət İmtahan Mərkəzin",
    "Nazirlər Kabineti": "Nazirlər Kabinetinin",
    "Milli Məclis": "Milli Məclisin",
    "Məhkəmə-Hüquq Şurası": "Məhkəmə-Hüquq Şurasının",
    "Azərbaycan İnvestisiya Holdinqi": "Azərbaycan İnvestisiya Holdinqinin",
    "Ombudsman": "Ombudsmanın",
    "Dövlət Fondu üzrə Şura Üzvü Qrup": "Dövlət Fondu üzrə Şura Üzvü Qrupun",
    "Bakı Dövlət Universitet": "Bakı Dövlət Universitetin",
    "Qərargah Bölüm": "Qərargah Bölümün",
    "Tədqiqat Kollektiv": "Tədqiqat Kollektivin",
    "ADA Universiteti": "ADA Universitetinin",
    "Bakı Şəhər Məhkəmə Kompleksi": "Bakı Şəhər Məhkəmə Kompleksinin",
    # a polysyllabic word voices its final k / q; a single syllable keeps it
    "Katiblik": "Katibliyin",
    "Baş Prokurorluq": "Baş Prokurorluğun",
    "Bakı Şəhər Baş Polis İdarəsi Prokurorluğu": "Bakı Şəhər Baş Polis İdarəsi Prokurorluğunun",
    "Dövlət Türk": "Dövlət Türkün",
    # a trailing parenthesis stays after the suffix
    "Katiblik (icmal hesabatın tərtibçisi)": "Katibliyin (icmal hesabatın tərtibçisi)",
    "Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkili (Ombudsman)": (
        "Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkilinin (Ombudsman)"
    ),
    # abbreviations are read letter by letter; a consonant letter's name ends in "e"
    "“Azərsu” ASC": "“Azərsu” ASC-nin",
    "“AzerGold” QSC": "“AzerGold” QSC-nin",
    "“Azəriqaz” İstehsalat Birliyi": "“Azəriqaz” İstehsalat Birliyinin",
    "BMT": "BMT-nin",
    "ATƏT": "ATƏT-nin",
    "YUNİSEF İCA": "YUNİSEF İCA-nın",
    # the suffix goes after a closing quote
    "“Azərsu”": "“Azərsu”nun",
    "“Açıq Hökumət” Planı": "“Açıq Hökumət” Planının",
    "“ASAN xidmət”": "“ASAN xidmət”in",
    "“Azərbaycan Hava Yolları”": "“Azərbaycan Hava Yolları”nın",
    # a number takes the suffix of its last spoken word, after a hyphen
    "Plan 2022": "Plan 2022-nin",
    "Plan 2023": "Plan 2023-ün",
    "Plan 2026": "Plan 2026-nın",
    "Plan 2030": "Plan 2030-un",
    "Plan 2040": "Plan 2040-ın",
    "Plan 2050": "Plan 2050-nin",
    "Plan 2000": "Plan 2000-in",
}


@pytest.mark.parametrize(("name", "expected"), NAMES.items())
def test_genitive(name, expected):
    assert genitive(name) == expected


def test_the_suffix_is_in_the_case_of_capital_letters_of_the_name_only():
    assert genitive("  Mərkəzi Bank ") == "Mərkəzi Bankın"
    assert genitive("DÖVLƏT FONDU") == "DÖVLƏT FONDU-nun"


def test_genitive_in_text_is_azerbaijani_only():
    with translation.override("az"):
        assert genitive_in_text("Ədliyyə Nazirliyi") == "Ədliyyə Nazirliyinin"
        assert genitive_in_text("Milli Fəaliyyət Planı", quoted=True) == (
            "“Milli Fəaliyyət Planı”nın"
        )
    with translation.override("en"):
        assert genitive_in_text("Ədliyyə Nazirliyi") == "Ədliyyə Nazirliyi"
        assert genitive_in_text("Plan", quoted=True) == "Plan"


def _title(cls, **attributes):
    document = cls.__new__(cls)
    document.__dict__.update(attributes)
    return document.title


def test_generated_titles_put_the_names_in_the_genitive():
    from types import SimpleNamespace

    from public.exports.sources import AgencyReport, ConsolidatedReport

    agency = SimpleNamespace(name="Ədliyyə Nazirliyi")
    plan = SimpleNamespace(title="Milli Fəaliyyət Planı")
    with translation.override("az"):
        assert "Ədliyyə Nazirliyinin hesabatı" in _title(
            AgencyReport, agency=agency, plan=plan, year=2022
        )
        assert _title(ConsolidatedReport, plan=plan, year=2022).startswith(
            "“Milli Fəaliyyət Planı”nın həyata keçirilməsi ilə bağlı 2022-ci il ərzində"
        )
    with translation.override("en"):
        assert _title(AgencyReport, agency=agency, plan=plan, year=2022).startswith(
            "Report of Ədliyyə Nazirliyi on the measures of the “Milli Fəaliyyət Planı”"
        )


def test_mails_put_the_agency_in_the_genitive():
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    report = SimpleNamespace(
        measure=SimpleNamespace(number="1.2"),
        period=SimpleNamespace(year=2022),
        agency=SimpleNamespace(name="Mərkəzi Bank"),
    )
    with translation.override("az"):
        text = render_to_string("reports/mail/report_published.txt", {"report": report})
        assert "Mərkəzi Bankın 1.2 nömrəli tədbir üzrə hesabatı" in text
    with translation.override("en"):
        text = render_to_string("reports/mail/report_published.txt", {"report": report})
        assert "Mərkəzi Bank's report on measure 1.2" in text
