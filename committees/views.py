"""Committee pages. Thin: parse, ask the gate, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from committees import access, hooks, selectors, services
from committees.access import Cap
from committees.forms import MemberAddForm, MemberChangeForm, ShareForm
from committees.models import Membership
from safety_portal import choices, documents, markup, paths
from safety_portal.phrases import fill
from safety_portal.view_helpers import committee_or_404, form_errors, require

# A member's row, its values escaped into it (safety_portal/markup.py); a manager's has
# the links to change and remove the seat (``actions``).
MEMBER_ROW = (
    '<tr><th scope="row">{name}{about}</th><td>{position}</td><td>{category}</td>'
    "<td>{term}{ending}</td><td>{clearance}</td>{actions}</tr>\n"
)
ACTIONS = (
    '<td><a href="{change_url}" aria-label="{change_label}">{change}</a> · '
    '<a href="{remove_url}" aria-label="{remove_label}">{remove}</a></td>'
)
OWN_SEAT_ACTIONS = (
    '<td><span class="muted">{own_seat}</span> · '
    '<a href="{remove_url}" aria-label="{remove_label}">{remove}</a></td>'
)


def _member_rows(user, committee, members, can_manage: bool) -> str:
    """The members' table rows: words, dates, addresses and the links' labels made here,
    and written into the row's HTML. With the open items' rows (followups/panels.py), an
    eighth of the page's time went: on the benchmark's heavy committee, thirty members
    had two ``blocktranslate`` each; then the template's tags placing the words."""
    position, category = (choices.labels(Membership, field) for field in ("position", "category"))
    restricted = pgettext("clearance", "Restricted")
    committee_level = pgettext("clearance", "Committee")
    open_term = pgettext("term", "open")
    ending = format_html(' <span class="status-ending">{}</span>', _("(ending soon)"))
    words = {
        "change": _("Change"),
        "remove": _("Remove"),
        "own_seat": _("Your seat: another manager changes it"),
    }
    rows = []
    for m in members:
        person, name = m.user, m.user.display_name
        end = documents.written(m.term_end, "DATE_FORMAT") if m.term_end else open_term
        about = ", ".join(filter(None, [person.title, person.organization])) if person.title else ""
        row = {
            "name": name,
            "about": format_html('<br><span class="muted">{}</span>', about) if about else "",
            "position": position.get(m.position, m.position),
            "category": category.get(m.category, m.category),
            "term": f"{documents.written(m.term_start, 'DATE_FORMAT')} – {end}",
            "ending": ending if m.ending_soon else "",
            "clearance": restricted if m.restricted_clearance else committee_level,
            "actions": "",
        }
        if can_manage:
            links = words | {
                "change_url": paths.path_to("committees:member_change", committee.pk, m.pk),
                "change_label": fill(_("Change %(name)s's seat"), name=name),
                "remove_url": paths.path_to("committees:member_remove", committee.pk, m.pk),
                "remove_label": fill(_("Remove %(name)s"), name=name),
            }
            own = m.user_id == user.pk
            row["actions"] = markup.rows(OWN_SEAT_ACTIONS if own else ACTIONS, [links])
        rows.append(row)
    return markup.rows(MEMBER_ROW, rows)


@login_required
def committee_detail(request, pk):
    committee = committee_or_404(request, pk)
    can_manage = access.can(request.user, Cap.MANAGE_MEMBERSHIP, committee)
    page = selectors.committee_page(request.user, committee)
    return render(
        request,
        "committees/committee_detail.html",
        {
            "page": page,
            "members": _member_rows(request.user, committee, page.members, can_manage),
            "committee": committee,
            "can_manage": can_manage,
            "proposals": list(services.seat_proposals_pending(request.user, committee))
            if can_manage
            else [],
            "can_decide": can_manage and services.is_administrator(request.user, committee),
            "can_draft": access.can(request.user, Cap.DRAFT_PUBLIC_UPDATE, committee),
            "feature_links": [
                (link.label, reverse(link.url_name, args=[committee.pk]))
                for link in hooks.COMMITTEE_LINKS
            ],
            "panels": [
                (panel.template, panel.data(request.user, committee))
                for panel in hooks.COMMITTEE_PANELS
            ],
        },
    )


def _proposed(request, membership) -> None:
    if getattr(membership, "proposal", None) is not None:
        messages.info(
            request,
            _(
                "Proposed for %(name)s: %(summary)s. The building's or the district's "
                "administrator confirms it; until then the seat stays as it was."
            )
            % {"name": membership.user.display_name, "summary": membership.proposal.summary},
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
            messages.success(
                request, _("%(name)s now sits on the committee.") % {"name": person.display_name}
            )
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
            messages.success(
                request, _("%(name)s's seat was updated.") % {"name": membership.user.display_name}
            )
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
            request,
            _("%(name)s was removed; their access has ended.")
            % {"name": membership.user.display_name},
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
        if confirm:
            done = _("Confirmed for %(name)s.") % {"name": name}
        else:
            done = _("Declined; %(name)s's seat is as it was.") % {"name": name}
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


def record_candidates(record, district):
    """Who may be given ``record`` (shared by name, or assigned), for its pickers."""
    level = getattr(record, access.spec_for(type(record)).level)
    return selectors.share_candidates(district, level)


def sharing(user, record, committee, pickers=None) -> dict:
    """The "Shared by name" section of a record's page (committees/includes/sharing.html):
    for those who manage the committee's roster, the people it is shared with and a form
    whose menu offers the committee's people (anyone else is named by e-mail).

    ``pickers``: (people, near) a page has read already for another menu of the same
    record (an item's assignee), so that the menu is read once for both."""
    if not access.can(user, Cap.MANAGE_MEMBERSHIP, record):
        return {"can_share": False}
    if pickers is None:
        people = record_candidates(record, committee.district)
        pickers = people, selectors.near_people(people, committee)
    people, near = pickers
    return {
        "can_share": True,
        "share_form": ShareForm(people=people, near=near),
        "shared_with": services.named_grants_of(record),
    }


def record_share(request, record, district, detail: str):
    """Share one record with one person of the district; the service applies the rule."""
    require(request, Cap.MANAGE_MEMBERSHIP, record)
    form = ShareForm(request.POST, people=record_candidates(record, district))
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.named_grant_add(record=record, user=person, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Shared with %(name)s.") % {"name": person.display_name})
    else:
        messages.error(
            request,
            _(
                "Choose a person of the district who may receive this record: a restricted one "
                "never goes to a family or student member (C.G.S. 10-222m)."
            ),
        )
    return redirect(detail, pk=record.pk)


def record_unshare(request, record, user_pk, detail: str):
    require(request, Cap.MANAGE_MEMBERSHIP, record)
    person = get_object_or_404(services.named_grants_of(record), pk=user_pk)
    services.named_grant_remove(record=record, user=person, by=request.user)
    messages.success(
        request, _("%(name)s no longer sees this record.") % {"name": person.display_name}
    )
    return redirect(detail, pk=record.pk)
