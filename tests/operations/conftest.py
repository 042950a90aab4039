"""The reports' workflow fixtures, for the audit trail's tests."""

from tests.reports.conftest import draft_a, draft_b, english  # noqa: F401
