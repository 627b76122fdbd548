"""The moved models' content types and labels: from ``committees`` to their new apps.

Content types and the rows that name a model by its label follow the move
(``safety_portal.app_moves``).
"""

from django.db import migrations

from safety_portal.app_moves import labels_move

MOVES = {
    "meetings": (
        "agendaitem",
        "agendatemplateitem",
        "attendance",
        "calendartoken",
        "guest",
        "meeting",
        "meetingchange",
        "meetingnotice",
        "minutessection",
        "minutessectionrevision",
        "publicsummary",
        "vote",
    ),
    "followups": (
        "actionitem",
        "actionitemattachment",
        "actionitemevent",
        "actionitemgroupobjectpermission",
        "actionitemuserobjectpermission",
        "improvementplan",
        "milestone",
    ),
    "publishing": ("publicupdate", "publicupdatetranslation"),
}


def forwards(apps, schema_editor) -> None:
    for app, models in MOVES.items():
        labels_move(apps, old="committees", new=app, models=models)


def backwards(apps, schema_editor) -> None:
    for app, models in MOVES.items():
        labels_move(apps, old=app, new="committees", models=models)


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0018_meetings_followups_publishing_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("notifications", "0007_public_text_review"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
