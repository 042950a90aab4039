from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Connects the audit trail to Django's auth signals and django-auditlog's entries.
        from . import receivers  # noqa: F401
