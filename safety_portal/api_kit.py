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
- **Rates.** Each token is counted on its own (two scripts of one person do not slow
  each other), a session by its person, and the anonymous by their address
  (``API_CALLS_PER_MINUTE``, ``API_ANONYMOUS_CALLS_PER_MINUTE``); past the rate, 429
  with ``Retry-After``. The counts live in the shared cache (Redis), so every worker
  counts the same calls.
- **Refusals.** A write goes through the feature's service; what the service refuses
  (a ``ValidationError``) is a 400 with its messages field by field (``refusals()``).
"""

import datetime
from contextlib import contextmanager

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from rest_framework import serializers, throttling, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.settings import api_settings

from safety_portal.client import client_address

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class CursorPage(CursorPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("id",)


class PerCaller(throttling.SimpleRateThrottle):
    """A signed-in caller's rate: a token's calls (``request.auth``) on their own, a
    session's by its person."""

    scope = "caller"

    def get_rate(self):
        return f"{settings.API_CALLS_PER_MINUTE}/minute"

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None  # PerAddress counts them
        token_id = getattr(request.auth, "pk", None)
        ident = f"token-{token_id}" if token_id is not None else f"person-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PerAddress(throttling.AnonRateThrottle):
    """The anonymous, by their address (the schema, its documentation page), counted as
    sign-in throttling counts it: never from a header the caller writes itself."""

    def get_rate(self):
        return f"{settings.API_ANONYMOUS_CALLS_PER_MINUTE}/minute"

    def get_ident(self, request):
        return client_address(request)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only resource whose answers are private to the caller, tagged and rated."""

    pagination_class = CursorPage
    throttle_classes = [PerCaller, PerAddress]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.add_post_render_callback(lambda rendered: tagged(request, rendered))
        return response


def tagged(request, response):
    """The rendered answer with its ETag, or 304 when the caller holds it already."""
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)


@contextmanager
def refusals():
    """A service's refusal (Django's ``ValidationError``) answered as the pages show it:
    400, each message under the field it concerns (the rest under ``non_field_errors``).
    What the service wrote before refusing is rolled back by its own transaction."""
    try:
        yield
    except DjangoValidationError as error:
        other = api_settings.NON_FIELD_ERRORS_KEY
        if hasattr(error, "error_dict"):
            fields = error.message_dict.items()
            detail = {other if name == NON_FIELD_ERRORS else name: said for name, said in fields}
        else:
            detail = {other: error.messages}
        raise serializers.ValidationError(detail) from None


class _InstantField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 instant, read as UTC: any offset the parser accepts (up to a day) then
    reaches PostgreSQL as one it keeps (under 16 hours); one past the calendar's ends is
    refused as any invalid date, with the field's message, never a server error."""

    def to_python(self, value):
        result = super().to_python(value)
        if result is None or result.tzinfo is None:
            return result
        try:
            return result.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class InstantFilter(django_filters.IsoDateTimeFilter):
    """``IsoDateTimeFilter`` whose every accepted value is one the database takes."""

    field_class = _InstantField
