"""Add the stemmer's search keys to every ``Measure.search_text`` (plans.search.index_text).

The index already holds the folded words of each measure's public text; the keys are a
function of those words, so the index is rebuilt from itself, without reading reports.
Changing the stemmer's rules later needs ``python manage.py reindex_search`` instead.
"""

from django.db import migrations

from plans.search import index_text


def add_search_keys(apps, schema_editor):
    Measure = apps.get_model("plans", "Measure")
    changed = []
    for measure in Measure.objects.only("pk", "search_text").iterator(chunk_size=500):
        text = index_text(measure.search_text)
        if text != measure.search_text:
            measure.search_text = text
            changed.append(measure)
        if len(changed) >= 500:
            Measure.objects.bulk_update(changed, ["search_text"])
            changed = []
    Measure.objects.bulk_update(changed, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_search_index")]

    operations = [migrations.RunPython(add_search_keys, migrations.RunPython.noop, elidable=True)]
