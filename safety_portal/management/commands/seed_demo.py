"""The demo district: realistic people, committees and records, never lorem ipsum.

Idempotent: a second run finds everything in place and changes nothing (passwords
are set only when a person is created). The core's demo comes first (districts,
people, committees and what still lives in committees); then each feature's demo,
which finds the people and committees it needs by their natural keys.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import demo as accounts_demo
from assessments import demo as assessments_demo
from committees import demo
from committees.models import District
from compliance import demo as compliance_demo
from followups import demo as followups_demo
from incidents import demo as incidents_demo
from meetings import demo as meetings_demo
from notifications import scans
from notifications import services as notifications
from procedures import demo as procedures_demo
from publishing import demo as publishing_demo

DEMO_DISTRICTS = ("westport", "millbrook")


class Command(BaseCommand):
    help = "Create (or complete) the Westport demo district and print the demo sign-ins."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # The demo's people share one known password: on a real site, anyone who
            # read the README could sign in as its district administrator.
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates people with a known "
                "password. Run it only on a demo or development copy (DEBUG=true)."
            )
        password = os.environ.get("DEMO_PASSWORD") or demo.DEFAULT_PASSWORD
        with transaction.atomic():
            cast = demo.seed(password=password)
            # Follow-ups come before the meetings, as the demo always made them.
            for district_slug in DEMO_DISTRICTS:
                followups_demo.seed(district_slug=district_slug)
            meetings_demo.seed()
            incidents_demo.seed(district_slug="westport")
            procedures_demo.seed(district_slug="westport")
            # After the follow-ups: some findings are tied to their action items.
            assessments_demo.seed(district_slug="westport")
            # Westport on Connecticut's profile, Millbrook on Massachusetts'.
            compliance_demo.seed()
            # Last: the updates tell of the drills and follow-ups the features above made.
            publishing_demo.seed(district_slug="westport")
            # The facilities work-order integration: a service account, its token and
            # webhook, once the records it is told of are there.
            integration_key = accounts_demo.seed(district_slug="westport")
        # What today's records call for: due dates, meetings tomorrow, seats; and
        # whatever the seed itself announced. The e-mail shows on this console. Only the
        # demo's districts: a database may hold others (a statewide benchmark's).
        scans.scan(
            district_ids=District.objects.filter(slug__in=DEMO_DISTRICTS).values_list(
                "pk", flat=True
            )
        )
        notifications.sweep()
        self.stdout.write(self.style.SUCCESS("Demo district ready: " + demo.DISTRICT_NAME))
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {password}):")
        extras_shown = False
        for username, description in cast:
            if username not in demo.REQUIRED_SIGN_INS and not extras_shown:
                self.stdout.write("")
                self.stdout.write("Extras, the rest of the cast (same password):")
                extras_shown = True
            self.stdout.write(f"  {username:<20} {description}")
        self.stdout.write("")
        self.stdout.write("")
        self.stdout.write(
            "The e-mail the demo's records call for went to the console above "
            "(once: a second run sends nothing new)."
        )
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in.")
        self.stdout.write("")
        if integration_key:
            # Shown this once (only its digest is kept), for the README's curl example.
            self.stdout.write(
                f"API token of the service account “{accounts_demo.NAME}” (shown once; "
                "revoke it under Service accounts):"
            )
            self.stdout.write(f"  export SAFETY_PORTAL_TOKEN={integration_key}")
        else:
            self.stdout.write(
                f"The service account “{accounts_demo.NAME}” has its token already (its "
                "key was shown when it was made): make another under Service accounts."
            )
