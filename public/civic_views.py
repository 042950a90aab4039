"""Public civil-society pages: the organisations, one organisation's activities and
assessments, and their files."""

from django.http import Http404
from django.views.generic import DetailView, ListView

from reports.evidence import evidence_download

from .selectors import (
    organisation_activities,
    organisation_assessments,
    organisation_projects,
    public_civic_file,
    public_organisations,
)


class OrganisationListView(ListView):
    template_name = "civic/public/list.html"
    context_object_name = "organisations"

    def get_queryset(self):
        return public_organisations().order_by("name")


class OrganisationView(DetailView):
    """One organisation: its monitoring projects with their totals, its activities with the
    plan items they rest on (linked when the portal holds them), and its assessments."""

    template_name = "civic/public/organisation.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return public_organisations()

    def get_context_data(self, **kwargs):
        organisation = self.object
        return super().get_context_data(
            projects=organisation_projects(organisation),
            activities=organisation_activities(organisation),
            assessments=organisation_assessments(organisation),
            **kwargs,
        )


def civic_file(request, pk: int):
    item = public_civic_file(pk)
    if not item.file:
        raise Http404
    return evidence_download(item)
