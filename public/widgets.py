"""Embeddable status widgets of a plan or an agency: a small HTML card for an iframe and an
SVG badge for an <img>. No script; the numbers are the board's and the scorecard's.

Only these responses may be framed by other sites (their own X-Frame-Options and CSP
``frame-ancestors``); every other page keeps DENY / 'none'. They are cached by browsers and
by the embedding pages' caches for ``settings.WIDGET_CACHE_SECONDS`` and vary by language.
"""

from collections import Counter
from functools import wraps

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from nap_portal.content_language import localized_text
from nap_portal.text import shorten
from plans.status import bucket, says_something

from . import charts
from .board import BoardFilters, board_summary
from .scorecard import agency_scorecard
from .selectors import public_agencies, public_plans, year_record

# Each character of the badge's DejaVu Sans text at 11 px is about this wide.
BADGE_CHAR_WIDTH = 7


def cached(view):
    """Public, cached for WIDGET_CACHE_SECONDS, varying by the reader's language."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=settings.WIDGET_CACHE_SECONDS)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response

    return wrapped


def embeddable(view):
    """Any site may frame this response (and only this one)."""
    return xframe_options_exempt(csp_replace({"frame-ancestors": ["*"]})(view))


def plan_status(plan) -> dict:
    """The plan's statuses in its default year (the board's), and its reporting coverage."""
    filters = BoardFilters.for_plan(plan, {})
    counts = Counter(
        bucket(status, overdue) for _p, status, overdue in board_summary(plan, filters)
    )
    return {
        "year": filters.year,
        "bar": charts.status_bar(counts),
        "counts": counts,
        "says_something": says_something(counts),
        "coverage": charts.coverage_bar(year_record(plan, filters.year)),
    }


def agency_status(agency) -> dict:
    cards, total = agency_scorecard(agency)
    share = None if not total.expected else 100 * total.on_time / total.expected
    return {"cards": cards, "total": total, "on_time_share": share}


@embeddable
@cached
def plan_widget(request, slug: str):
    plan = get_object_or_404(public_plans(), slug=slug)
    return render(request, "widgets/plan.html", {"plan": plan, **plan_status(plan)})


@embeddable
@cached
def agency_widget(request, slug: str):
    agency = get_object_or_404(public_agencies(), slug=slug)
    return render(request, "widgets/agency.html", {"agency": agency, **agency_status(agency)})


def svg_badge(label: str, value: str, title: str, tone: str) -> HttpResponse:
    label_width = BADGE_CHAR_WIDTH * len(label) + 12
    value_width = BADGE_CHAR_WIDTH * len(value) + 12
    svg = render_to_string(
        "widgets/badge.svg",
        {
            "label": label,
            "value": value,
            "title": title,
            "tone": tone,
            "label_width": label_width,
            "value_width": value_width,
            "width": label_width + value_width,
            "label_x": label_width / 2,
            "value_x": label_width + value_width / 2,
        },
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Badge colours with white text at 4.5:1 or more.
TONES = {"good": "#1e7b34", "middling": "#8a5a00", "poor": "#b42318", "none": "#55606b"}


def tone_of(share: float | None) -> str:
    if share is None:
        return "none"
    return "good" if share >= 80 else "middling" if share >= 50 else "poor"


@cached
def plan_badge(request, slug: str):
    plan = get_object_or_404(public_plans(), slug=slug)
    status = plan_status(plan)
    title = shorten(localized_text(plan, "title"), 120)
    if status["says_something"]:
        done, total = status["counts"].get("done", 0), status["bar"]["total"]
        label = _("Done in %(year)s") % {"year": status["year"]}
        value = f"{done} / {total}"
        share = 100 * done / total if total else None
    elif status["coverage"]:
        coverage = status["coverage"]
        label = _("Reports %(year)s") % {"year": status["year"]}
        value = f"{coverage['handed_in']} / {coverage['total']}"
        share = coverage["share"]
    else:
        label, value, share = _("Status %(year)s") % {"year": status["year"]}, "—", None
    return svg_badge(label, value, f"{title}: {label} {value}", TONES[tone_of(share)])


@cached
def agency_badge(request, slug: str):
    agency = get_object_or_404(public_agencies(), slug=slug)
    status = agency_status(agency)
    share = status["on_time_share"]
    value = "—" if share is None else f"{share:.0f}%"
    label = _("Reports on time")
    return svg_badge(
        label, value, f"{localized_text(agency, 'name')}: {label} {value}", TONES[tone_of(share)]
    )
