"""Azerbaijani grammar in generated text: the ordinal suffix after a number ("2022-ci il").

The suffix after digits follows the vowel harmony of the number's last spoken word: 2023 is
"iki min iyirmi üç", so "2023-cü"; 2026 ends in "altı" → "2026-cı"; 2030 in "otuz" →
"2030-cu"; 2000 in "min" → "2000-ci"; 2100 in "yüz" → "2100-cü".

Catalog strings get the year as the language writes it in a sentence (``year_in_text``):
"2022-ci" in Azerbaijani, "2022" elsewhere, so the Azerbaijani msgstr says
"%(year)s il ərzində" and the English one "in %(year)s" from one msgid.
"""

from decimal import Decimal

from django.utils.translation import get_language

# The last vowel of each spoken word, folded into the four vowels of the suffix.
_UNITS = {1: "i", 2: "i", 3: "ü", 4: "ü", 5: "i", 6: "ı", 7: "i", 8: "i", 9: "u"}  # bir … doqquz
_TENS = {1: "u", 2: "i", 3: "u", 4: "ı", 5: "i", 6: "ı", 7: "i", 8: "i", 9: "ı"}  # on … doxsan
# yüz (10²), min (10³), milyon (10⁶), milyard (10⁹), trilyon (10¹²)
_POWERS = ((10**12, "u"), (10**9, "ı"), (10**6, "u"), (10**3, "i"), (10**2, "ü"))


def _last_vowel(number: int) -> str:
    number = abs(number)
    if number == 0:
        return "ı"  # sıfır
    if number % 10:
        return _UNITS[number % 10]
    if number % 100:
        return _TENS[number % 100 // 10]
    for power, vowel in _POWERS:
        if number % power == 0:
            return vowel
    return "ü"  # unreachable: a multiple of 100 is caught by 10² at the latest


def ordinal_suffix(number: int) -> str:
    """The suffix ("ci", "cı", "cu" or "cü") that makes ``number`` an ordinal after digits."""
    return "c" + _last_vowel(number)


def ordinal(number: int) -> str:
    """``number`` in digits as an Azerbaijani ordinal: 2022 → "2022-ci", 2023 → "2023-cü"."""
    return f"{number}-{ordinal_suffix(number)}"


def year_in_text(year: int) -> str:
    """The year as the active language writes it before "year" in a sentence: "2022-ci" in
    Azerbaijani ("2022-ci il ərzində"), "2022" in other languages."""
    language = get_language() or ""
    return ordinal(year) if language.split("-")[0] == "az" else str(year)


def number(value) -> str:
    """A decimal as the reader's language writes it, without trailing zeros: 12.5000 →
    "12,5" in Azerbaijani, "12.5" in English; 50.0000 → "50"; ``None`` → ""."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    if get_language() and get_language().startswith("az"):
        text = text.replace(".", ",")
    return text
