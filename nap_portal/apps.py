from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin with the portal's site (nap_portal.admin_site)."""

    default_site = "nap_portal.admin_site.PortalAdminSite"
