"""The public URLs (stable: people link to them), in the ``plans`` and ``agencies`` namespaces
the templates and links have always used."""

from django.urls import path

from . import agency_views, civic_views, downloads, feeds, views, widgets
from .exports import views as exports
from .pages import FeedsPage, PortalPage

plan_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("plans/<slug:slug>/", views.BoardView.as_view(), name="board"),
    path("plans/<slug:slug>/feed/", feeds.PlanFeed(), name="feed"),
    path(
        "plans/<slug:slug>/amendments/",
        views.AmendmentRegisterView.as_view(),
        name="amendments",
    ),
    path("plans/<slug:slug>/widget/", widgets.plan_widget, name="widget"),
    path("plans/<slug:slug>/badge.svg", widgets.plan_badge, name="badge"),
    path("plans/<slug:slug>/measures/<str:number>/", views.MeasureView.as_view(), name="measure"),
    path("plans/<slug:slug>/export.<str:fmt>", exports.board_export, name="board-export"),
    path(
        "plans/<slug:slug>/reports/<int:year>.<str:fmt>",
        exports.consolidated_report,
        name="report-download",
    ),
]

agency_patterns = [
    path("", agency_views.AgencyListView.as_view(), name="list"),
    path("<slug:slug>/", agency_views.AgencyDetailView.as_view(), name="detail"),
    path("<slug:slug>/feed/", feeds.AgencyFeed(), name="feed"),
    path("<slug:slug>/scorecard/", agency_views.AgencyScorecardView.as_view(), name="scorecard"),
    path("<slug:slug>/widget/", widgets.agency_widget, name="widget"),
    path("<slug:slug>/badge.svg", widgets.agency_badge, name="badge"),
    path(
        "<slug:slug>/reports/<slug:plan>/<int:year>.<str:fmt>",
        exports.agency_report,
        name="report-download",
    ),
]

evidence_patterns = [
    path("evidence/<int:pk>/", downloads.public_evidence_file, name="published_evidence"),
]

civic_patterns = [
    path("", civic_views.OrganisationListView.as_view(), name="list"),
    path("files/<int:pk>/", civic_views.civic_file, name="file"),
    path("<slug:slug>/", civic_views.OrganisationView.as_view(), name="organisation"),
    path("<slug:slug>/feed/", feeds.OrganisationFeed(), name="feed"),
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
