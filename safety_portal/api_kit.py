"""What every endpoint of the API at /api/v1/ shares (DRF, no model of the project).

- **Private answers.** An API response is for its caller: ``Cache-Control: private,
  no-store``, whoever asks, so that no proxy or browser keeps what a caller may no
  longer see (access can end at any moment, ACCESS.md).
- **ETags.** Each answer carries an ``ETag`` of its body; a caller that sends it back
  in ``If-None-Match`` gets ``304 Not Modified`` and no body (the read still happens
  through the gate: the tag is of what this caller may see now).
- **Lists by cursor.** A page is found by an opaque cursor on a stable order, so that a
  page costs the same at the start and at the end of a long history, and rows added
  meanwhile do not shift it.
"""

from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from rest_framework import viewsets
from rest_framework.pagination import CursorPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class CursorPage(CursorPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("id",)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only resource whose answers are private to the caller and tagged."""

    pagination_class = CursorPage

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.add_post_render_callback(lambda rendered: _tagged(request, rendered))
        return response


def _tagged(request, response):
    """The rendered answer with its ETag, or 304 when the caller holds it already."""
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)
