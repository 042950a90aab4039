"""The public URLs (stable: people link to them), in the ``plans`` and ``agencies`` namespaces
the templates and links have always used. Pages and feeds answer anonymous visitors from the
publication-keyed cache (public/page_cache.py); downloads stream (public/exports)."""

from django.urls import path

from . import agency_views, civic_views, downloads, feeds, views, widgets
from .page_cache import cached_page
from .pages import FeedsPage, PortalPage

plan_patterns = [
    path("", cached_page(views.HomeView.as_view()), name="home"),
    path("search/", cached_page(views.SearchView.as_view()), name="search"),
    path("plans/<slug:slug>/", cached_page(views.BoardView.as_view()), name="board"),
    path("plans/<slug:slug>/feed/", cached_page(feeds.PlanFeed()), name="feed"),
    path(
        "plans/<slug:slug>/amendments/",
        cached_page(views.AmendmentRegisterView.as_view()),
        name="amendments",
    ),
    # The widgets carry their own Cache-Control and framing headers (public.widgets).
    path("plans/<slug:slug>/widget/", widgets.plan_widget, name="widget"),
    path("plans/<slug:slug>/badge.svg", widgets.plan_badge, name="badge"),
    path(
        "plans/<slug:slug>/measures/<str:number>/",
        cached_page(views.MeasureView.as_view()),
        name="measure",
    ),
    path("plans/<slug:slug>/export.<str:fmt>", downloads.board_export, name="board-export"),
    path(
        "plans/<slug:slug>/reports/<int:year>.<str:fmt>",
        downloads.consolidated_report,
        name="report-download",
    ),
    path("plans/<slug:slug>/open-data.<str:fmt>", downloads.open_data_dump, name="open-data"),
]

agency_patterns = [
    path("", cached_page(agency_views.AgencyListView.as_view()), name="list"),
    path("<slug:slug>/", cached_page(agency_views.AgencyDetailView.as_view()), name="detail"),
    path("<slug:slug>/feed/", cached_page(feeds.AgencyFeed()), name="feed"),
    path(
        "<slug:slug>/scorecard/",
        cached_page(agency_views.AgencyScorecardView.as_view()),
        name="scorecard",
    ),
    path("<slug:slug>/widget/", widgets.agency_widget, name="widget"),
    path("<slug:slug>/badge.svg", widgets.agency_badge, name="badge"),
    path(
        "<slug:slug>/reports/<slug:plan>/<int:year>.<str:fmt>",
        downloads.agency_report,
        name="report-download",
    ),
]

evidence_patterns = [
    path("evidence/<int:pk>/", downloads.public_evidence_file, name="published_evidence"),
]

civic_patterns = [
    path("", cached_page(civic_views.OrganisationListView.as_view()), name="list"),
    path("files/<int:pk>/", civic_views.civic_file, name="file"),
    path("<slug:slug>/", cached_page(civic_views.OrganisationView.as_view()), name="organisation"),
    path("<slug:slug>/feed/", cached_page(feeds.OrganisationFeed()), name="feed"),
]

# The footer's pages (public.pages).
page_patterns = [
    path("about/", PortalPage.as_view(template_name="pages/about.html"), name="about"),
    path("contact/", PortalPage.as_view(template_name="pages/contact.html"), name="contact"),
    path(
        "accessibility/",
        PortalPage.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", PortalPage.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("open-data/", PortalPage.as_view(template_name="pages/open_data.html"), name="open-data"),
    path("feeds/", FeedsPage.as_view(), name="feeds"),
]
