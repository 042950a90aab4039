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


# The genitive after a name ("Ədliyyə Nazirliyinin hesabatı", "Mərkəzi Bankın hesabatı").
#
# The suffix follows the last vowel of the last word by vowel harmony (a ı → ı, e ə i → i,
# o u → u, ö ü → ü); after a vowel it takes a buffer n (-nın/-nin/-nun/-nün), after a consonant
# not (-ın/-in/-un/-ün). A polysyllabic word ending in a vowel and k or q voices it before the
# suffix (Katiblik → Katibliyin, Baş Prokurorluq → Baş Prokurorluğun); a single syllable does
# not (Bank → Bankın). An abbreviation in capitals (ASC, QSC) is read letter by letter, and a
# consonant letter's name ends in "e" (es, ce → "ASC-nin"), so it takes a hyphen and the suffix
# of its last letter's name; a number takes a hyphen and the suffix of its last spoken word
# (2023 → "2023-ün"). A closing quote or a trailing parenthesis stays where it is: the suffix
# goes after “Azərsu” (“Azərsu”nun) and before " (Ombudsman)".
_VOWELS = "aıoueəiöü"
_HARMONY = {
    "a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "ə": "i", "i": "i", "ö": "ü", "ü": "ü",
}  # fmt: skip
_CLOSING_QUOTES = "”»\"'’"
_VOICED = {"k": "y", "q": "ğ"}
# Whether the last spoken word of 1…9, 10…90 ends in a vowel (iki, altı, yeddi; iyirmi, əlli).
_UNIT_ENDS_IN_VOWEL = {2, 6, 7}
_TEN_ENDS_IN_VOWEL = {2, 5}


def _lower(text: str) -> str:
    return text.replace("I", "ı").replace("İ", "i").lower()


def _suffix(last_vowel: str, after_vowel: bool) -> str:
    return ("n" if after_vowel else "") + _HARMONY[last_vowel] + "n"


def _number_genitive(digits: str) -> str:
    number = int(digits)
    if number % 10:
        after_vowel = number % 10 in _UNIT_ENDS_IN_VOWEL
    elif number % 100:
        after_vowel = number % 100 // 10 in _TEN_ENDS_IN_VOWEL
    else:
        after_vowel = False  # sıfır, on, yüz, min, milyon, milyard: a consonant
    return f"{digits}-{_suffix(_last_vowel(number), after_vowel)}"


def _abbreviation_genitive(word: str) -> str:
    last = _lower(word[-1])
    if last in _VOWELS:
        return f"{word}-{_suffix(last, True)}"
    return f"{word}-nin"  # a consonant letter's name ends in "e": es, ce, qe, te …


def _word_genitive(word: str) -> str:
    if word.isdigit():
        return _number_genitive(word)
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and word.isupper():
        return _abbreviation_genitive(word)
    lower = _lower(word)
    vowels = [c for c in lower if c in _VOWELS]
    if not vowels:
        return word
    if lower[-1] in _VOWELS:
        return word + _suffix(vowels[-1], True)
    if lower[-1] in _VOICED and len(vowels) >= 2 and len(lower) >= 2 and lower[-2] in _VOWELS:
        voiced = _VOICED[lower[-1]]
        word = word[:-1] + (voiced.upper() if word[-1].isupper() else voiced)
    return word + _suffix(vowels[-1], False)


def genitive(name: str) -> str:
    """``name`` in the genitive case: "Ədliyyə Nazirliyi" → "Ədliyyə Nazirliyinin",
    "Mərkəzi Bank" → "Mərkəzi Bankın", "“Azərsu” ASC" → "“Azərsu” ASC-nin"."""
    name = name.strip()
    tail = ""
    if name.endswith(")") and "(" in name[:-1]:
        cut = name.rindex("(")
        if name[:cut].strip():
            name, tail = name[:cut].rstrip(), " " + name[cut:]
    end = len(name)
    while end and name[end - 1] in _CLOSING_QUOTES:
        end -= 1
    quotes = name[end:]
    start = end
    while start and (name[start - 1].isalnum() or name[start - 1] == "-"):
        start -= 1
    word = name[start:end].split("-")[-1]
    if not word:
        return name + tail
    head = name[: end - len(word)]
    inflected = _word_genitive(word)
    if quotes:  # the suffix after the closing quote: “Azərsu”nun
        suffix = inflected[len(word) :]
        return f"{head}{word}{quotes}{suffix}{tail}"
    return f"{head}{inflected}{tail}"


def genitive_in_text(name: str, *, quoted: bool = False) -> str:
    """``name`` as the active language puts it before a possessed noun in a catalog string:
    the genitive in Azerbaijani ("%(agency)s hesabatı" → "Ədliyyə Nazirliyinin hesabatı"),
    the name as it is elsewhere (the English msgid says "%(agency)s's report").

    ``quoted``: the Azerbaijani name in quotes with the suffix after them (“… Planı”nın), for a
    msgid that quotes the name itself (“%(plan)s”) and a msgstr that leaves the quotes to it."""
    language = (get_language() or "").split("-")[0]
    if language != "az":
        return name
    return genitive(f"“{name}”" if quoted else name)
