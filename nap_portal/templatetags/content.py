"""``{% load content %}``: plans', measures' and agencies' text in the reader's language
(nap_portal.content_language), marked with its own ``lang`` when it is not the page's."""

from django import template
from django.utils.safestring import SafeString

from nap_portal import content_language
from nap_portal.content_language import Localized

register = template.Library()


@register.filter
def tr(obj, field: str = "name") -> Localized | str:
    """``{{ agency|tr:"name" }}``: the translation of the page's language, else the
    Azerbaijani text inside ``<span lang="az">``."""
    if obj is None or obj == "":
        return ""
    return content_language.localized(obj, field)


@register.filter
def tr_text(obj, field: str = "name") -> str:
    """``{{ plan|tr_text:"title" }}``: the bare text of ``tr``, for titles and attributes."""
    if obj is None or obj == "":
        return ""
    return content_language.localized_text(obj, field)


@register.filter
def az(text) -> Localized | str:
    """``{{ report_paragraph|az }}``: text written in Azerbaijani only, marked on other pages."""
    if isinstance(text, Localized):
        return text
    return content_language.in_page_language("" if text is None else str(text))


@register.filter
def words(value, count: int) -> Localized | str:
    """``{{ measure|tr:"title"|words:18 }}``: the first words, keeping the text's language."""
    if isinstance(value, Localized):
        return value.truncated(int(count))
    return content_language.in_page_language(str(value or "")).truncated(int(count))


@register.simple_tag
def lang_attr(lang: str = content_language.CANONICAL) -> SafeString:
    """``<div{% lang_attr %}>``: `` lang="az"`` when the page is in another language."""
    return content_language.lang_attribute(lang)
