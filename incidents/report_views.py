"""Downloads of the annual drill report: one school's, or the whole district's (PDF, CSV).

Never cached anywhere: access can end, and a drill's level can change, at any moment.
Read from the read replica when there is one (safety_portal/db_router.py).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from incidents import drill_reports
from incidents.drill_views import _year
from safety_portal import documents
from safety_portal.db_router import on_replica
from safety_portal.view_helpers import committee_or_404

CONTENT_TYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}


def _download(user, report: drill_reports.Report, fmt: str) -> HttpResponse:
    if fmt == "pdf":
        body = documents.render_pdf(drill_reports.pdf_document(user, report))
    else:
        body = drill_reports.render_csv(report)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{report.filename}.{fmt}"
    )
    return response


@never_cache
@login_required
@on_replica
def drill_report(request, pk, fmt):
    """One school's report, for anyone who may see its committee (?year=2025; else this one)."""
    committee = committee_or_404(request, pk)
    if committee.building_id is None:
        raise Http404("This committee has no school of its own.")
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format.")
    year = _year(request, committee.district)
    return _download(
        request.user, drill_reports.building_report(request.user, committee, year), fmt
    )


@never_cache
@login_required
@on_replica
def district_drill_report(request, fmt):
    """Every school of the district in one report: for its safety administrators."""
    user = request.user
    if not (user.is_active and user.is_district_admin and user.district_id):
        raise PermissionDenied
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format.")
    district = user.district
    year = _year(request, district)
    return _download(user, drill_reports.district_report(user, district, year), fmt)
