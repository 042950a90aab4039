"""Evidence files: the type is read from the content (magic bytes), never from the name."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", DOCX: "docx", XLSX: "xlsx"}

# The main part an Office file declares in [Content_Types].xml tells Word from Excel; macro-
# enabled variants (docm, xlsm) declare other parts and are refused.
_OFFICE_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}


def sniff_content_type(upload) -> str | None:
    """The accepted content type of an uploaded file, or None if it is none of them."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                types = archive.read("[Content_Types].xml")
        except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
            return None
        finally:
            upload.seek(0)
        found = {kind for part, kind in _OFFICE_MAIN_PARTS.items() if part in types}
        if len(found) == 1 and b"macroEnabled" not in types:
            return found.pop()
    return None


def validate_upload(upload) -> str:
    """Check size and type; returns the content type to store."""
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.")
            % {"limit": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)}
        )
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(_("Only PDF, DOCX, XLSX, PNG and JPEG files are accepted."))
    return content_type


def evidence_download(evidence) -> FileResponse:
    """An evidence file as a download that a browser never renders in the portal's origin."""
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.file.name.rsplit("/", 1)[-1],
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
