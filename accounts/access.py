"""Whose API tokens a user may see and revoke: their own; the secretariat's, everyone's."""

from django.db.models import QuerySet
from django.http import Http404

from reports.access import is_secretariat

from .models import ApiToken


def tokens_for_user(user) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.select_related("user", "revoked_by")
    if is_secretariat(user):
        return tokens
    return tokens.filter(user=user)


def get_token_for_user(user, pk) -> ApiToken:
    """A token the user may revoke; anything else is 404, like a missing one."""
    try:
        return tokens_for_user(user).get(pk=pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
