"""The public URLs (stable: people link to them), in the ``plans`` and ``agencies`` namespaces
the templates and links have always used."""

from django.urls import path

from . import agency_views, downloads, feeds, views

plan_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("plans/<slug:slug>/", views.BoardView.as_view(), name="board"),
    path("plans/<slug:slug>/feed/", feeds.PlanFeed(), name="feed"),
    path("plans/<slug:slug>/measures/<str:number>/", views.MeasureView.as_view(), name="measure"),
    path("plans/<slug:slug>/export.<str:fmt>", downloads.board_export, name="board-export"),
    path(
        "plans/<slug:slug>/reports/<int:year>.<str:fmt>",
        downloads.consolidated_report,
        name="report-download",
    ),
    path("plans/<slug:slug>/open-data.<str:fmt>", downloads.open_data_dump, name="open-data"),
]

agency_patterns = [
    path("", agency_views.AgencyListView.as_view(), name="list"),
    path("<slug:slug>/", agency_views.AgencyDetailView.as_view(), name="detail"),
    path("<slug:slug>/feed/", feeds.AgencyFeed(), name="feed"),
    path(
        "<slug:slug>/reports/<slug:plan>/<int:year>.<str:fmt>",
        downloads.agency_report,
        name="report-download",
    ),
]

evidence_patterns = [
    path("evidence/<int:pk>/", downloads.public_evidence_file, name="published_evidence"),
]
