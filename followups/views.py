"""An action item's pages: its detail, creating and editing it, its updates and files.

Thin: parse, ask the gate, call a service, render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees import access, selectors
from committees.access import Cap
from committees.views import record_candidates, record_share, record_unshare, sharing
from followups import services
from followups.forms import (
    ActionItemForm,
    ActionItemNewForm,
    AssignForm,
    EvidenceForm,
    ProgressForm,
    StatusForm,
)
from followups.models import ActionItem, ActionItemAttachment, Milestone
from meetings.models import MinutesSection
from safety_portal.view_helpers import (
    committee_or_404,
    form_errors,
    form_page,
    post_action,
    private_file,
    require,
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
    pickers = None
    if can_assign:  # the assignee's menu; the share menu (same record, same people) too
        people = record_candidates(item, district)
        pickers = people, selectors.near_people(people, item.committee, also=[item.assignee_id])
    context = {
        "item": item,
        "today": access.scope_for(user).today,
        "events": item.events.select_related("actor"),
        "history": selectors.record_history(request.user, item),
        "history_key": selectors.record_key(item),
        "attachments": item.attachments.all(),
        "can_update": can_update,
        "can_assign": can_assign,
        **sharing(user, item, item.committee, pickers),
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
        people, near = pickers
        context["assign_form"] = AssignForm(people=people, near=near)
    return render(request, "followups/action_item_detail.html", context, status=status)


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
    return form_page(
        request,
        ActionItemNewForm(
            request.POST or None,
            initial=initial,
            committee=committee,
            milestones=_milestones(request, committee),
        ),
        save=lambda data: services.action_item_create(
            committee=committee, by=request.user, minutes_section=section, **data
        ),
        said=_("Action item created."),
        done=lambda item: ("followups:action_item", item.pk),
        template="followups/action_item_form.html",
        context={"committee": committee, "section": section},
    )


@login_required
def action_item_edit(request, pk):
    item = _item(request, pk)
    require(request, Cap.ASSIGN_ACTION_ITEMS, item)
    fields = ActionItemForm.base_fields
    initial = {name: getattr(item, name) for name in fields}
    return form_page(
        request,
        ActionItemForm(
            request.POST or None, initial=initial, milestones=_milestones(request, item.committee)
        ),
        save=lambda data: services.action_item_edit(item=item, by=request.user, **data),
        said=_("Action item saved."),
        done=lambda _: ("followups:action_item", item.pk),
        template="followups/action_item_form.html",
        context={"committee": item.committee, "item": item},
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
            return redirect("followups:action_item", pk=item.pk)
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
        _("Status updated."),
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
        _("Progress note added."),
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
        _("Evidence saved."),
    )


@login_required
@require_POST
def action_item_verify(request, pk):
    item = _item(request, pk)
    require(request, Cap.ASSIGN_ACTION_ITEMS, item)
    return post_action(
        request,
        lambda: services.action_item_verify(item=item, by=request.user),
        said=_("Verified as done."),
        back=redirect("followups:action_item", pk=item.pk),
    )


@login_required
@require_POST
def action_item_assign(request, pk):
    item = _item(request, pk)
    require(request, Cap.ASSIGN_ACTION_ITEMS, item)
    form = AssignForm(request.POST, people=record_candidates(item, item.committee.district))
    return post_action(
        request,
        lambda: services.action_item_assign(item=item, by=request.user, **form.cleaned_data),
        form=form,
        invalid=_("Choose a person of the district to assign the item to."),
        said=lambda: (
            _("Assigned to %(name)s.") % {"name": form.cleaned_data["assignee"].display_name}
        ),
        back=redirect("followups:action_item", pk=item.pk),
    )


@login_required
def attachment_download(request, pk):
    """Files are served only here, after the gate has shown the item to the reader."""
    attachment = get_object_or_404(ActionItemAttachment.objects.select_related("item"), pk=pk)
    if not access.can(request.user, access.VIEW, attachment.item):
        raise Http404("Not found.")
    return private_file(attachment)


@login_required
@require_POST
def action_item_share(request, pk):
    item = _item(request, pk)
    return record_share(request, item, item.committee.district, "followups:action_item")


@login_required
@require_POST
def action_item_unshare(request, pk, user_pk):
    return record_unshare(request, _item(request, pk), user_pk, "followups:action_item")
