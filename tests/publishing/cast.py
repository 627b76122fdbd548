"""The cast's public updates."""

from committees.models import Level
from publishing import services as publishing_services
from tests.cast_base import Cast, canary


def add_updates(cast: Cast) -> None:
    """The high school committee's public updates: one published (with a Spanish text),
    a draft and a withdrawn one, whose words are not public and carry canaries."""
    published, _ = publishing_services.update_save(
        committee=cast.high,
        title="New visitor badges at the front office",
        body="Visitors now wear printed badges. Thank you for signing in at the office.",
        by=cast.secretary,
    )
    publishing_services.update_translation_save(
        update=published,
        language="es",
        title="Nuevas credenciales para visitantes",
        body="Los visitantes ahora llevan credenciales impresas.",
        by=cast.secretary,
    )
    publishing_services.update_publish(update=published, by=cast.chair)
    draft, _ = publishing_services.update_save(
        committee=cast.high,
        title=canary("UPDATE-DRAFT-TITLE", "high"),
        body=canary("UPDATE-DRAFT-BODY", "high"),
        by=cast.secretary,
    )
    withdrawn, _ = publishing_services.update_save(
        committee=cast.high,
        title=canary("UPDATE-WITHDRAWN-TITLE", "high"),
        body=canary("UPDATE-WITHDRAWN-BODY", "high"),
        by=cast.secretary,
    )
    publishing_services.update_publish(update=withdrawn, by=cast.chair)
    publishing_services.update_withdraw(update=withdrawn, by=cast.chair, reason="Posted too early")
    for update in (draft, withdrawn):
        cast.canaries[update.title] = ("high", Level.COMMITTEE)
        cast.canaries[update.body] = ("high", Level.COMMITTEE)
    # A correction awaiting its second reader is not public yet (four eyes).
    pending = canary("PENDING-CORRECTION", "high")
    publishing_services.update_correct(
        update=published, title=published.title, body=pending, by=cast.chair
    )
    cast.canaries[pending] = ("high", Level.COMMITTEE)
    cast.updates.update(published=published, draft=draft, withdrawn=withdrawn)
