"""The shared kit for pages: through the gate or 404, a capability or 403, a form sent
to a service (a refusal shown on the form), a button asking a service to act, what
happens after a public text is proposed, a document downloaded, a public page in its
district's time, a spreadsheet cell that is never a formula, the rows of an export read
a chunk at a time. Feature apps' views use these; they read the gate and nothing of a
feature.
"""

import itertools
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from committees import access, public_cache, selectors
from committees.access import Cap
from committees.forms import SendBackForm
from committees.models import Committee
from safety_portal import documents, prepared

PDF = "application/pdf"
TEXT = "text/plain; charset=utf-8"


def committee_or_404(request, pk) -> Committee:
    """The committee, if the person may see it (and its reads recorded); else 404.

    Every committee page reads it first, by its id and the reader's committees: one plan
    serves every reader and committee, so it is kept (safety_portal.prepared). Its
    district is the reader's, read with them (accounts.backends): districts are walled
    off, so a committee the reader may open is in their district."""
    with prepared.plans_kept(router.db_for_read(Committee)):
        committee = selectors.get_visible_or_404(
            request.user, Committee.objects.select_related("building"), pk=pk
        )
    if committee.district_id == request.user.district_id:
        committee.district = request.user.district
    return committee


def require(request, cap: Cap, obj) -> None:
    """403 unless the person may do ``cap`` to ``obj``."""
    if not access.can(request.user, cap, obj):
        raise PermissionDenied


def form_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form, next to the field it concerns."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def form_page(
    request,
    form,
    *,
    save: Callable[[dict], object],
    done: Callable[[object], tuple],
    said: str | Callable[[object], None],
    template: str,
    context: dict,
):
    """The one shape of a page that sends a form to a service.

    A valid POST calls ``save(cleaned_data)``; a refusal (``ValidationError``) shows on
    the form, next to its field, and nothing is lost; on success ``said`` is the
    message (or a function of what was saved that says it) and the reader goes to
    ``redirect(*done(saved))``. Otherwise the form is shown, with ``context``.
    """
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            if callable(said):
                said(saved)
            else:
                messages.success(request, said)
            return redirect(*done(saved))
    return render(request, template, {**context, "form": form})


def post_action(
    request,
    act: Callable[[], object],
    *,
    said: str | Callable[[], str],
    back,
    form=None,
    invalid: str = "",
):
    """The one shape of a button that asks a service to act, then goes ``back``.

    With a ``form``, an invalid one says ``invalid`` as an error and nothing is done.
    Then ``act()`` does it (reading ``form.cleaned_data``, if any); a refusal
    (``ValidationError``) is said as an error, else ``said`` (or what it returns) as
    a success. ``back`` is the response returned in every case.
    """
    if form is not None and not form.is_valid():
        messages.error(request, invalid)
        return back
    try:
        act()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, said() if callable(said) else said)
    return back


def send_back(request, act: Callable[..., object], *, back):
    """A reviewer's "send back to its author" button: ``act(comment=...)`` with the
    comment the form asks for, then ``back``."""
    form = SendBackForm(request.POST)
    return post_action(
        request,
        lambda: act(**form.cleaned_data),
        form=form,
        invalid=_("Say what the author should change."),
        said=_("Sent back: its author is told and reads your comment."),
        back=back,
    )


def say_proposed(request, change) -> None:
    """After a public text is proposed (four eyes): what happens next."""
    if change is None:
        messages.info(request, _("Nothing changed: the public already reads this text."))
    else:
        messages.success(
            request,
            _(
                "Proposed. The public reads the text as it was until someone else with "
                "publish rights approves it."
            ),
        )


def say_findings(request, findings) -> None:
    """After a public draft is saved: whether the redaction guard lets it be published."""
    if findings:
        messages.warning(
            request,
            _("Draft saved, but it cannot be published until these are rewritten: %(findings)s")
            % {"findings": "; ".join(str(f) for f in findings)},
        )
    else:
        messages.success(request, _("Draft saved. Someone else with publish rights reviews it."))


def download(doc: documents.Document, fmt: str) -> HttpResponse:
    """A document as a PDF or plain-text attachment."""
    if fmt == "pdf":
        body, content_type = documents.render_pdf(doc), PDF
    else:
        body, content_type = documents.render_text(doc), TEXT
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{doc.filename}.{fmt}"
    )
    return response


def private_file(stored) -> FileResponse:
    """A kept file (``name``, ``content_type`` and ``file``, as each feature stores
    them) as a download, after the view has asked the gate: never shown in the browser,
    never sniffed into another type, sandboxed if opened anyway."""
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def render_public(request, district, template: str, context: dict):
    """A public page of ``district``, its times shown in the district's time zone."""
    with timezone.override(ZoneInfo(district.time_zone)):
        return render(
            request, template, {"district": district, "site_district": district, **context}
        )


def public_body(request, district, name: str, template: str, context: Callable[[str], dict]):
    """The body of a public page of ``district`` (``template`` with ``context(page)``, the
    page number asked for): the same for every reader in one language, so kept in the
    public cache as a part until anything public of the district changes. It is rendered
    without the request, its context processors or the reader: nothing of the person
    reading can be in it. ``name`` tells the page from the district's others."""
    number = request.GET.get("page") or "1"

    def rendered():
        with timezone.override(ZoneInfo(district.time_zone)):
            return render_to_string(template, {"district": district, **context(number)})

    if not public_cache.keeps_page(number):
        return rendered()
    return public_cache.part(district.slug, f"{name}:page-{number}", rendered)


EXPORT_CHUNK = 1000


def read_in_chunks(user, rows, *, via: str, size: int | None = None) -> Iterator:
    """Every row of ``rows`` (already through the gate), in its order, ``size`` at a time;
    each chunk's restricted records kept in the audit trail before the chunk goes out.

    For exports of any length in the memory of one chunk: the keys are read in one pass,
    then each chunk's rows by key, through the gate again (a row that left the reader's
    sight between the two reads is left out). ``.iterator()`` over the rows themselves
    holds them all in memory where server-side cursors are off, as behind PgBouncer's
    transaction pooling (DATABASE_TRANSACTION_POOLING); here only the keys are, a few
    bytes a row. Each chunk's record is written (on the primary) before the chunk is
    handed on, so a download stopped half-way has recorded what it sent, and no more.
    """
    size = size or EXPORT_CHUNK
    keys = rows.values_list("pk", flat=True).iterator(chunk_size=size)
    while chunk := list(itertools.islice(keys, size)):
        found = {row.pk: row for row in rows.filter(pk__any=chunk).order_by()}
        loaded = [found[pk] for pk in chunk if pk in found]
        access.record_reads(user, loaded, via=via)
        yield from loaded


def in_english(rows):
    """``rows`` made one at a time in English, the reader's language restored in between.

    Every CSV of the portal is in English, headings and values alike: CSV files are for
    spreadsheets and the state's systems, which want the same words whoever exports them
    (docs/architecture.md). A streamed export's rows are made while the response is
    sent, so each is made under the override rather than the whole response.
    """
    rows = iter(rows)
    while True:
        with translation.override("en"):
            row = next(rows, _END)
        if row is _END:
            return
        yield row


_END = object()


def csv_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
