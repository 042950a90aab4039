from django.urls import path

from reports.exports import views as exports

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("plans/<slug:slug>/", views.BoardView.as_view(), name="board"),
    path("plans/<slug:slug>/feed/", views.PlanFeed(), name="feed"),
    path("plans/<slug:slug>/measures/<str:number>/", views.MeasureView.as_view(), name="measure"),
    path("plans/<slug:slug>/export.<str:fmt>", exports.board_export, name="board-export"),
    path(
        "plans/<slug:slug>/reports/<int:year>.<str:fmt>",
        exports.consolidated_report,
        name="report-download",
    ),
]
