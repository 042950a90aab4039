"""Issuing and revoking API tokens."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ApiToken, digest_of


@transaction.atomic
def issue_token(*, user, name: str = "", days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user``; the key is returned once and never stored."""
    key = secrets.token_hex(20)
    days = days or settings.API_TOKEN_DAYS
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:8],
        digest=digest_of(key),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, key


@transaction.atomic
def revoke_token(*, token: ApiToken, by) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token
