"""Azerbaijani text folding, shared by search indexing, querying and name matching.

Python's ``str.lower()`` turns "İ" into "i̇" (two code points) and "I" into "i"; Azerbaijani
wants "İ"→"i" and "I"→"ı". SQLite's LIKE folds ASCII only. So all folding happens here, in
Python, and the database compares already-folded text.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from operator import attrgetter
from typing import TypeVar

T = TypeVar("T")

# Diacritics made optional for search: a citizen typing on a Latin keyboard writes
# "edliyye" for "ədliyyə". Applied with str.replace, one pair after the other (no output is
# a later input): some 30 times faster than str.translate with a mapping on long reports.
_ASCII = (
    ("ə", "e"),
    ("ı", "i"),
    ("ö", "o"),
    ("ü", "u"),
    ("ş", "s"),
    ("ç", "c"),
    ("ğ", "g"),
    ("â", "a"),
    ("î", "i"),
)
QUOTES = frozenset("\"“”„«»‘’`'")
_WORD = re.compile(r"\w+")


def az_lower(text: str) -> str:
    """Lower-case ``text`` the Azerbaijani way ("İ"→"i", "I"→"ı")."""
    text = unicodedata.normalize("NFC", text)
    # A decomposed "i̇" (i + combining dot above) also arrives from some PDFs.
    return text.replace("İ", "i").replace("I", "ı").lower().replace("i\u0307", "i")


def az_capfirst(text: str) -> str:
    """The first letter in capitals the Azerbaijani way ("icraçı"→"İcraçı", "ılk"→"Ilk")."""
    if not text:
        return text
    first = {"i": "İ", "ı": "I"}.get(text[0], text[0].upper())
    return first + text[1:]


class KeyedText:
    """``text`` folded for name matching, remembering where each folded character came from.

    Folding lowers case the Azerbaijani way, turns quotes into spaces and collapses runs of
    white space, so "“Azərsu”  ASC" and "Azərsu ASC" fold alike. ``origin[i]`` is the index in
    the original text of folded character ``i``, so a match can be cut out of the original.
    """

    def __init__(self, text: str) -> None:
        self.original = unicodedata.normalize("NFC", text)
        folded: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(self.original):
            if char in QUOTES or char.isspace():
                char = " "
            else:
                char = az_lower(char)[:1]
            if char == " " and (not folded or folded[-1] == " "):
                continue
            folded.append(char)
            origin.append(index)
        self.text = "".join(folded)
        self.origin = origin

    def slice(self, start: int, end: int) -> str:
        """The original text behind folded characters ``start``..``end``."""
        if start >= end:
            return ""
        return self.original[self.origin[start] : self.origin[end - 1] + 1].strip()


def name_key(name: str) -> str:
    """Key under which two spellings of one name compare equal: case, quotes and spacing."""
    return KeyedText(name).text.strip(" .,;:")


def fold(text: str) -> str:
    """Search form of ``text``: Azerbaijani lower case with diacritics removed."""
    text = az_lower(text)
    for letter, plain in _ASCII:
        text = text.replace(letter, plain)
    return text


def search_words(text: str) -> list[str]:
    """The folded words of ``text``, for building a search index or a query."""
    return _WORD.findall(fold(text))


# Azerbaijani alphabetical order, for every list sorted for people. Python sorts with this
# key after fetching (the lists are ~100 rows), so SQLite and PostgreSQL give one order
# whatever their collations.
AZ_ALPHABET = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
_RANK = {letter: rank for rank, letter in enumerate(AZ_ALPHABET)}
# Legal forms say what kind of company a body is, not what it is called: "“Azərsu” ASC" and
# "Azərsu Açıq Səhmdar Cəmiyyəti" both sort under A for "Azərsu".
LEGAL_FORMS = (
    "açıq səhmdar cəmiyyəti",
    "qapalı səhmdar cəmiyyəti",
    "məhdud məsuliyyətli cəmiyyət",
    "məhdud məsuliyyətli cəmiyyəti",
    "publik hüquqi şəxs",
    "asc",
    "qsc",
    "mmc",
    "phş",
)
_LEGAL_FORM = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(f) for f in sorted(LEGAL_FORMS, key=len, reverse=True))
    + r")(?!\w)"
)


def sort_words(name: str) -> str:
    """``name`` as it is alphabetised: Azerbaijani lower case, without quotes, legal forms
    and extra spaces ("“Azərsu” ASC" → "azərsu")."""
    text = " ".join(_LEGAL_FORM.sub(" ", KeyedText(name).text).split())
    return text.strip(" .,;:-") or KeyedText(name).text


@lru_cache(maxsize=8192)
def az_sort_key(name: str) -> tuple:
    """Sort key putting names in Azerbaijani alphabetical order
    (a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u ü v y z).

    Words compare one after another (a space sorts before any letter, digits before letters,
    other characters after the alphabet); ties fall back to the name as written.
    """
    text = sort_words(name)
    ranks = []
    for char in text:
        if char == " ":
            ranks.append(0)
        elif char in "0123456789":
            ranks.append(1 + int(char))
        elif char in _RANK:
            ranks.append(20 + _RANK[char])
        else:
            ranks.append(100 + ord(char))
    return (tuple(ranks), name)


def az_sorted(items: Iterable[T], name: Callable[[T], str] = attrgetter("name")) -> list[T]:
    """``items`` in Azerbaijani alphabetical order of ``name(item)`` (an object's ``.name``)."""
    return sorted(items, key=lambda item: az_sort_key(name(item)))


ELLIPSIS = "…"
# Punctuation that should not dangle before the ellipsis of a shortened text.
_TRAILING = " \t\n,;:–—-·/(“„«\"'"


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut at a word boundary with "…".

    White space is collapsed first. A text that fits is returned whole; otherwise the cut
    falls after the last whole word that leaves room for the ellipsis (dangling punctuation
    removed), so "Korrupsiyaya qarşı mübarizə" never becomes "Korrupsiyaya qar…". A single
    word longer than the limit is the only thing ever cut inside a word.
    """
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    head = text[: limit - 1]
    if text[limit - 1] != " " and " " in head:
        head = head[: head.rindex(" ")]
    head = head.rstrip(_TRAILING) or text[: limit - 1]
    return head + ELLIPSIS
