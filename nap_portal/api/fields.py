"""Small helpers the API's serializers share: absolute links and field descriptions."""

from django.http import HttpRequest


def absolute(request: HttpRequest | None, path: str) -> str:
    """``path`` as an absolute URL of this site (relative when there is no request)."""
    return request.build_absolute_uri(path) if request is not None else path


def described(**help_texts: str) -> dict[str, dict[str, str]]:
    """``Meta.extra_kwargs`` giving model fields the descriptions the OpenAPI schema shows."""
    return {name: {"help_text": text} for name, text in help_texts.items()}
