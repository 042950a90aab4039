from django.urls import path

from . import bulk_review, intake_views, translations, views

app_name = "reports"
urlpatterns = [
    path("", views.WorkspaceView.as_view(), name="workspace"),
    path(
        "periods/<int:period_pk>/measures/<int:measure_pk>/agencies/<int:agency_pk>/",
        views.start_report,
        name="start",
    ),
    path(
        "periods/<int:period_pk>/agencies/<int:agency_pk>/signature/",
        views.sign_report,
        name="signature",
    ),
    path("reports/<int:pk>/", views.report_detail, name="detail"),
    path("reports/<int:pk>/edit/", views.edit_report, name="edit"),
    path("reports/<int:pk>/submit/", views.submit, name="submit"),
    path("reports/<int:pk>/history/", views.history, name="history"),
    path("reports/<int:pk>/clarifications/", views.clarify, name="clarify"),
    path("reports/<int:pk>/evidence/", views.add_evidence, name="add_evidence"),
    path("reports/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence_file"),
    path(
        "reports/<int:pk>/evidence/<int:evidence_pk>/remove/",
        views.remove_evidence,
        name="remove_evidence",
    ),
    path("reports/<int:pk>/accept/", views.accept, name="accept"),
    path("reports/<int:pk>/return/", views.return_, name="return"),
    path("reports/<int:pk>/publish/", views.publish, name="publish"),
    path("reports/<int:pk>/correct/", views.correct, name="correct"),
    path("review/", views.review_queue, name="review"),
    path("review/bulk/", bulk_review.bulk_review, name="bulk_review"),
    path("periods/", views.periods, name="periods"),
    path("periods/<int:pk>/publish/", views.publish_period, name="publish_period"),
    path("periods/<int:pk>/compliance/", views.compliance_table, name="compliance"),
    path("periods/<int:pk>/compliance.csv", views.compliance_csv, name="compliance_csv"),
    path("periods/<int:pk>/extensions/", views.extend_deadline, name="extend_deadline"),
    path("audit/", views.audit_trail, name="audit"),
    path("audit.csv", views.audit_csv, name="audit_csv"),
    path("tasks/", views.task_list, name="tasks"),
    path("translations/", translations.translations, name="translations"),
    path("intake/", intake_views.intake, name="intake"),
    path("intake/template.<str:fmt>", intake_views.intake_template, name="intake_template"),
    path(
        "intake/plans/<slug:slug>/export.<str:fmt>",
        intake_views.intake_export,
        name="intake_export",
    ),
    path("intake/<str:token>/", intake_views.intake_upload, name="intake_upload"),
    path("intake/<str:token>/names/", intake_views.intake_map_name, name="intake_map_name"),
    path("intake/<str:token>/confirm/", intake_views.intake_confirm, name="intake_confirm"),
]
