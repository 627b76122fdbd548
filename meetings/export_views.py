"""Downloads of a meeting's minutes and public summary (PDF, plain text).

Never cached anywhere: access can end, and a summary can be withdrawn, at any moment.
Read from the read replica when there is one (safety_portal/db_router.py).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from committees.selectors import get_visible_or_404
from meetings import exports, selectors
from meetings.models import Meeting
from safety_portal.db_router import on_replica
from safety_portal.view_helpers import download


def _minutes(request, pk, fmt: str) -> HttpResponse:
    meeting = get_visible_or_404(
        request.user,
        Meeting.objects.select_related(
            "committee__district", "committee__building", "minutes_approved_by"
        ),
        pk=pk,
    )
    via = "pdf" if fmt == "pdf" else "text"
    return download(exports.minutes_document(request.user, meeting, via), fmt)


def _summary(request, pk, fmt: str) -> HttpResponse:
    """Public once published, for anyone; a draft only for who may see drafts, else 404."""
    record = selectors.summary_for(request.user, pk)
    return download(exports.summary_document(request.user, record), fmt)


@never_cache
@login_required
@on_replica
def minutes_pdf(request, pk):
    return _minutes(request, pk, "pdf")


@never_cache
@login_required
@on_replica
def minutes_txt(request, pk):
    return _minutes(request, pk, "txt")


@never_cache
@on_replica
def summary_pdf(request, pk):
    return _summary(request, pk, "pdf")


@never_cache
@on_replica
def summary_txt(request, pk):
    return _summary(request, pk, "txt")
