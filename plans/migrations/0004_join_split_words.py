"""Join the words a page break split in plan descriptions imported before the importer did
("bağ-" / "lanaraq" in the 2020–2022 plan's preamble): plans.importers.page_breaks."""

from django.db import migrations

from plans.importers.page_breaks import join_split_words


def join_words(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.exclude(description="").only("pk", "description"):
        description = "\n\n".join(join_split_words(plan.description.split("\n\n")))
        if description != plan.description:
            Plan.objects.filter(pk=plan.pk).update(description=description)


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_search_keys")]

    operations = [migrations.RunPython(join_words, migrations.RunPython.noop, elidable=True)]
