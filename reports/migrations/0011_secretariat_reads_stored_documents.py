"""The secretariat's group sees the stored documents in the admin (a failed or slow build);
they are built by the task queue only (public.documents)."""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("reports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="reports",
            codename__in=["view_storeddocument", "view_planupload"],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=settings.SECRETARIAT_GROUP):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="reports",
                codename__in=["view_storeddocument", "view_planupload"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0010_stored_documents"),
        ("accounts", "0003_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
