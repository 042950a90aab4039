"""Atom feeds of newly published reports, per plan and per agency.

Report text is text: Django's Atom feed declares the summary ``type="html"``, so the text is
HTML-escaped here (line breaks kept as ``<br>``) and then XML-escaped by the feed writer. A
reader that unescapes the XML once gets escaped HTML: ``<script>`` stays visible text.
"""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from nap_portal.content_language import localized_text

from .selectors import (
    newest_report_ids,
    organisation_assessments,
    public_agencies,
    public_organisations,
    public_plans,
    public_reports,
)

# Imported reports have no publication time; PostgreSQL would put them first in a descending
# order, pushing what was just published out of the feed.
NEWEST_FIRST = F("published_at").desc(nulls_last=True)


class PlanFeed(Feed):
    """Atom feed of a plan's newly published reports."""

    feed_type = Atom1Feed
    limit = 50

    def get_object(self, request, slug):
        return get_object_or_404(public_plans(), slug=slug)

    def title(self, plan):
        return _("Published reports: %(plan)s") % {"plan": localized_text(plan, "title")}

    def link(self, plan):
        return plan.get_absolute_url()

    def items(self, plan):
        return self.in_full(newest_report_ids(plan, self.limit))

    def newest(self, reports) -> list:
        """The ``limit`` newest of ``reports``: their ids first, sorting narrow rows, then
        those rows in full (sorting 100,000 whole reports took three times as long)."""
        ids = list(
            reports.order_by(NEWEST_FIRST, "-period__year", "-pk").values_list("pk", flat=True)[
                : self.limit
            ]
        )
        return self.in_full(ids)

    @staticmethod
    def in_full(ids: list[int]) -> list:
        """The reports of ``ids``, in that order, with what an entry shows."""
        rows = (
            public_reports().filter(pk__in=ids).select_related("measure__plan", "agency", "period")
        )
        by_pk = {report.pk: report for report in rows}
        return [by_pk[pk] for pk in ids]

    def item_title(self, report):
        name = localized_text(report.agency, "name")
        return f"{report.measure.number} · {name} · {report.period.year}"

    def item_description(self, report):
        return "<br>".join(escape(paragraph) for paragraph in report.paragraphs)

    def item_link(self, report):
        return f"{report.measure.get_absolute_url()}#report-{report.pk}"

    def item_pubdate(self, report):
        return report.published_at or report.created_at

    def item_updateddate(self, report):
        return report.published_at or report.created_at


class AgencyFeed(PlanFeed):
    """Atom feed of one agency's newly published reports, in every plan."""

    def get_object(self, request, slug):
        agency = public_agencies().filter(slug=slug).first()
        if agency is None:
            raise Http404
        return agency

    def title(self, agency):
        return _("Published reports: %(agency)s") % {"agency": localized_text(agency, "name")}

    def link(self, agency):
        return agency.get_absolute_url()

    def items(self, agency):
        return self.newest(public_reports().filter(agency=agency))


def _paragraphs(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines() if line.strip())


class OrganisationFeed(Feed):
    """Atom feed of a civil-society organisation's published assessments, each with the
    executors' replies and the organisation's answers (escaped text, as above)."""

    feed_type = Atom1Feed
    limit = 50

    def get_object(self, request, slug):
        return get_object_or_404(public_organisations(), slug=slug)

    def title(self, organisation):
        return _("Assessments: %(organisation)s") % {
            "organisation": localized_text(organisation, "name")
        }

    def link(self, organisation):
        return organisation.get_absolute_url()

    def items(self, organisation):
        return organisation_assessments(organisation)[: self.limit]

    def item_title(self, assessment):
        plan = localized_text(assessment.measure.plan, "title")
        return f"{assessment.item_number} · {plan} · {assessment.year}"

    def item_description(self, assessment):
        if assessment.is_hidden:
            return escape(
                _("Hidden by the secretariat: %(reason)s") % {"reason": assessment.hidden_reason}
            )
        scales = _("Completion: %(completion)s · Did it open government? %(opened)s")
        parts = [
            escape(
                scales
                % {
                    "completion": assessment.get_completion_display(),
                    "opened": assessment.get_opened_government_display(),
                }
            ),
            _paragraphs(assessment.text),
        ]
        for reply in assessment.replies.all():
            heading = _("Reply of %(agency)s (%(stance)s, %(date)s)") % {
                "agency": reply.agency.name,
                "stance": reply.get_stance_display(),
                "date": f"{reply.created_at:%Y-%m-%d}",
            }
            parts += [escape(heading), _paragraphs(reply.text)]
            if reply.answered_at:
                answer = _("The organisation's answer (%(date)s)") % {
                    "date": f"{reply.answered_at:%Y-%m-%d}"
                }
                parts += [escape(answer), _paragraphs(reply.answer)]
        return "<br><br>".join(parts)

    def item_link(self, assessment):
        return f"{assessment.measure.get_absolute_url()}#assessment-{assessment.pk}"

    def item_pubdate(self, assessment):
        return assessment.published_at

    def item_updateddate(self, assessment):
        latest = [assessment.published_at, assessment.hidden_at]
        for reply in assessment.replies.all():
            latest += [reply.created_at, reply.answered_at]
        return max(moment for moment in latest if moment)
