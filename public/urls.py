"""The public URLs (stable: people link to them), in the ``plans`` and ``agencies`` namespaces
the templates and links have always used. Pages and feeds answer anonymous visitors from the
publication-keyed cache (public/page_cache.py); downloads stream (public/exports)."""

from django.urls import path

from . import agency_views, downloads, feeds, views
from .exports import views as exports
from .page_cache import cached_page

plan_patterns = [
    path("", cached_page(views.HomeView.as_view()), name="home"),
    path("search/", cached_page(views.SearchView.as_view()), name="search"),
    path("plans/<slug:slug>/", cached_page(views.BoardView.as_view()), name="board"),
    path("plans/<slug:slug>/feed/", cached_page(feeds.PlanFeed()), name="feed"),
    path(
        "plans/<slug:slug>/measures/<str:number>/",
        cached_page(views.MeasureView.as_view()),
        name="measure",
    ),
    path("plans/<slug:slug>/export.<str:fmt>", exports.board_export, name="board-export"),
    path(
        "plans/<slug:slug>/reports/<int:year>.<str:fmt>",
        exports.consolidated_report,
        name="report-download",
    ),
]

agency_patterns = [
    path("", cached_page(agency_views.AgencyListView.as_view()), name="list"),
    path("<slug:slug>/", cached_page(agency_views.AgencyDetailView.as_view()), name="detail"),
    path("<slug:slug>/feed/", cached_page(feeds.AgencyFeed()), name="feed"),
    path(
        "<slug:slug>/reports/<slug:plan>/<int:year>.<str:fmt>",
        exports.agency_report,
        name="report-download",
    ),
]

evidence_patterns = [
    path("evidence/<int:pk>/", downloads.public_evidence_file, name="published_evidence"),
]
