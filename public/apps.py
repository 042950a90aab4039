from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public read side: pages, feeds, downloads and the open-data API."""

    name = "public"
    verbose_name = "Public read side"
