"""Azerbaijani search: one normalising function for indexing and querying, on both databases.

The index is ``Measure.search_text``: the distinct folded words
(``nap_portal.text.search_words``) of a measure's number, title, indicator, executor names
and *published* report texts, joined by single spaces with a space at each end
(" 2 11 korrupsiyaya qarsi ... "). A query word ``w`` matches a word prefix when the index
contains " w"; every query word must match. On SQLite the folded text makes ``LIKE`` correct
whatever the letters; on PostgreSQL a trigram GIN index (migration 0002) keeps
``LIKE '% w%'`` fast.

The index holds public text only, so a draft can never be found. It is built by the
reporting layer (``reports.search_index.reindex_measures``), which knows when public text
changes: a report is published or corrected, a year's results are published, a plan is
imported or edited. This module only folds, matches and highlights.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from nap_portal.text import fold, search_words

_WORD = re.compile(r"\w+")
MAX_QUERY_WORDS = 10


def query_words(q: str) -> list[str]:
    """The folded words of a query, without duplicates or words that another word prefixes."""
    words: list[str] = []
    for word in sorted(set(search_words(q or "")), key=len, reverse=True):
        if not any(longer.startswith(word) for longer in words):
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def index_text(*parts: str) -> str:
    """The search form of ``parts``: its distinct folded words, in order of first appearance,
    between single spaces and padded at both ends.

    Each word is kept once: matching is per word, so repeats add nothing but length, and the
    index of a measure with fifty long reports stays a few kilobytes that LIKE scans quickly.
    """
    words = dict.fromkeys(word for part in parts if part for word in search_words(part))
    return f" {' '.join(words)} " if words else ""


def matches(text: str, words: Iterable[str]) -> bool:
    """Whether every query word prefixes some word of ``text`` (the Python twin of the SQL)."""
    indexed = index_text(text)
    return all(f" {word}" in indexed for word in words)


def search_filter(words: Iterable[str], field: str = "search_text") -> Q:
    """A ``Q`` that keeps rows whose index ``field`` has every query word as a word prefix."""
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__contains": f" {word}"})
    return condition


def search_measures(queryset: QuerySet, q: str) -> QuerySet:
    """Measures of ``queryset`` matching every word of ``q``; all of them for an empty query."""
    words = query_words(q)
    if not words:
        return queryset
    return queryset.filter(search_filter(words))


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where in ``text`` the query words match word prefixes, as (start, end) pairs."""
    folded = fold(text)
    if len(folded) == len(text):
        # Folding kept one character per character (the rule for Azerbaijani text): match on
        # the folded text and the positions hold in the original.
        pattern = _prefix_pattern(tuple(words))
        return [match.span() for match in pattern.finditer(folded)]
    spans = []
    for match in _WORD.finditer(text):
        original = match.group()
        folded_word = fold(original)
        best = max((w for w in words if folded_word.startswith(w)), key=len, default=None)
        if best is not None:
            length = len(best) if len(folded_word) == len(original) else len(original)
            spans.append((match.start(), match.start() + length))
    return spans


_patterns: dict[tuple[str, ...], re.Pattern] = {}


def _prefix_pattern(words: tuple[str, ...]) -> re.Pattern:
    """A regex finding any of ``words`` at the start of a word, longest first."""
    if words not in _patterns:
        if len(_patterns) > 256:
            _patterns.clear()
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        _patterns[words] = re.compile(rf"(?<!\w)(?:{alternatives})")
    return _patterns[words]


def has_match(text: str, words: list[str]) -> bool:
    """Whether any query word prefixes a word of ``text`` (cheaper than ``snippet``)."""
    return bool(_prefix_pattern(tuple(words)).search(fold(text)))


def highlight(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, with each word-prefix match of the query wrapped in ``<mark>``."""
    if not text:
        return mark_safe("")
    if not words:
        return escape(text)
    out, last = [], 0
    for start, end in _spans(text, words):
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text: str, words: list[str], width: int = 240) -> SafeString | None:
    """About ``width`` characters of ``text`` around its first match, highlighted; None if none."""
    spans = _spans(text, words)
    if not spans:
        return None
    start = max(0, spans[0][0] - width // 3)
    end = min(len(text), start + width)
    if start > 0:
        start = text.rfind(" ", 0, start) + 1
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > spans[0][1] else end
    part = highlight(text[start:end], words)
    return mark_safe(f"{'… ' if start else ''}{part}{' …' if end < len(text) else ''}")
