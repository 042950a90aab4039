"""Token authentication against hashed keys, refusing expired and revoked tokens (401)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken, digest_of

# "Last used" is rewritten at most this often, so a busy client does not write on every call.
LAST_USED_EVERY = timedelta(minutes=1)


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``; only the key's SHA-256 is looked up."""

    keyword = "Token"

    def authenticate_credentials(self, key: str):
        if len(key) > 128:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        try:
            token = ApiToken.objects.select_related("user").get(digest=digest_of(key))
        except ApiToken.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token was revoked."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (token.user, token)
