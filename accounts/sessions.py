"""The idle timeout: a session unused for SESSION_IDLE_TIMEOUT minutes is signed out."""

import time

from django.conf import settings

LAST_SEEN_KEY = "nap_last_seen"
# The stamp is rewritten at most this often, so browsing does not write the session each time.
STAMP_EVERY_SECONDS = 60


def idle_limit_seconds() -> int:
    return settings.SESSION_IDLE_TIMEOUT * 60


def start_idle_clock(sender, request, user, **kwargs) -> None:
    """On every login (Django's user_logged_in)."""
    request.session[LAST_SEEN_KEY] = int(time.time())


def touch(session) -> bool:
    """Record activity; False when the session had been idle too long (the caller logs out)."""
    now = int(time.time())
    last = session.get(LAST_SEEN_KEY)
    if last is not None and now - last > idle_limit_seconds():
        return False
    if last is None or now - last >= STAMP_EVERY_SECONDS:
        session[LAST_SEEN_KEY] = now
    return True
