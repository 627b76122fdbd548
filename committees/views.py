"""Committee pages. Thin: parse, ask the gate, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from committees import access, hooks, selectors, services
from committees.access import Cap
from committees.forms import (
    ActionItemForm,
    ActionItemNewForm,
    AssignForm,
    EvidenceForm,
    MemberAddForm,
    MemberChangeForm,
    ProgressForm,
    ShareForm,
    StatusForm,
)
from committees.models import Membership
from followups.models import ActionItem, ActionItemAttachment, Milestone
from incidents.selectors import incidents_shared_with
from meetings.models import MinutesSection
from safety_portal.view_helpers import committee_or_404, form_errors, require


@login_required
def my_committees(request):
    return render(
        request,
        "committees/my_committees.html",
        {
            "cards": selectors.my_committees(request.user),
            "page_links": [
                (link.label, reverse(link.url_name)) for link in hooks.MY_COMMITTEES_LINKS
            ],
            "shared": list(selectors.shared_with_me(request.user)[:50]),
            "shared_incidents": list(incidents_shared_with(request.user)[:50]),
        },
    )


@login_required
def committee_detail(request, pk):
    committee = committee_or_404(request, pk)
    can_manage = access.can(request.user, Cap.MANAGE_MEMBERSHIP, committee)
    return render(
        request,
        "committees/committee_detail.html",
        {
            "page": selectors.committee_page(request.user, committee),
            "committee": committee,
            "can_manage": can_manage,
            "can_assign": access.can(request.user, Cap.ASSIGN_ACTION_ITEMS, committee),
            "proposals": list(services.seat_proposals_pending(request.user, committee))
            if can_manage
            else [],
            "can_decide": can_manage and services.is_administrator(request.user, committee),
            "can_draft": access.can(request.user, Cap.DRAFT_PUBLIC_UPDATE, committee),
            "feature_links": [
                (link.label, reverse(link.url_name, args=[committee.pk]))
                for link in hooks.COMMITTEE_LINKS
            ],
        },
    )


def _proposed(request, membership) -> None:
    if getattr(membership, "proposal", None) is not None:
        messages.info(
            request,
            f"Proposed for {membership.user.display_name}: {membership.proposal.summary}. "
            "The building's or the district's administrator confirms it; until then the "
            "seat stays as it was.",
        )


@login_required
def member_add(request, pk):
    committee = committee_or_404(request, pk)
    require(request, Cap.MANAGE_MEMBERSHIP, committee)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a refused seat leaves no new account behind.
            with transaction.atomic():
                person = services.person_find_or_create(
                    district=committee.district,
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    title=data["title"],
                    organization=data["organization"],
                )
                membership = services.membership_add(
                    committee=committee,
                    user=person,
                    category=data["category"],
                    position=data["position"],
                    term_start=data["term_start"],
                    term_end=data["term_end"],
                    restricted_clearance=data["restricted_clearance"],
                    by=request.user,
                )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"{person.display_name} now sits on the committee.")
            _proposed(request, membership)
            return redirect("committees:detail", pk=committee.pk)
    return render(
        request,
        "committees/member_form.html",
        {"committee": committee, "form": form, "adding": True},
    )


def _membership(request, committee, membership_pk) -> Membership:
    return get_object_or_404(
        access.visible(request.user, Membership.objects.select_related("user")),
        pk=membership_pk,
        committee=committee,
        ended_at__isnull=True,
    )


@login_required
def member_change(request, pk, membership_pk):
    committee = committee_or_404(request, pk)
    require(request, Cap.MANAGE_MEMBERSHIP, committee)
    membership = _membership(request, committee, membership_pk)
    if services.own_seat(request.user, membership):
        raise PermissionDenied(services.OWN_SEAT_REFUSAL)
    initial = {name: getattr(membership, name) for name in services.TRACKED}
    form = MemberChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.membership_change(
                membership=membership, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"{membership.user.display_name}'s seat was updated.")
            _proposed(request, changed)
            return redirect("committees:detail", pk=committee.pk)
    return render(
        request,
        "committees/member_form.html",
        {"committee": committee, "form": form, "membership": membership, "adding": False},
    )


@login_required
def member_remove(request, pk, membership_pk):
    committee = committee_or_404(request, pk)
    require(request, Cap.MANAGE_MEMBERSHIP, committee)
    membership = _membership(request, committee, membership_pk)
    if request.method == "POST":
        services.membership_end(membership=membership, by=request.user)
        messages.success(
            request, f"{membership.user.display_name} was removed; their access has ended."
        )
        return redirect("committees:detail", pk=committee.pk)
    return render(
        request, "committees/member_remove.html", {"committee": committee, "membership": membership}
    )


@login_required
@require_POST
def proposal_decide(request, pk, proposal_pk):
    """An administrator confirms or declines a chair's proposal for a seat."""
    committee = committee_or_404(request, pk)
    require(request, Cap.MANAGE_MEMBERSHIP, committee)
    proposal = get_object_or_404(
        services.seat_proposals_pending(request.user, committee), pk=proposal_pk
    )
    if not services.is_administrator(request.user, committee):
        raise PermissionDenied
    confirm = request.POST.get("decision") == "confirm"
    try:
        services.seat_proposal_decide(proposal=proposal, confirm=confirm, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = proposal.membership.user.display_name
        done = f"Confirmed for {name}." if confirm else f"Declined; {name}'s seat is as it was."
        messages.success(request, done)
    return redirect("committees:detail", pk=committee.pk)


@login_required
def membership_history(request, pk):
    committee = committee_or_404(request, pk)
    require(request, Cap.MANAGE_MEMBERSHIP, committee)
    page = Paginator(selectors.membership_history(request.user, committee), 50).get_page(
        request.GET.get("page")
    )
    grants = selectors.named_grant_history(request.user, committee)[:100]
    return render(
        request,
        "committees/history.html",
        {"committee": committee, "page": page, "grants": grants},
    )


def _item(request, pk, via: str | None = None) -> ActionItem:
    return selectors.get_visible_or_404(
        request.user,
        ActionItem.objects.select_related(
            "committee__district",
            "assignee",
            "assigned_by",
            "verified_by",
            "milestone",
            "minutes_section__meeting",
        ),
        via,
        pk=pk,
    )


def _milestones(request, committee):
    return access.visible(request.user, Milestone.objects.filter(plan__committee=committee))


def _render_item(request, item, status=200, **forms):
    user = request.user
    can_update = access.can(user, access.UPDATE, item)
    can_assign = access.can(user, Cap.ASSIGN_ACTION_ITEMS, item)
    district = item.committee.district
    context = {
        "item": item,
        "today": access.scope_for(user).today,
        "events": item.events.select_related("actor"),
        "history": selectors.record_history(request.user, item),
        "history_key": selectors.record_key(item),
        "attachments": item.attachments.all(),
        "can_update": can_update,
        "can_assign": can_assign,
        **sharing(user, item, district),
        "milestone_visible": item.milestone_id is not None
        and access.can(user, access.VIEW, item.milestone),
        "section_visible": item.minutes_section_id is not None
        and access.can(user, access.VIEW, item.minutes_section),
    }
    if can_update:
        statuses = services.action_item_next_statuses(item=item, by=user)
        context["status_form"] = forms.get("status_form") or StatusForm(statuses=statuses)
        context["can_change_status"] = bool(statuses)
        context["progress_form"] = forms.get("progress_form") or ProgressForm()
        context["evidence_form"] = forms.get("evidence_form") or EvidenceForm()
    if can_assign:
        context["assign_form"] = AssignForm(people=_candidates(item, district))
    return render(request, "committees/action_item_detail.html", context, status=status)


@login_required
def action_item_detail(request, pk):
    return _render_item(request, _item(request, pk, via="page"))


def _section_from(request, committee):
    """The minutes section an item is being created from (?section=), if the reader sees it."""
    section_id = request.GET.get("section", "")
    if not section_id.isdigit():
        return None
    return (
        access.visible(request.user, MinutesSection.objects.select_related("meeting"))
        .filter(pk=int(section_id), meeting__committee=committee)
        .first()
    )


@login_required
def action_item_new(request, pk):
    committee = committee_or_404(request, pk)
    require(request, Cap.ASSIGN_ACTION_ITEMS, committee)
    section = _section_from(request, committee)
    initial = {}
    if section is not None:
        initial = {
            "source": ActionItem.Source.MEETING,
            "source_detail": f"{section.meeting.title}: {section.heading}"[:200],
            # At least as strict as the section and its meeting (the chain).
            "visibility": access.effective_level(section),
        }
    form = ActionItemNewForm(
        request.POST or None,
        initial=initial,
        district=committee.district,
        milestones=_milestones(request, committee),
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.action_item_create(
                committee=committee, by=request.user, minutes_section=section, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Action item created.")
            return redirect("committees:action_item", pk=item.pk)
    return render(
        request,
        "committees/action_item_form.html",
        {"committee": committee, "form": form, "section": section},
    )


@login_required
def action_item_edit(request, pk):
    item = _item(request, pk)
    require(request, Cap.ASSIGN_ACTION_ITEMS, item)
    fields = ActionItemForm.base_fields
    initial = {name: getattr(item, name) for name in fields}
    form = ActionItemForm(
        request.POST or None, initial=initial, milestones=_milestones(request, item.committee)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_edit(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Action item saved.")
            return redirect("committees:action_item", pk=item.pk)
    return render(
        request,
        "committees/action_item_form.html",
        {"committee": item.committee, "form": form, "item": item},
    )


def _post_update(request, pk, form_class, form_name, act, done: str):
    """Validate a form posted from the item page, call the service, and go back.

    A refusal re-renders the page with what was typed, next to the message.
    """
    item = _item(request, pk)
    require(request, access.UPDATE, item)
    kwargs = {}
    if form_class is StatusForm:
        kwargs["statuses"] = services.action_item_next_statuses(item=item, by=request.user)
    form = form_class(request.POST, request.FILES, **kwargs)
    if form.is_valid():
        try:
            act(item, form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("committees:action_item", pk=item.pk)
    return _render_item(request, item, status=200, **{form_name: form})


@login_required
@require_POST
def action_item_status(request, pk):
    return _post_update(
        request,
        pk,
        StatusForm,
        "status_form",
        lambda item, data: services.action_item_set_status(item=item, by=request.user, **data),
        "Status updated.",
    )


@login_required
@require_POST
def action_item_progress(request, pk):
    return _post_update(
        request,
        pk,
        ProgressForm,
        "progress_form",
        lambda item, data: services.action_item_add_progress(item=item, by=request.user, **data),
        "Progress note added.",
    )


@login_required
@require_POST
def action_item_evidence(request, pk):
    return _post_update(
        request,
        pk,
        EvidenceForm,
        "evidence_form",
        lambda item, data: services.action_item_add_evidence(item=item, by=request.user, **data),
        "Evidence saved.",
    )


@login_required
@require_POST
def action_item_verify(request, pk):
    item = _item(request, pk)
    require(request, Cap.ASSIGN_ACTION_ITEMS, item)
    try:
        services.action_item_verify(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Verified as done.")
    return redirect("committees:action_item", pk=item.pk)


@login_required
@require_POST
def action_item_assign(request, pk):
    item = _item(request, pk)
    require(request, Cap.ASSIGN_ACTION_ITEMS, item)
    form = AssignForm(request.POST, people=_candidates(item, item.committee.district))
    if form.is_valid():
        try:
            services.action_item_assign(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Assigned to {form.cleaned_data['assignee'].display_name}.")
    else:
        messages.error(request, "Choose a person of the district to assign the item to.")
    return redirect("committees:action_item", pk=item.pk)


@login_required
def attachment_download(request, pk):
    """Files are served only here, after the gate has shown the item to the reader."""
    attachment = get_object_or_404(ActionItemAttachment.objects.select_related("item"), pk=pk)
    if not access.can(request.user, access.VIEW, attachment.item):
        raise Http404("Not found.")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _candidates(record, district):
    """Who may be given ``record`` (shared by name, or assigned), for its pickers."""
    level = getattr(record, access.spec_for(type(record)).level)
    return selectors.share_candidates(district, level)


def sharing(user, record, district) -> dict:
    """The "Shared by name" section of a record's page (committees/includes/sharing.html):
    for those who manage the committee's roster, the people it is shared with and a form."""
    if not access.can(user, Cap.MANAGE_MEMBERSHIP, record):
        return {"can_share": False}
    return {
        "can_share": True,
        "share_form": ShareForm(people=_candidates(record, district)),
        "shared_with": services.named_grants_of(record),
    }


def record_share(request, record, district, detail: str):
    """Share one record with one person of the district; the service applies the rule."""
    require(request, Cap.MANAGE_MEMBERSHIP, record)
    form = ShareForm(request.POST, people=_candidates(record, district))
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.named_grant_add(record=record, user=person, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Shared with {person.display_name}.")
    else:
        messages.error(
            request,
            "Choose a person of the district who may receive this record: a restricted one "
            "never goes to a family or student member (C.G.S. 10-222m).",
        )
    return redirect(detail, pk=record.pk)


def record_unshare(request, record, user_pk, detail: str):
    require(request, Cap.MANAGE_MEMBERSHIP, record)
    person = get_object_or_404(services.named_grants_of(record), pk=user_pk)
    services.named_grant_remove(record=record, user=person, by=request.user)
    messages.success(request, f"{person.display_name} no longer sees this record.")
    return redirect(detail, pk=record.pk)


@login_required
@require_POST
def action_item_share(request, pk):
    item = _item(request, pk)
    return record_share(request, item, item.committee.district, "committees:action_item")


@login_required
@require_POST
def action_item_unshare(request, pk, user_pk):
    return record_unshare(request, _item(request, pk), user_pk, "committees:action_item")
