"""Azerbaijani search: one normalising function for indexing and querying, on both databases.

The index is ``Measure.search_text``: the distinct folded words
(``nap_portal.text.search_words``) of a measure's number, title, indicator, executor names
and *published* report texts, then the distinct search keys of those words that differ from
the words themselves (``nap_portal.stemming.stems``: "korrupsiyaya" → "korrups",
"seffafligin" → "seffafliq"), joined by single spaces with a space at each end
(" 2 11 korrupsiyaya qarsi ... korrups qars "). A query word ``w`` with key ``k`` matches
when the index contains " w" (a word prefix: "korr" finds "korrupsiyaya") or " k " (a whole
key: "şəffaflıq" finds "şəffaflığın", "məhkəmə" finds "məhkəmələrində"); every query word
must match. On SQLite the folded text makes ``LIKE`` correct whatever the letters; on
PostgreSQL a trigram GIN index (migration 0002) keeps ``LIKE '% w%'`` fast. Changing the
stemmer's rules needs ``python manage.py reindex_search``.

The index holds public text only, so a draft can never be found. It is built by the
reporting layer (``reports.search_index.reindex_measures``), which knows when public text
changes: a report is published or corrected, a year's results are published, a plan is
imported or edited. This module only folds, matches, highlights and suggests ("did you
mean": ``Vocabulary``, ``did_you_mean``).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from nap_portal.stemming import stems
from nap_portal.text import az_lower, fold, search_words

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
    keys = dict.fromkeys(key for word in words for key in sorted(stems(word)) if key not in words)
    return f" {' '.join([*words, *keys])} " if words else ""


def _needles(word: str) -> tuple[str, ...]:
    """What the index must contain for ``word`` to match: a word prefix, or its whole key."""
    return (f" {word}", *(f" {key} " for key in sorted(stems(word)) if key != word))


def matches(text: str, words: Iterable[str]) -> bool:
    """Whether every query word matches ``text`` (the Python twin of the SQL)."""
    indexed = index_text(text)
    return all(any(needle in indexed for needle in _needles(word)) for word in words)


def search_filter(words: Iterable[str], field: str = "search_text") -> Q:
    """A ``Q`` that keeps rows whose index ``field`` matches every query word."""
    condition = Q()
    for word in words:
        either = Q()
        for needle in _needles(word):
            either |= Q(**{f"{field}__contains": needle})
        condition &= either
    return condition


def search_measures(queryset: QuerySet, q: str) -> QuerySet:
    """Measures of ``queryset`` matching every word of ``q``; all of them for an empty query."""
    words = query_words(q)
    if not words:
        return queryset
    return queryset.filter(search_filter(words))


# Highlighting folds every word of every text shown; the same words come back again and again.
_fold_word = lru_cache(maxsize=65536)(fold)


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where in ``text`` the query words match, as (start, end) pairs: the matching prefix
    of a word, or the whole word when only its key matches ("şəffaflığın" for "şəffaflıq")."""
    spans = []
    prefixes = _prefix_pattern(tuple(words))
    keys = _keys(words)
    for match in _WORD.finditer(text):
        original = match.group()
        folded = _fold_word(original)
        found = prefixes.match(folded)
        if found and len(folded) == len(original):
            spans.append((match.start(), match.start() + found.end()))
        elif found or not keys.isdisjoint(stems(folded)):
            spans.append(match.span())
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
    """Whether any query word matches a word of ``text`` (cheaper than ``snippet``)."""
    if _prefix_pattern(tuple(words)).search(fold(text)):
        return True
    keys = _keys(words)
    return any(not keys.isdisjoint(stems(word)) for word in search_words(text))


def _keys(words: list[str]) -> set[str]:
    return {key for word in words for key in stems(word)}


def highlight(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, with each match of the query (a word's matching prefix, or a whole
    word found through its key) wrapped in ``<mark>``."""
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


MIN_SUGGESTED = 4  # letters: shorter words are too often close to anything


@dataclass
class Vocabulary:
    """Indexed words for "did you mean": folded word or key → the spelling shown."""

    spellings: dict[str, str] = field(default_factory=dict)
    sorted_words: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    # Candidates by first letter: a typo rarely hits the first one, and each difflib run
    # then compares a few hundred words, not the whole vocabulary.
    by_initial: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, texts: Iterable[str]) -> Vocabulary:
        vocabulary = cls()
        spellings = vocabulary.spellings
        for text in texts:
            for original in _WORD.findall(text or ""):
                word = fold(original)
                if len(word) >= MIN_SUGGESTED and word.isalpha() and word not in spellings:
                    spellings[word] = az_lower(original)
        vocabulary.sorted_words = sorted(spellings)
        # A key is a candidate too, shown as the shortest word that has it: "sefafliq" is
        # closer to the key "seffafliq" than to any form of it.
        candidates = dict(spellings)
        for word in sorted(vocabulary.sorted_words, key=len):
            for key in stems(word):
                vocabulary.keys.add(key)
                if len(key) >= MIN_SUGGESTED:
                    candidates.setdefault(key, spellings[word])
        for candidate in sorted(candidates):
            vocabulary.by_initial[candidate[0]].append(candidate)
        vocabulary.by_initial = dict(vocabulary.by_initial)
        vocabulary.spellings = candidates
        return vocabulary

    def knows(self, word: str) -> bool:
        """Whether ``word`` matches an indexed word: as a prefix, or through its key."""
        at = bisect.bisect_left(self.sorted_words, word)
        if at < len(self.sorted_words) and self.sorted_words[at].startswith(word):
            return True
        return not self.keys.isdisjoint(stems(word))

    def closest(self, word: str) -> str | None:
        """The spelling of the indexed word closest to ``word``, if one is close enough."""
        candidates = self.by_initial.get(word[:1], [])
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
        return self.spellings[close[0]] if close else None


def did_you_mean(q: str, vocabulary: Vocabulary) -> str | None:
    """``q`` with each word the vocabulary does not know replaced by the closest one it
    knows; None if every word is known or one has nothing close."""
    suggestion, changed = [], False
    for original in _WORD.findall(q or "")[:MAX_QUERY_WORDS]:
        word = fold(original)
        if not word.isalpha() or vocabulary.knows(word):
            suggestion.append(original)
            continue
        closest = vocabulary.closest(word)
        if closest is None:
            return None
        suggestion.append(closest)
        changed = True
    return " ".join(suggestion) if changed else None
