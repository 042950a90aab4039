from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("plans/<slug:slug>/", views.BoardView.as_view(), name="board"),
    path("plans/<slug:slug>/measures/<str:number>/", views.MeasureView.as_view(), name="measure"),
]
