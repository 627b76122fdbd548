"""A meeting's public downloads: its packet as one PDF and each public document.

For everyone, signed in or not: they read the posted public agenda through the gate
(``selectors.public_agenda``), which shows only what of its snapshot is still public.
The packet is cached with the district's public pages (committees/public_cache.py) and
dropped when anything public of the district changes; a document is streamed, never
cached, and re-checked on every request.
"""

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from committees import public_cache
from committees.selectors import public_district
from meetings import exports, selectors


@public_cache.cached
def packet_pdf(request, district, pk):
    district = public_district(district)
    record = selectors.public_meeting(district, pk)
    if record.agenda is None:
        raise Http404("Not found.")
    filename, body = exports.packet_pdf(record)
    response = HttpResponse(body, content_type=exports.PDF_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=filename
    )
    return response


def document_download(request, district, pk, document):
    """One public document of a posted agenda, while it is still public; 404 otherwise."""
    district = public_district(district)
    found = selectors.public_agenda_document(district, pk, document)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
