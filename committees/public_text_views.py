"""Public text awaiting review: the second pair of eyes on every public word."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees import access, selectors, services
from committees.access import Cap
from committees.forms import DeclineForm
from committees.models import PublicTextChange
from committees.services.public_text import KINDS
from safety_portal.view_helpers import committee_or_404, post_action, require, send_back


def _with_records(changes: list[PublicTextChange]) -> list[PublicTextChange]:
    """Each change with the text the public reads now and the record's page."""
    by_kind: dict[str, set[int]] = {}
    for change in changes:
        by_kind.setdefault(change.kind, set()).add(change.record_id)
    records = {kind: KINDS[kind].model.objects.in_bulk(list(ids)) for kind, ids in by_kind.items()}
    for change in changes:
        record = records[change.kind].get(change.record_id)
        if record is None:
            continue
        now = KINDS[change.kind].current(record, change.language)
        change.now = [
            (PublicTextChange.FIELD_LABELS.get(name, name), now[name]) for name in change.texts
        ]
        name, pk_of = KINDS[change.kind].page
        change.page = reverse(name, args=[pk_of(record)])
    return changes


@login_required
def public_text_list(request, pk):
    committee = committee_or_404(request, pk)
    require(request, Cap.DRAFT_PUBLIC_UPDATE, committee)
    pending = _with_records(list(selectors.public_text_pending(request.user, committee)))
    return render(
        request,
        "committees/public_text_list.html",
        {
            "committee": committee,
            "pending": pending,
            "can_publish": access.can(request.user, Cap.PUBLISH_PUBLIC_UPDATE, committee),
        },
    )


def _change(request, pk) -> PublicTextChange:
    return selectors.get_visible_or_404(
        request.user, PublicTextChange.objects.select_related("committee"), pk=pk
    )


def _back(request, change: PublicTextChange):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("committees:public_texts", pk=change.committee_id)


@login_required
@require_POST
def public_text_approve(request, pk):
    change = _change(request, pk)
    require(request, Cap.PUBLISH_PUBLIC_UPDATE, change)
    return post_action(
        request,
        lambda: services.public_text_approve(change=change, by=request.user),
        said=_("Approved: the public pages show it now."),
        back=_back(request, change),
    )


@login_required
@require_POST
def public_text_decline(request, pk):
    change = _change(request, pk)
    form = DeclineForm(request.POST)
    form.is_valid()
    services.public_text_decline(
        change=change, by=request.user, reason=form.cleaned_data.get("reason", "")
    )
    messages.success(request, _("Declined: the public text stays as it was."))
    return _back(request, change)


@login_required
@require_POST
def public_text_send_back(request, pk):
    """A reviewer returns a proposed text to its author with a comment."""
    change = _change(request, pk)
    require(request, Cap.PUBLISH_PUBLIC_UPDATE, change)
    return send_back(
        request,
        lambda **data: services.review_send_back(record=change, by=request.user, **data),
        back=_back(request, change),
    )
