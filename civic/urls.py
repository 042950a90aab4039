"""The civil-society workspace, under /workspace/civil-society/."""

from django.urls import path

from . import views

app_name = "civic"

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("assessments/new/", views.assessment_new, name="assessment-new"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/publish/", views.assessment_publish, name="assessment-publish"),
    path("assessments/<int:pk>/reply/", views.assessment_reply, name="assessment-reply"),
    path("assessments/<int:pk>/hide/", views.assessment_hide, name="assessment-hide"),
    path("replies/<int:pk>/answer/", views.reply_answer, name="reply-answer"),
    path("reply-window/", views.reply_window, name="reply-window"),
]
