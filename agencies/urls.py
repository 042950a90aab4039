from django.urls import path

from plans.views import AgencyFeed
from reports.exports import views as exports

from . import views

app_name = "agencies"
urlpatterns = [
    path("", views.AgencyListView.as_view(), name="list"),
    path("<slug:slug>/", views.AgencyDetailView.as_view(), name="detail"),
    path("<slug:slug>/feed/", AgencyFeed(), name="feed"),
    path(
        "<slug:slug>/reports/<slug:plan>/<int:year>.<str:fmt>",
        exports.agency_report,
        name="report-download",
    ),
]
