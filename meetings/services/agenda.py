"""A meeting's agenda and the committee's standing agenda: items added, edited, moved, removed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committees import access
from committees.models import Committee
from meetings.models import AgendaItem, AgendaTemplateItem, Meeting, MeetingDocument
from meetings.services.common import next_order, require_recorder
from meetings.services.public_agenda import public_agenda_changed

__all__ = [
    "agenda_item_add",
    "agenda_item_edit",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_template_item_add",
    "agenda_template_item_edit",
    "agenda_template_item_move",
    "agenda_template_item_remove",
]


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, title: str, by, presenter: str = "", minutes: int = 10, visibility=None
) -> AgendaItem:
    require_recorder(by, meeting)
    order = next_order(meeting.agenda_items)
    item = AgendaItem(
        meeting=meeting,
        order=order,
        title=title,
        presenter=presenter,
        minutes=minutes,
        visibility=visibility or meeting.default_level,
    )
    item.full_clean()
    access.check_level(item)
    item.save()
    return item


def _locked_agenda(item: AgendaItem, by) -> tuple[AgendaItem, list[AgendaItem]]:
    """``item`` as it stands now and its meeting's agenda, locked, in order.

    Checks ``by`` against the current row: an item one may not see cannot be changed
    either, whatever one's rights (and a stale copy of it does not say otherwise).
    """
    require_recorder(by, item.meeting)
    rows = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting_id=item.meeting_id)
        .order_by("order", "id")
    )
    current = next((row for row in rows if row.pk == item.pk), None)
    if current is None:
        raise ValidationError(_("This agenda item has been removed."))
    if by is not None and not access.can(by, access.VIEW, current):
        raise PermissionDenied("You may not change this agenda item.")
    return current, rows


def _moved(rows: list, row, direction: str, movable: set) -> list:
    """``rows`` with ``row`` swapped with its nearest ``movable`` neighbour in ``direction``.

    Only rows the person can see count as neighbours, so every press visibly moves the
    item; a row hidden from them keeps its place and is never moved by them.
    """
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move up or down.")})
    at = next(n for n, r in enumerate(rows) if r.pk == row.pk)
    step = -1 if direction == "up" else 1
    n = at + step
    while 0 <= n < len(rows) and rows[n].pk not in movable:
        n += step
    if 0 <= n < len(rows):
        rows[at], rows[n] = rows[n], rows[at]
    return rows


def _renumber(model, rows: list) -> None:
    """Orders 1..n in list order, so they stay contiguous after a move or a removal."""
    changed = []
    for n, row in enumerate(rows, start=1):
        if row.order != n:
            row.order = n
            changed.append(row)
    model.objects.bulk_update(changed, ["order"])


@transaction.atomic
def agenda_item_edit(
    *, item: AgendaItem, by, title: str, presenter: str, minutes: int, visibility: str
) -> AgendaItem:
    """Change an agenda item. The agenda is planning: approved minutes stay as they are."""
    item, _rows = _locked_agenda(item, by)
    item.title, item.presenter, item.minutes, item.visibility = (
        title,
        presenter,
        minutes,
        visibility,
    )
    item.full_clean()
    access.check_level(item)
    item.save(update_fields=["title", "presenter", "minutes", "visibility"])
    access.raise_contents(item)  # its packet's documents are never less strict than it
    public_agenda_changed(item.meeting_id)  # a public agenda re-checks its items
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, by) -> AgendaItem:
    """Swap the item with its neighbour above or below (as ``by`` sees the agenda)."""
    item, rows = _locked_agenda(item, by)
    agenda = AgendaItem.objects.filter(meeting_id=item.meeting_id)
    movable = agenda if by is None else access.visible(by, agenda)
    rows = _moved(rows, item, direction, set(movable.values_list("pk", flat=True)))
    _renumber(AgendaItem, rows)
    return next(r for r in rows if r.pk == item.pk)


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by) -> None:
    """Take an item off the agenda.

    Allowed even when minutes sections were written for it: the sections keep their
    heading and text and only lose the link (the foreign key is SET_NULL), so removing
    a planned item never changes what the minutes say. Its packet's documents go with it.
    """
    item, rows = _locked_agenda(item, by)
    # Its packet's documents go with it (on record, as every removal), and their files
    # once the removal is kept.
    stored = [
        (d.file.storage, d.file.name) for d in MeetingDocument.objects.filter(agenda_item=item)
    ]
    AgendaItem.objects.filter(pk=item.pk).delete()
    _renumber(AgendaItem, [r for r in rows if r.pk != item.pk])
    for storage, name in stored:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    public_agenda_changed(item.meeting_id)


@transaction.atomic
def agenda_template_item_add(
    *, committee: Committee, title: str, by, minutes: int = 10
) -> AgendaTemplateItem:
    """A standing item: copied onto meetings scheduled from now on, not onto existing ones."""
    require_recorder(by, committee)
    rows = AgendaTemplateItem.objects.select_for_update().filter(committee=committee).order_by()
    order = max((row.order for row in rows), default=0) + 1
    standing = AgendaTemplateItem(committee=committee, order=order, title=title, minutes=minutes)
    standing.full_clean()
    standing.save()
    return standing


@transaction.atomic
def agenda_template_item_edit(
    *, standing: AgendaTemplateItem, by, title: str, minutes: int
) -> AgendaTemplateItem:
    require_recorder(by, standing.committee)
    standing = AgendaTemplateItem.objects.select_for_update().get(pk=standing.pk)
    standing.title, standing.minutes = title, minutes
    standing.full_clean()
    standing.save(update_fields=["title", "minutes"])
    return standing


@transaction.atomic
def agenda_template_item_move(
    *, standing: AgendaTemplateItem, direction: str, by
) -> AgendaTemplateItem:
    require_recorder(by, standing.committee)
    rows = list(
        AgendaTemplateItem.objects.select_for_update()
        .filter(committee_id=standing.committee_id)
        .order_by("order", "id")
    )
    rows = _moved(rows, standing, direction, {r.pk for r in rows})
    _renumber(AgendaTemplateItem, rows)
    return next(r for r in rows if r.pk == standing.pk)


@transaction.atomic
def agenda_template_item_remove(*, standing: AgendaTemplateItem, by) -> None:
    """Drop a standing item; meetings already scheduled keep their copy of it."""
    require_recorder(by, standing.committee)
    rows = list(
        AgendaTemplateItem.objects.select_for_update()
        .filter(committee_id=standing.committee_id)
        .order_by("order", "id")
    )
    AgendaTemplateItem.objects.filter(pk=standing.pk).delete()
    _renumber(AgendaTemplateItem, [r for r in rows if r.pk != standing.pk])
