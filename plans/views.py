from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import Assignment, Measure, Plan


class HomeView(ListView):
    """The plans, each with its counts of priorities, measures and agencies."""

    template_name = "plans/home.html"
    context_object_name = "plans"

    def get_queryset(self):
        return Plan.objects.exclude(status=Plan.Status.DRAFT).annotate(
            priority_count=Count("priorities", distinct=True),
            measure_count=Count("measures", distinct=True),
            agency_count=Count("measures__assignments__agency", distinct=True),
        )


class BoardView(DetailView):
    """A plan's priorities and measures with executors by role and period."""

    template_name = "plans/board.html"
    context_object_name = "plan"

    def get_queryset(self):
        return Plan.objects.exclude(status=Plan.Status.DRAFT)

    def get_context_data(self, **kwargs):
        measures = Measure.objects.with_executors().in_order()
        priorities = self.object.priorities.prefetch_related(
            Prefetch("measures", queryset=measures)
        )
        return super().get_context_data(priorities=priorities, **kwargs)


class MeasureView(DetailView):
    template_name = "plans/measure.html"
    context_object_name = "measure"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Measure.objects.with_executors().exclude(plan__status=Plan.Status.DRAFT),
            plan__slug=self.kwargs["slug"],
            number=self.kwargs["number"],
        )

    def get_context_data(self, **kwargs):
        from reports.models import ProgressReport

        reports = (
            ProgressReport.objects.published()
            .filter(measure=self.object, period__is_published=True)
            .select_related("agency", "period")
            .order_by("-period__year", "position")
        )
        return super().get_context_data(reports=reports, roles=Assignment.Role, **kwargs)
