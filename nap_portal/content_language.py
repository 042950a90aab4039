"""Content in the reader's language: which text of a plan, measure or agency a page shows.

The Azerbaijani field (``name``, ``title``, ``text``, ``description``) is the one canonical
text: search, imports and exports use it. A translation is an optional field beside it,
named after the language (``name_en``, ``title_ru``). A page in English or Russian shows the
translation when there is one and falls back to the Azerbaijani text otherwise, marked
``lang="az"`` so screen readers and translators know what they read (``Localized``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from .text import QUOTES, az_sort_key, fold, sort_words

T = TypeVar("T")

# The language the documents are adopted in: the canonical fields hold it.
CANONICAL = "az"
# The languages a translation field may exist for, as ``<field>_<language>``.
TRANSLATED = ("en", "ru")


def page_language() -> str:
    """The active UI language as a bare code ("en" for "en-us"); Azerbaijani when none is."""
    return (get_language() or CANONICAL).split("-")[0]


class Localized(SafeString):
    """A text shown to a reader: the text, its language, and whether it fell back to
    Azerbaijani because the reader's language has no translation.

    As a string it is the text's HTML: escaped and, when its language is not the page's,
    inside ``<span lang="…">``, so ``{{ value }}`` in a template marks it (Django renders a
    variable through ``str()``). ``value.text`` is the bare text, for attributes and titles.
    """

    text: str
    lang: str
    fell_back: bool
    page: str

    def __new__(cls, text: str, lang: str, fell_back: bool = False, page: str = CANONICAL):
        text = text or ""
        if lang == page or not text:
            markup = escape(text)
        else:
            markup = format_html('<span lang="{}">{}</span>', lang, text)
        value = super().__new__(cls, markup)
        value.text, value.lang, value.fell_back, value.page = text, lang, fell_back, page
        return value

    def __reduce__(self):
        # Copied or pickled as what it is made of, not as its markup.
        return (Localized, (self.text, self.lang, self.fell_back, self.page))

    @property
    def foreign(self) -> bool:
        """The text is not in the page's language: it needs its own ``lang``."""
        return self.lang != self.page

    def html(self, inner: str | SafeString | None = None) -> SafeString:
        """``inner`` (the escaped text by default) marked with the text's language if needed."""
        body = escape(self.text) if inner is None else inner
        if not self.foreign or not self.text:
            return mark_safe(body)  # escaped above, or already safe HTML from the caller
        return format_html('<span lang="{}">{}</span>', self.lang, body)

    def truncated(self, words: int) -> Localized:
        """The first ``words`` words, in the same language."""
        short = Truncator(self.text).words(words)
        return Localized(short, self.lang, self.fell_back, self.page)

    def truncated_chars(self, length: int) -> Localized:
        """At most ``length`` characters, cut at a word boundary where there is one."""
        if len(self.text) <= length:
            return self
        cut = self.text[: length - 1]
        if " " in cut and not self.text[length - 1].isspace():
            cut = cut.rsplit(" ", 1)[0]
        return Localized(cut.rstrip(" ,.;:—-") + "…", self.lang, self.fell_back, self.page)


def localized(obj, field: str, language: str | None = None) -> Localized:
    """``obj``'s ``field`` in ``language`` (the page's by default): ``<field>_<language>``
    when it is filled, else the Azerbaijani ``<field>`` with ``fell_back`` set."""
    page = language or page_language()
    canonical = getattr(obj, field, "") or ""
    if page in TRANSLATED:
        translation = (getattr(obj, f"{field}_{page}", "") or "").strip()
        if translation:
            return Localized(translation, page, False, page)
        return Localized(canonical, CANONICAL, True, page)
    return Localized(canonical, CANONICAL, False, page)


def localized_text(obj, field: str, language: str | None = None) -> str:
    """The bare text of ``localized``: for attributes, page titles, feeds and sorting."""
    return localized(obj, field, language).text


def in_page_language(text: str, lang: str = CANONICAL) -> Localized:
    """Text that exists in one language only (report statements, indicators as written)."""
    return Localized(text or "", lang, False, page_language())


def lang_attribute(lang: str = CANONICAL) -> SafeString:
    """`` lang="az"`` when ``lang`` is not the page's language, else nothing: for an element
    whose whole content is in ``lang`` (a report's statement, a plan's description)."""
    if lang == page_language():
        return mark_safe("")
    return format_html(' lang="{}"', lang)


# Other languages' order: letters without their diacritics, case ignored, "ё" as "е"; names
# in Azerbaijani (a fallback) are keyed as they are read there.
_STRIP = str.maketrans({quote: " " for quote in QUOTES} | {"ё": "е", "Ё": "Е"})
_MARKS = re.compile(r"[\u0300-\u036f]")


def _plain_key(text: str) -> tuple:
    # Azerbaijani letters as their Latin base letters (ə as e: nap_portal.text.fold), other
    # diacritics dropped, case ignored.
    folded = unicodedata.normalize("NFKD", fold(text.translate(_STRIP)))
    folded = " ".join(_MARKS.sub("", folded).split()).strip(" .,;:-")
    # Cyrillic after Latin, so a Russian list keeps its untranslated names together.
    return (tuple(ord(char) for char in folded), text)


def sort_key(obj, field: str = "name", language: str | None = None) -> tuple:
    """Where ``obj`` goes in a list sorted by ``field`` as the reader sees it.

    Azerbaijani pages use the Azerbaijani alphabet (``nap_portal.text.az_sort_key``); English
    and Russian pages sort the shown text, translations and fallbacks alike, ignoring case,
    quotes and diacritics; a fallback name sorts by its Azerbaijani words without legal form.
    """
    value = localized(obj, field, language)
    if value.page == CANONICAL:
        return az_sort_key(value.text)
    text = sort_words(value.text) if value.fell_back else value.text
    return _plain_key(text)


def localized_sorted(
    items: Iterable[T],
    field: str = "name",
    language: str | None = None,
    key: Callable[[T], object] | None = None,
) -> list[T]:
    """``items`` in the reader's alphabetical order of ``field`` (of ``key(item)`` if given)."""
    target = key or (lambda item: item)
    return sorted(items, key=lambda item: sort_key(target(item), field, language))
