"""Committee pages. Thin: parse, ask the gate, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from committees import access, selectors, services
from committees.access import Cap
from committees.forms import MemberAddForm, MemberChangeForm, ShareForm
from committees.models import ActionItem, Committee, Membership


def _committee(request, pk) -> Committee:
    return selectors.get_visible_or_404(
        request.user, Committee.objects.select_related("building", "district"), pk=pk
    )


def _require(request, cap: Cap, obj) -> None:
    if not access.can(request.user, cap, obj):
        raise PermissionDenied


def _form_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form, next to the field it concerns."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def my_committees(request):
    return render(
        request,
        "committees/my_committees.html",
        {
            "cards": selectors.my_committees(request.user),
            "shared": list(selectors.shared_with_me(request.user)[:50]),
        },
    )


@login_required
def committee_detail(request, pk):
    committee = _committee(request, pk)
    return render(
        request,
        "committees/committee_detail.html",
        {
            "page": selectors.committee_page(request.user, committee),
            "committee": committee,
            "can_manage": access.can(request.user, Cap.MANAGE_MEMBERSHIP, committee),
        },
    )


@login_required
def member_add(request, pk):
    committee = _committee(request, pk)
    _require(request, Cap.MANAGE_MEMBERSHIP, committee)
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
                services.membership_add(
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
            _form_errors(form, error)
        else:
            messages.success(request, f"{person.display_name} now sits on the committee.")
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
    committee = _committee(request, pk)
    _require(request, Cap.MANAGE_MEMBERSHIP, committee)
    membership = _membership(request, committee, membership_pk)
    initial = {name: getattr(membership, name) for name in services.TRACKED}
    form = MemberChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change(membership=membership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"{membership.user.display_name}'s seat was updated.")
            return redirect("committees:detail", pk=committee.pk)
    return render(
        request,
        "committees/member_form.html",
        {"committee": committee, "form": form, "membership": membership, "adding": False},
    )


@login_required
def member_remove(request, pk, membership_pk):
    committee = _committee(request, pk)
    _require(request, Cap.MANAGE_MEMBERSHIP, committee)
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
def membership_history(request, pk):
    committee = _committee(request, pk)
    _require(request, Cap.MANAGE_MEMBERSHIP, committee)
    page = Paginator(selectors.membership_history(request.user, committee), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "committees/history.html", {"committee": committee, "page": page})


@login_required
def action_item_detail(request, pk):
    item = selectors.get_visible_or_404(
        request.user, ActionItem.objects.select_related("committee", "assignee"), pk=pk
    )
    can_share = access.can(request.user, Cap.MANAGE_MEMBERSHIP, item)
    context = {"item": item, "can_share": can_share}
    if can_share:
        context["share_form"] = ShareForm(district=item.committee.district)
        context["shared_with"] = services.named_grants_of(item)
    return render(request, "committees/action_item_detail.html", context)


@login_required
@require_POST
def action_item_share(request, pk):
    item = selectors.get_visible_or_404(
        request.user, ActionItem.objects.select_related("committee__district"), pk=pk
    )
    _require(request, Cap.MANAGE_MEMBERSHIP, item)
    form = ShareForm(request.POST, district=item.committee.district)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.named_grant_add(record=item, user=person, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Shared with {person.display_name}.")
    else:
        messages.error(request, "Choose a person of the district to share with.")
    return redirect("committees:action_item", pk=item.pk)


@login_required
@require_POST
def action_item_unshare(request, pk, user_pk):
    item = selectors.get_visible_or_404(
        request.user, ActionItem.objects.select_related("committee"), pk=pk
    )
    _require(request, Cap.MANAGE_MEMBERSHIP, item)
    person = get_object_or_404(services.named_grants_of(item), pk=user_pk)
    services.named_grant_remove(record=item, user=person, by=request.user)
    messages.success(request, f"{person.display_name} no longer sees this item.")
    return redirect("committees:action_item", pk=item.pk)
