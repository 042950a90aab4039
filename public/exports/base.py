"""The one contract every export follows (after pretix's ``BaseExporter``).

An exporter has an identifier, a verbose name, a file extension and content type, and
renders a *source* — the rows or sections of one document (``sources.py``) — into a file:
``render() -> (filename, content_type, bytes)`` for small files, ``chunks()`` for streaming,
``write(out)`` for the management command. Everything is rendered in the reader's language.
"""

import datetime
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any, ClassVar, Protocol
from urllib.parse import quote

from django.utils import timezone, translation

#: ``progress(done, total)``; ``total`` is 0 while unknown.
Progress = Callable[[int, int], None]

CHUNK_SIZE = 64 * 1024
# Files up to this size stay in memory while streamed; bigger ones spill to a temporary file.
SPOOL_LIMIT = 8 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    label: str
    width: int = 14  # in characters, as spreadsheets measure columns
    wrap: bool = False


class TabularSource(Protocol):
    """What the tabular formats (xlsx, csv) need from a document."""

    title: str

    def file_stem(self) -> str: ...

    def columns(self) -> list[Column]: ...

    def rows(self) -> Iterator[tuple[Any, ...]]: ...

    def summary(self) -> "Summary | None": ...


@dataclass
class Summary:
    """Counts of one kind (statuses) per group (priorities), for the xlsx summary sheet."""

    group_label: str
    kinds: list[tuple[str, str]]  # (key, label)
    counts: dict[str, dict[str, int]]  # group → key → count, groups in document order

    def add(self, group: str, key: str) -> None:
        row = self.counts.setdefault(group, {})
        row[key] = row.get(key, 0) + 1


class BaseExporter:
    identifier: ClassVar[str]
    verbose_name: ClassVar[str]  # lazily translated
    extension: ClassVar[str]
    content_type: ClassVar[str]

    def __init__(
        self,
        source,
        *,
        language: str | None = None,
        progress: Progress | None = None,
        today: datetime.date | None = None,
    ) -> None:
        self.source = source
        self.language = language or translation.get_language() or "az"
        self.on_progress = progress
        self.progress = progress or (lambda done, total: None)
        self.today = today or timezone.localdate()

    def filename(self) -> str:
        with translation.override(self.language):
            return f"{self.source.file_stem()}_{self.today:%Y-%m-%d}.{self.extension}"

    def write(self, out: IO[bytes]) -> None:
        """Write the whole file to ``out``; called inside the reader's language."""
        raise NotImplementedError

    def export(self, out: IO[bytes]) -> None:
        """Write the whole file to ``out`` in the exporter's language (stored documents)."""
        self._write(out)

    def render(self) -> tuple[str, str, bytes]:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_LIMIT) as out:
            self._write(out)
            out.seek(0)
            return self.filename(), self.content_type, out.read()

    def chunks(self) -> Iterator[bytes]:
        """The file in chunks; rendered before the first chunk so errors are not half-sent."""
        out = tempfile.SpooledTemporaryFile(max_size=SPOOL_LIMIT)
        try:
            self._write(out)
            out.seek(0)
        except BaseException:
            out.close()
            raise
        return _read_chunks(out)

    def save(self, path) -> None:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_LIMIT) as out:
            self._write(out)
            out.seek(0)
            with open(path, "wb") as target:
                shutil.copyfileobj(out, target, CHUNK_SIZE)

    def _write(self, out: IO[bytes]) -> None:
        with translation.override(self.language):
            self.write(out)


def _read_chunks(out: IO[bytes]) -> Iterator[bytes]:
    with out:
        while chunk := out.read(CHUNK_SIZE):
            yield chunk


_AZ_TO_ASCII = str.maketrans("əƏıİşŞçÇğĞöÖüÜ", "eEiIsScCgGoOuU")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_filename(name: str) -> str:
    """The file name in ASCII for old clients: Azerbaijani letters transliterated."""
    text = unicodedata.normalize("NFKD", name.translate(_AZ_TO_ASCII))
    text = text.encode("ascii", "ignore").decode()
    return _UNSAFE.sub("_", text).strip("_") or "export"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the UTF-8 ``filename*`` (RFC 6266)."""
    fallback = ascii_filename(filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
