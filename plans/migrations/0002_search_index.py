"""Rebuild Measure.search_text in its word form, and on PostgreSQL add its trigram GIN index.

The index serves ``search_text LIKE '% word%'`` (plans.search.search_filter) on the board,
``/search/`` and the API. On SQLite the operation does nothing: the plans there are small.
"""

from django.db import migrations


def rebuild_search_text(apps, schema_editor):
    from plans.search import index_text

    Measure = apps.get_model("plans", "Measure")
    ProgressReport = apps.get_model("reports", "ProgressReport")
    for measure in Measure.objects.all().iterator():
        names = []
        for assignment in measure.assignments.select_related("agency", "category"):
            executor = assignment.agency or assignment.category
            names += [executor.name, getattr(executor, "short_name", ""), executor.name_en]
        texts = ProgressReport.objects.filter(
            measure=measure, state="published", period__is_published=True
        ).values_list("works_done", flat=True)
        text = index_text(measure.number, measure.title, measure.indicator, *names, *texts)
        if text != measure.search_text:
            Measure.objects.filter(pk=measure.pk).update(search_text=text)


class TrigramIndex(migrations.operations.base.Operation):
    """CREATE INDEX … USING gin (search_text gin_trgm_ops) on PostgreSQL; nothing elsewhere."""

    reversible = True
    name = "plans_measure_search_trgm"

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {self.name} ON plans_measure "
            "USING gin (search_text gin_trgm_ops)"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {self.name}")

    def describe(self):
        return "Trigram GIN index on plans_measure.search_text (PostgreSQL only)"


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rebuild_search_text, migrations.RunPython.noop),
        TrigramIndex(),
    ]
