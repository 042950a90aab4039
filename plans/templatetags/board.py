"""Template helpers of the public pages: search highlighting and board links."""

from django import template
from django.utils.safestring import SafeString

from plans import search

register = template.Library()


@register.filter
def highlight(text: str, words: list[str]) -> SafeString:
    """``{{ measure.title|highlight:words }}``: the text escaped, query matches in <mark>."""
    return search.highlight(text or "", words or [])


@register.simple_tag
def board_query(filters, **changes) -> str:
    """``{% board_query filters page=2 %}``: the query string of a filter state."""
    return filters.query_string(**changes)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
