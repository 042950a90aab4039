"""The secretariat's group manages civil-society organisations, their members and monitoring
activities in the admin; assessments, replies and reply windows it reads only there (they
change through ``civic.services``: the secretariat may hide an assessment with a reason, never
edit one)."""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")
VIEW = ("view",)

PERMISSIONS = {
    "organisation": ALL,
    "organisationmembership": ALL,
    "monitoringproject": ALL,
    "monitoringactivity": ALL,
    "planreference": ALL,
    "activitylink": ALL,
    "civicfile": VIEW,
    "assessment": VIEW,
    "reply": VIEW,
    "replywindow": VIEW,
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("civic")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)
    for model, actions in PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="civic",
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=settings.SECRETARIAT_GROUP):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="civic"))


class Migration(migrations.Migration):
    dependencies = [
        ("civic", "0001_organisations_activities_assessments"),
        ("accounts", "0003_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
