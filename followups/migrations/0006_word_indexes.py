# The search box's word indexes (safety_portal/text_search.py), built without holding
# back writes: a statewide table takes a while, and the portal stays in use.

from django.db import migrations

from safety_portal.text_search import AddWordIndexes


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY runs outside a transaction

    dependencies = [
        ("followups", "0005_open_items_index"),
    ]

    operations = [
        AddWordIndexes("followups.ActionItem"),
    ]
