"""Confidential procedures: read by cleared members, every copy on record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees import access, selectors
from committees.access import Cap
from committees.markdown import render as render_markdown
from procedures import exports, services
from procedures.forms import (
    ProcedureCopyForm,
    ProcedureForm,
    ProcedureReviewForm,
    ProcedureVersionForm,
    PublicTitleForm,
)
from procedures.models import Procedure, ProcedureCopy, ProcedureReview, ProcedureVersion
from safety_portal.view_helpers import committee_or_404, download, form_page, say_proposed


def _procedure(request, pk, via: str | None = None) -> Procedure:
    return selectors.get_visible_or_404(
        request.user,
        Procedure.objects.select_related("committee__district", "owner"),
        via,
        pk=pk,
    )


def _to_procedure(procedure: Procedure) -> tuple:
    return ("procedures:procedure", procedure.pk)


def _about(procedure: Procedure, heading: str) -> dict:
    """A form page's context about one procedure."""
    return {"committee": procedure.committee, "procedure": procedure, "heading": heading}


def _may_edit(user, obj) -> bool:
    return access.can(user, Cap.RECORD_MEETINGS, obj) and access.can(user, Cap.VIEW_RESTRICTED, obj)


@login_required
def procedure_list(request, pk):
    committee = committee_or_404(request, pk)
    procedures = access.visible(
        request.user, Procedure.objects.filter(committee=committee).select_related("owner")
    )
    return render(
        request,
        "procedures/list.html",
        {
            "committee": committee,
            "procedures": procedures,
            "can_edit": _may_edit(request.user, committee),
        },
    )


@login_required
def procedure_new(request, pk):
    committee = committee_or_404(request, pk)
    if not _may_edit(request.user, committee):
        raise PermissionDenied
    return form_page(
        request,
        ProcedureForm(request.POST or None),
        save=lambda data: services.procedure_create(committee=committee, by=request.user, **data),
        said=_("Procedure saved, restricted to cleared members."),
        done=_to_procedure,
        template="procedures/form.html",
        context={"committee": committee, "heading": _("New procedure")},
    )


@login_required
def procedure_detail(request, pk):
    procedure = _procedure(request, pk, via="page")
    user = request.user
    versions = list(
        access.visible(user, ProcedureVersion.objects.filter(procedure=procedure)).select_related(
            "created_by"
        )
    )
    current = versions[0] if versions else None
    return render(
        request,
        "procedures/detail.html",
        {
            "procedure": procedure,
            "committee": procedure.committee,
            "current": current,
            "current_html": render_markdown(current.body) if current else "",
            "versions": versions,
            "reviews": access.visible(
                user, ProcedureReview.objects.filter(procedure=procedure)
            ).select_related("reviewed_by", "version"),
            "copies": access.visible(
                user, ProcedureCopy.objects.filter(procedure=procedure)
            ).select_related("given_by", "version"),
            "can_edit": _may_edit(user, procedure),
            "history": selectors.record_history(request.user, procedure),
            "history_key": selectors.record_key(procedure),
            "can_publish": access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, procedure),
            "review_form": ProcedureReviewForm(),
            "pending": selectors.public_text_pending(user, procedure=[procedure.pk]),
        },
    )


@login_required
def procedure_public_title(request, pk):
    """Propose the title the public index shows; public once someone else approves it."""
    procedure = _procedure(request, pk)
    if not _may_edit(request.user, procedure):
        raise PermissionDenied
    return form_page(
        request,
        PublicTitleForm(
            request.POST or None,
            initial={"public_title": procedure.public_title or procedure.title},
        ),
        save=lambda data: services.procedure_public_title_propose(
            procedure=procedure, by=request.user, **data
        ),
        said=lambda proposed: say_proposed(request, proposed),
        done=lambda _proposed: _to_procedure(procedure),
        template="procedures/form.html",
        context=_about(procedure, _("Public title of %(title)s") % {"title": procedure.title}),
    )


@login_required
def procedure_version(request, pk):
    procedure = _procedure(request, pk)
    if not _may_edit(request.user, procedure):
        raise PermissionDenied
    current = procedure.versions.first()
    return form_page(
        request,
        ProcedureVersionForm(request.POST or None, initial={"body": current.body}),
        save=lambda data: services.procedure_version_add(
            procedure=procedure, by=request.user, **data
        ),
        said=_("New version saved; the earlier ones are kept."),
        done=lambda _version: _to_procedure(procedure),
        template="procedures/form.html",
        context=_about(procedure, _("New version of %(title)s") % {"title": procedure.title}),
    )


@login_required
@require_POST
def procedure_review(request, pk):
    procedure = _procedure(request, pk)
    if not _may_edit(request.user, procedure):
        raise PermissionDenied
    form = ProcedureReviewForm(request.POST)
    if form.is_valid():
        services.procedure_review_record(procedure=procedure, by=request.user, **form.cleaned_data)
        messages.success(request, _("Review recorded; the next one falls due a cycle from today."))
    return redirect("procedures:procedure", pk=procedure.pk)


@login_required
def procedure_copy(request, pk):
    """Record a copy handed on: to whom, how (the reader's own exports record themselves)."""
    procedure = _procedure(request, pk)
    return form_page(
        request,
        ProcedureCopyForm(request.POST or None),
        save=lambda data: services.procedure_copy_record(
            procedure=procedure, by=request.user, **data
        ),
        said=_("Copy recorded."),
        done=lambda _copy: _to_procedure(procedure),
        template="procedures/form.html",
        context=_about(procedure, _("Record a copy given")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def procedure_export(request, pk, fmt):
    """A PDF or text copy for the reader, recorded as given to them.

    Recording is a write, so only a POST (with its CSRF token) makes the copy: a
    link on another site could otherwise record copies in a member's name. A GET
    answers with the button that asks for it.
    """
    if fmt not in ("pdf", "txt"):
        raise Http404("No such format.")
    if request.method == "GET":
        procedure = _procedure(request, pk)
        return render(
            request,
            "procedures/export.html",
            {"committee": procedure.committee, "procedure": procedure, "fmt": fmt},
        )
    procedure = _procedure(request, pk, via="pdf" if fmt == "pdf" else "text")
    version = procedure.versions.first()
    how = ProcedureCopy.How.EXPORT_PDF if fmt == "pdf" else ProcedureCopy.How.EXPORT_TEXT
    services.procedure_copy_record(
        procedure=procedure, given_to=request.user.display_name, how=how, by=request.user
    )
    return download(exports.procedure_document(request.user, procedure, version), fmt)


@login_required
def procedure_copies(request):
    """Every copy of the district's procedures given or exported: for district administrators."""
    if not request.user.is_district_admin:
        raise PermissionDenied
    copies = access.visible(
        request.user,
        ProcedureCopy.objects.filter(procedure__committee__district=request.user.district_id),
    ).select_related("procedure__committee", "given_by", "version")
    page = Paginator(copies, 50).get_page(request.GET.get("page"))
    return render(request, "procedures/copies.html", {"page": page})
