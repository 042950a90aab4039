"""Template helpers of the public pages: search highlighting and board links (names in the
reader's language come from nap_portal.content_language, ``{% load content %}``)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from nap_portal.content_language import Localized, localized, localized_sorted
from plans import search

register = template.Library()


@register.filter
def highlight(text, words: list[str]) -> SafeString:
    """``{{ measure|tr:"title"|highlight:words }}``: the text escaped, query matches in
    <mark>, inside ``<span lang>`` when it is in another language than the page."""
    if isinstance(text, Localized):
        return text.html(search.highlight(text.text, words or []))
    return search.highlight(text or "", words or [])


@register.simple_tag
def board_query(filters, **changes) -> str:
    """``{% board_query filters page=2 %}``: the query string of a filter state."""
    return filters.query_string(**changes)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def executor_list(context, assignments) -> SafeString:
    """The executors of one role as links, comma-separated; categories marked, with the
    agencies they oblige when the view loaded them (``assignment.members``).

    Built in Python rather than by an include per executor: the board renders hundreds.
    """
    words = context.get("words") or []
    # One link per agency and page: a board page names the same few agencies again and again.
    links = context.render_context.setdefault("executor_links", {})
    parts = []
    for a in assignments:
        if a.agency_id:
            if a.agency_id not in links:
                name = highlight(localized(a.agency, "name"), words)
                links[a.agency_id] = format_html(
                    '<a href="{}">{}</a>', a.agency.get_absolute_url(), name
                )
            parts.append(links[a.agency_id])
            continue
        html = format_html(
            '<span class="category">{}</span> <span class="muted">({})</span>',
            highlight(localized(a.category, "name"), words),
            gettext("category"),
        )
        members = getattr(a, "members", None)
        if members:
            summary = ngettext(
                "%(count)d agency obliged", "%(count)d agencies obliged", len(members)
            ) % {"count": len(members)}
            items = format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                (
                    (agency.get_absolute_url(), localized(agency, "name"))
                    for agency in localized_sorted(members)
                ),
            )
            html += format_html(
                '<details class="members"><summary>{}</summary><ul>{}</ul></details>',
                summary,
                items,
            )
        parts.append(html)
    return mark_safe(", ".join(parts))  # each part is built by format_html


@register.simple_tag(takes_context=True)
def executors(context, measure) -> SafeString:
    """``{% executors measure %}``: the measure's executors by role as a definition list.

    Built in Python rather than by an include per measure: the board renders a page of them.
    """
    by_role = measure.assignments_by_role()
    # The role headings, translated once per page.
    labels = context.render_context.get("executor_roles")
    if labels is None:
        labels = context.render_context["executor_roles"] = (
            gettext("Main executor"),
            gettext("Other executors"),
            gettext("Recommended (not obliged)"),
        )
    rows = [
        ("", labels[0], by_role["main"]),
        ("", labels[1], by_role["co"]),
        (' class="recommended"', labels[2], by_role["recommended"]),
    ]
    parts = [
        format_html(
            "<div{}><dt>{}</dt><dd>{}</dd></div>",
            mark_safe(css),  # one of the literal attributes above
            label,
            executor_list(context, assignments),
        )
        for css, label, assignments in rows
        if assignments
    ]
    if not parts:
        parts.append(
            format_html(
                "<div><dt>{}</dt><dd>{}</dd></div>",
                gettext("Executors"),
                gettext("not stated in the plan"),
            )
        )
    return mark_safe('<dl class="executors">' + "".join(parts) + "</dl>")


@register.simple_tag
def status_badge(key: str, label: str, overdue: bool = False) -> SafeString:
    """A status as text with an icon shape (never colour alone), and "Overdue" when it is."""
    badge = (
        '<span class="status status-{}">'
        '<span class="status-icon" aria-hidden="true"></span>{}</span>'
    )
    html = format_html(badge, key, label)
    if overdue:
        html += format_html(" " + badge, "overdue", gettext("Overdue"))
    return html
