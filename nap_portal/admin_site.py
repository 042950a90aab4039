"""The admin site of the portal: its name, and model names capitalised the Azerbaijani way
(Django's capfirst writes "Indikatorlar" for "indikatorlar")."""

from django.contrib import admin
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .text import az_capfirst


class PortalAdminSite(admin.AdminSite):
    site_header = _("NAP Portal: administration")
    site_title = _("NAP Portal")
    index_title = _("Plans, agencies, users and reporting")

    def _build_app_dict(self, request, label=None):
        app_dict = super()._build_app_dict(request, label)
        if not (get_language() or "").startswith("az") or not app_dict:
            return app_dict
        for app in [app_dict] if label is not None else app_dict.values():
            for model in app["models"]:
                model["name"] = az_capfirst(str(model["model"]._meta.verbose_name_plural))
        return app_dict
