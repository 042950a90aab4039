"""Background work of the public side: long exports, queued by `export_report --enqueue`.
(The stored documents' builds, queued on publication, are tasks of public/documents.py.)

Tasks take JSON-serialisable arguments only: the database backend stores them until a worker
(`manage.py db_worker`) runs them.
"""

from django_tasks import task

from .exports.files import export_to_file


@task()
def export_report(
    plan: str, year: int, fmt: str, output: str, agency: str = "", language: str = ""
) -> str:
    """The `export_report` command's work, queued with ``--enqueue``; returns the file written."""
    path = export_to_file(
        plan=plan, year=year, fmt=fmt, output=output, agency=agency or None, language=language
    )
    return str(path)
