"""Public downloads of evidence files."""

from django.shortcuts import get_object_or_404

from reports.evidence import evidence_download

from .selectors import public_evidence


def public_evidence_file(request, pk: int):
    """Anyone may download the evidence of a public report (reports.visibility); any other
    evidence answers 404, as a missing one does."""
    evidence = get_object_or_404(public_evidence().exclude(file=""), pk=pk)
    return evidence_download(evidence)
