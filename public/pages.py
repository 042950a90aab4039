"""The portal's own pages, linked from every page's footer: about, contact, accessibility
statement, privacy notice, the open-data API and the feeds.

Their text is in the catalogs (Azerbaijani first, then English); what varies by installation —
the secretariat's contact, the retention of the audit trail, the session limits — comes from
settings, so a page never states what the deployment does not do.
"""

from django.conf import settings
from django.views.generic import TemplateView

from nap_portal.content_language import localized_sorted

from .selectors import public_agencies, public_plans


class PortalPage(TemplateView):
    """A static page with the settings it quotes."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contact=settings.SECRETARIAT_CONTACT,
            audit_retention_days=settings.AUDIT_RETENTION_DAYS,
            session_idle_minutes=settings.SESSION_IDLE_TIMEOUT,
            session_hours=settings.SESSION_COOKIE_AGE // 3600,
            **kwargs,
        )


class FeedsPage(PortalPage):
    """What a feed is, how to subscribe, and every feed: one per public plan and one per
    agency (two queries whatever the number of agencies)."""

    template_name = "pages/feeds.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plans=list(public_plans().only("slug", "title", "title_en")),
            agencies=localized_sorted(public_agencies().only("slug", "name", "name_en", "name_ru")),
            **kwargs,
        )
