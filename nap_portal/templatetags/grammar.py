"""``{% load grammar %}``: Azerbaijani grammar in templates (nap_portal.grammar)."""

from django import template

from nap_portal import grammar

register = template.Library()


@register.filter
def year_in_text(year: int | str | None) -> str:
    """``{{ period.year|year_in_text }}``: "2022-ci" in Azerbaijani, "2022" elsewhere; a value
    that is no year is shown as it is."""
    try:
        return grammar.year_in_text(int(year))
    except (TypeError, ValueError):
        return "" if year is None else str(year)


@register.filter
def number(value) -> str:
    """``{{ value|number }}``: a decimal in the reader's language, without trailing zeros."""
    return grammar.number(value)


@register.filter
def genitive(name: str | None) -> str:
    """``{{ agency.name|genitive }}``: the name in the genitive in Azerbaijani
    ("Ədliyyə Nazirliyinin"), as it is elsewhere (the English msgid says "{{ agency }}'s")."""
    return grammar.genitive_in_text(name or "")
