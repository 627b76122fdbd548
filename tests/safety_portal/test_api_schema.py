"""The API answers as its schema says, to everyone (issue 16): a property-based run of
schemathesis against the live schema, served by the app itself, as each role of the cast.

For every operation the schema lists (reads and writes, whatever features add), each role
sends generated requests, valid and invalid, with a personal API token of its own (the
anonymous with none). Ids and slugs are drawn now and then from the records on hand (a
record's id from its list, as the districts' administrators see it), so that the answers
that tell something (200, 201, 403) are met as well as the 404s. No answer may be a server
error, and each must be one the schema documents: its status, its content type, its body
and its headers. Each request runs in a savepoint rolled back after it, so that what one
writes is never read by the next, nor by another role. The run is bounded and
derandomized: the same requests on every run, on every machine.
"""

import re

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts import services as account_services
from committees.models import Building, District
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/schema/?format=json"
# Generated requests per operation and role: valid ones, and ones the API must refuse (a
# 4xx, never a 5xx), together; more for a write, whose valid bodies are rarer.
EXAMPLES = 6
EXAMPLES_OF_A_WRITE = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# The caller's credentials are the role's token, never generated ones.
CONFIG = {"generation": {"with-security-parameters": False}}
PARAMETER = re.compile(r"\{[^}]+\}")


class _Caller:
    def __init__(self, role, headers):
        self.role = role
        self.headers = headers


@pytest.fixture(params=ROLES)
def caller(request, cast, settings):
    """A role of the cast calling with a personal API token of its own (the anonymous with
    none), unthrottled: rates have tests of their own (tests/safety_portal/test_api.py)."""
    settings.API_CALLS_PER_MINUTE = 10**6
    settings.API_ANONYMOUS_CALLS_PER_MINUTE = 10**6
    role = request.param
    if role == "anonymous":
        return _Caller(role, {})
    _, key = account_services.api_token_create(
        user=cast.people[role], name="Schema conformance", days=30
    )
    return _Caller(role, {"Authorization": f"Token {key}"})


class _InTheTestTransaction:
    """The project's WSGI application, answering in the test's database transaction: Django
    closes the connection when a request starts and ends (``close_old_connections``), which
    this prevents, as the test client does, until the answer is read and closed."""

    def __init__(self):
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@pytest.fixture
def app():
    return _InTheTestTransaction()


@pytest.fixture
def api_schema(app, cast):
    """The schema as the app serves it now, its generated ids and slugs drawn at times from
    the records on hand."""
    schema = schemathesis.openapi.from_wsgi(
        SCHEMA_URL, app, config=SchemathesisConfig.from_dict(CONFIG)
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    known = _Known(
        _listed_ids(operations, [cast.district_admin, cast.other_admin]),
        slugs={*District.objects.values_list("slug", flat=True)}
        | {*Building.objects.values_list("slug", flat=True)},
    )

    @schema.hook
    def flatmap_path_parameters(ctx, path_parameters):
        return known.sometimes(path_parameters, path=ctx.operation.path)

    @schema.hook
    def flatmap_query(ctx, query):
        return known.sometimes(query)

    @schema.hook
    def flatmap_body(ctx, body):
        return known.sometimes(body)

    return schema


def _listed_ids(operations, seers) -> dict[str, list[int]]:
    """Each list's ids (``GET`` of a path without parameters) as those who see most read
    them: a record there may be one the caller sees, or one they may not know exists."""
    client = Client()
    listed = {}
    for operation in operations:
        if operation.method.upper() != "GET" or PARAMETER.search(operation.path):
            continue
        ids = set()
        for seer in seers:
            client.force_login(seer)
            response = client.get(operation.path, {"page_size": 200})
            if response.status_code == 200:
                body = response.json()
                rows = body.get("results", []) if isinstance(body, dict) else body
                ids |= {row["id"] for row in rows if isinstance(row.get("id"), int)}
        listed[operation.path] = sorted(ids)
    return listed


class _Known:
    """Ids and slugs of records on hand, for generated values to be now and then.

    A path's ``{id}`` is one of the list its path starts with ("/committees/" for
    "/committees/{id}/seats/"), its other parameters slugs; a field or a query parameter
    named after a list ("committee", "building", "action_item") one of that list's ids;
    any other integer, one of any list's.
    """

    def __init__(self, listed: dict[str, list[int]], slugs):
        self.listed = listed
        self.by_name = {path.rstrip("/").rsplit("/", 1)[-1]: ids for path, ids in listed.items()}
        self.anywhere = sorted({i for ids in listed.values() for i in ids})
        self.slugs = sorted(slugs)

    def sometimes(self, value, path=None):
        """A strategy of ``value`` as generated, or with known ids and slugs in its place."""
        if not isinstance(value, dict):
            return st.just(value)
        return st.fixed_dictionaries({k: self._one(k, v, path) for k, v in value.items()})

    def _one(self, name, value, path):
        if isinstance(value, bool):
            return st.just(value)
        if isinstance(value, dict):
            return self.sometimes(value)
        if isinstance(value, list):
            return st.tuples(*(self._one(name, v, path) for v in value)).map(list)
        numeric = isinstance(value, int) or (path and isinstance(value, str) and value.isdigit())
        if numeric:
            ids = self._ids(name, path)
            if ids:
                known = st.sampled_from(ids).map(type(value))
                return st.one_of(known, st.just(value))
        elif path and isinstance(value, str) and self.slugs:
            return st.one_of(st.sampled_from(self.slugs), st.just(value))
        return st.just(value)

    def _ids(self, name, path):
        if path and name in ("id", "pk"):
            found = self.listed.get(PARAMETER.split(path)[0])
        else:
            found = self.by_name.get(f"{name.replace('_', '-')}s")
        return found or self.anywhere


def test_every_answer_is_one_the_schema_documents(api_schema, caller, subtests):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20  # the whole schema, whatever the features add
    for operation in operations:
        with subtests.test(msg=f"{caller.role}: {operation.label}"):
            _answers_documented(operation, caller)


def _answers_documented(operation, caller):
    """EXAMPLES generated requests of ``operation`` as ``caller``, valid or not."""
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=EXAMPLES if operation.method.upper() == "GET" else EXAMPLES_OF_A_WRITE,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # a failure is told as found, unshrunk
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def answer(case):
        with transaction.atomic():  # what a request writes, no other request reads
            response = case.call(headers=caller.headers)
            transaction.set_rollback(True)
        case.validate_response(response, checks=CHECKS, headers=caller.headers)

    answer()
