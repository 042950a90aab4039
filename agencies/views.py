from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView

from plans.models import Assignment

from .models import Agency, AgencyCategory


class AgencyListView(ListView):
    template_name = "agencies/list.html"
    context_object_name = "categories"

    def get_queryset(self):
        agencies = Agency.objects.active().annotate(
            report_count=Count("reports", filter=Q(reports__state="published"))
        )
        return AgencyCategory.objects.prefetch_related(Prefetch("agencies", queryset=agencies))


class AgencyDetailView(DetailView):
    template_name = "agencies/detail.html"
    context_object_name = "agency"

    def get_queryset(self):
        return Agency.objects.active().select_related("category", "parent")

    def get_context_data(self, **kwargs):
        assignments = (
            Assignment.objects.filter(Q(agency=self.object) | Q(category=self.object.category))
            .select_related("measure__plan", "category")
            .order_by("measure__plan__title", "measure__sort_key")
        )
        return super().get_context_data(assignments=assignments, **kwargs)
