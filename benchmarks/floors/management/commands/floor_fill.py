"""Fill the list floor's database: a million rows, a reader, and the reader's session."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection

from benchmarks.floors.models import ROWS, Entry
from benchmarks.sessions import session_for

READER = "floor.reader"


class Command(BaseCommand):
    help = "Fill the floor's table (once) and print a signed-in session key as JSON."

    def handle(self, *args, **options):
        reader, _ = get_user_model().objects.get_or_create(
            username=READER, defaults={"first_name": "Floor", "last_name": "Reader"}
        )
        if not Entry.objects.exists():
            table = Entry._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (title, status, due_date, owner_id) "  # noqa: S608
                    "SELECT 'Entry number ' || n, (ARRAY['open', 'done', 'blocked'])[1 + n %% 3], "
                    "DATE '2020-01-01' + (n %% 3000), CASE WHEN n %% 2 = 0 THEN %s END "
                    "FROM generate_series(1, %s) AS n",
                    [reader.pk, ROWS],
                )
                cursor.execute(f"VACUUM ANALYZE {table}")
        self.stdout.write(
            json.dumps({"session": session_for(reader), "rows": Entry.objects.count()})
        )
