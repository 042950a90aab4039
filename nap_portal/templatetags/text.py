"""``{% load text %}``: shortened titles that end on a whole word (nap_portal.text.shorten)."""

from django import template

from nap_portal.text import shorten as shorten_text

register = template.Library()


@register.filter
def shorten(text: str | None, limit: int | str) -> str:
    """``{{ priority.title|shorten:60 }}``: at most 60 characters, whole words, "…" if cut."""
    try:
        return shorten_text(str(text or ""), int(limit))
    except (TypeError, ValueError):
        return str(text or "")
