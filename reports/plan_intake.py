"""Plan intake on the write side: apply a previewed template file and rebuild the search
index of the plan; the secretariat's uploads kept between preview and confirm.

The engine (plans.intake) compares and writes plan content; this module adds what the
reporting layer owns: the search index over measures and the audit of the import.
"""

from django.db import transaction

from plans.amendments import LegalBasis
from plans.intake.engine import PlanIntake
from plans.models import Measure

from .search_index import reindex_measures


def apply_plan_file(*, intake: PlanIntake, user=None, basis: LegalBasis | None = None) -> dict:
    """Save the file to its plan in one transaction, then rebuild the plan's search text."""
    with transaction.atomic():
        summary = intake.apply(user=user, basis=basis)
        reindex_measures(Measure.objects.filter(plan=intake.plan))
    return summary
