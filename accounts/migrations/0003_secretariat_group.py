"""The secretariat's group and the model permissions it needs to run the portal in the admin.

Plan content, agencies, users, periods and tokens it manages; reports and everything written
by the reporting workflow it reads only (they change through ``reports.services``);
amendments it reads only (the amendment service writes them). The list is frozen here like
any migration: a new model's permissions are granted by a new migration.
"""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")
VIEW = ("view",)

# (app label, model name) → actions
PERMISSIONS = {
    ("agencies", "agencycategory"): ALL,
    ("agencies", "agency"): ALL,
    ("agencies", "agencyalias"): ALL,
    ("agencies", "agencymembership"): ALL,
    ("plans", "plan"): ALL,
    ("plans", "priority"): ALL,
    ("plans", "measure"): ALL,
    ("plans", "assignment"): ALL,
    ("plans", "subitem"): ALL,
    ("plans", "subitemassignment"): ALL,
    ("plans", "indicator"): ALL,
    ("plans", "indicatortarget"): ALL,
    ("plans", "amendment"): VIEW,
    ("reports", "reportingperiod"): ALL,
    ("reports", "progressreport"): VIEW,
    ("reports", "evidence"): VIEW,
    ("reports", "reminder"): VIEW,
    ("reports", "reviewdigest"): VIEW,
    ("reports", "clarification"): VIEW,
    ("reports", "deadlineextension"): VIEW,
    ("reports", "agencysignature"): VIEW,
    ("accounts", "apitoken"): ("change", "delete", "view"),
    ("auth", "user"): ALL,
    # Officers put users in groups; what a group may do is fixed here, not in the admin.
    ("auth", "group"): VIEW,
    # A lost phone: the officer removes the user's authenticator or backup codes.
    ("otp_totp", "totpdevice"): ("delete", "view"),
    ("otp_static", "staticdevice"): ("delete", "view"),
    # Unlocking a locked-out account is deleting its access attempts.
    ("axes", "accessattempt"): ("delete", "view"),
    ("axes", "accessfailurelog"): VIEW,
    ("axes", "accesslog"): VIEW,
    ("auditlog", "logentry"): VIEW,
    ("operations", "auditevent"): VIEW,
    ("django_tasks_database", "dbtaskresult"): VIEW,
}


def grant(apps, schema_editor):
    # Permission rows are created after all migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)
    for (app_label, model), actions in PERMISSIONS.items():
        codenames = [f"{action}_{model}" for action in actions]
        found = Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        group.permissions.add(*found)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=settings.SECRETARIAT_GROUP):
        group.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_hash_existing_tokens"),
        ("agencies", "0002_russian_names_non_state_categories"),
        ("plans", "0005_indicators_sub_items_amendments"),
        ("reports", "0007_agency_signature"),
        ("operations", "0001_initial"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
        ("otp_totp", "__latest__"),
        ("otp_static", "__latest__"),
        ("axes", "__latest__"),
        ("auditlog", "__latest__"),
        ("django_tasks_database", "__latest__"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
