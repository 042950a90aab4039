"""Public agency pages: the agencies by category, and one agency's measures and record."""

from collections import defaultdict

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from agencies.models import Agency, AgencyCategory
from nap_portal.content_language import localized_sorted
from plans.models import Assignment
from plans.search import matches, query_words

from .scorecard import agency_scorecard
from .selectors import (
    agency_assignments,
    agency_periods_records,
    agency_report_years,
    agency_sub_item_assignments,
    public_agencies,
)


class AgencyListView(ListView):
    """Agencies by category; ``q`` keeps those whose names match (folded in Python: ~100 rows)."""

    template_name = "agencies/list.html"
    context_object_name = "categories"

    def get_queryset(self):
        agencies = public_agencies().prefetch_related("aliases")
        return AgencyCategory.objects.prefetch_related(Prefetch("agencies", queryset=agencies))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = " ".join((self.request.GET.get("q") or "").split())[:200]
        words = query_words(q)
        groups, total = [], 0
        for category in context["categories"]:
            found = localized_sorted(a for a in category.agencies.all() if self.matches(a, words))
            if found:
                groups.append((category, found))
                total += len(found)
        context.update(q=q, words=words, groups=groups, result_count=total)
        return context

    @staticmethod
    def matches(agency: Agency, words: list[str]) -> bool:
        if not words:
            return True
        names = [agency.name, agency.short_name, agency.name_en, agency.name_ru]
        names += [alias.alias for alias in agency.aliases.all()]
        return matches(" ".join(name for name in names if name), words)


class AgencyDetailView(DetailView):
    """One agency's measures by plan and role, its reporting record per plan and year, and
    its signed report documents of each final year with public reports."""

    template_name = "agencies/detail.html"
    context_object_name = "agency"

    def get_queryset(self):
        return public_agencies().select_related("category", "parent")

    def get_context_data(self, **kwargs):
        agency = self.object
        assignments = agency_assignments(agency)
        plans: dict[int, dict] = {}
        for assignment in assignments:
            plan = assignment.measure.plan
            entry = plans.setdefault(
                plan.pk, {"plan": plan, "roles": defaultdict(list), "sub_items": []}
            )
            entry["roles"][assignment.role].append(assignment)
        # It reports on the measures of the sub-items it executes, too.
        for assignment in agency_sub_item_assignments(agency):
            plan = assignment.sub_item.measure.plan
            entry = plans.setdefault(
                plan.pk, {"plan": plan, "roles": defaultdict(list), "sub_items": []}
            )
            entry["sub_items"].append(assignment)
        records = agency_periods_records(agency, plans.keys())
        report_years = agency_report_years(agency, list(plans))
        for entry in plans.values():
            entry["roles"] = [
                (label, entry["roles"][role])
                for role, label in Assignment.Role.choices
                if entry["roles"][role]
            ]
            entry["record"] = records.get(entry["plan"].pk, [])
            entry["report_years"] = report_years.get(entry["plan"].pk, [])
        return super().get_context_data(plans=list(plans.values()), **kwargs)


class AgencyScorecardView(DetailView):
    """``/agencies/<slug>/scorecard/``: the agency across every public plan — measures by
    role, their statuses in the latest final year, reports due, handed in and on time."""

    template_name = "agencies/scorecard.html"
    context_object_name = "agency"

    def get_queryset(self):
        return public_agencies().select_related("category")

    def get_context_data(self, **kwargs):
        cards, total = agency_scorecard(self.object)
        # Civil-society assessments (the civic app) join the scorecard once they exist: the
        # lead connects a public selector here; None keeps the section out of the page.
        civic_assessments = None
        return super().get_context_data(
            cards=cards,
            total=total,
            measure_total=sum(card.measure_count for card in cards),
            civic_assessments=civic_assessments,
            **kwargs,
        )
