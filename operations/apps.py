from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Connects the audit trail to Django's auth signals and django-auditlog's entries.
        from django.db.models.signals import post_migrate

        # lazy: receivers import models, which an AppConfig module must not import at load.
        from . import receivers

        # `migrate` also creates the table of a database cache (production's default without
        # CACHE_URL), so a deployment needs no extra step.
        post_migrate.connect(receivers.create_cache_table, sender=self)
