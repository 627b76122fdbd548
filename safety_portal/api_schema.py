"""How the API's OpenAPI schema tells the refusals every endpoint may answer, besides its
own answer (drf-spectacular; the ``DEFAULT_SCHEMA_CLASS`` of ``REST_FRAMEWORK``).

Each operation documents, from what it is, the errors it can give, each a JSON body:

- ``400`` (``ValidationError``): it writes, or takes a query (filters, a page size): the
  messages by field, ``non_field_errors`` for the whole (a service's refusal); a list's or
  a nested object's field holds its own messages the same way. A body that cannot be
  read at all (not JSON) is an ``Error``.
- ``401`` (``Error``, ``WWW-Authenticate``): it refuses the anonymous.
- ``403`` (``Error``): it writes: the caller sees the record but may not act on it.
- ``404`` (``Error``): it names a record in its path, or pages by cursor or number (a
  page that is not there); what the caller may not know exists answers the same.
- ``429`` (``Error``, ``Retry-After``): it is rated (``api_kit.PerCaller``, ``PerAddress``).

An operation's own ``@extend_schema(responses=...)`` for one of these statuses wins.
Imports nothing of the project (set by its dotted path in the settings, as DRF does).
"""

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PAGE_PARAMETERS = {"cursor", "page"}

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "Why, in a sentence."}},
    "required": ["detail"],
}
_MESSAGES = {
    "type": "array",
    "items": {"anyOf": [{"type": "string"}, {"type": "object", "additionalProperties": {}}]},
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "The messages by field (non_field_errors: of the whole). A field that "
    "holds a list or an object holds its own messages the same way, by position or by "
    "name. A message never quotes a record the caller may not see.",
    "additionalProperties": {
        "anyOf": [_MESSAGES, {"type": "object", "additionalProperties": {}}],
    },
}


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for status, response in self._refusals(operation).items():
            operation["responses"].setdefault(status, response)
        return operation

    def _refusals(self, operation) -> dict:
        error = self._component("Error", ERROR)
        parameters = operation.get("parameters", [])
        query = {p["name"] for p in parameters if p["in"] == "query"}
        anonymous_refused = {} not in operation.get("security", [{}])
        refusals = {}
        writes = self.method not in SAFE_METHODS
        if "requestBody" in operation or query or writes:
            invalid = self._component("ValidationError", VALIDATION_ERROR)
            refusals["400"] = _answer(
                "The request is refused: messages by field; or a body that cannot be read.",
                {"anyOf": [invalid, error]},
            )
        if anonymous_refused:
            refusals["401"] = _answer(
                "No valid credentials: a missing, expired or revoked token.",
                error,
                {"WWW-Authenticate": _header("How to authenticate: Token.", "string")},
            )
        if writes:
            refusals["403"] = _answer("The caller may not do this.", error)
        if any(p["in"] == "path" for p in parameters) or query & PAGE_PARAMETERS:
            refusals["404"] = _answer(
                "Not found, or not the caller's to know of; a page that is not there.", error
            )
        if getattr(self.view, "throttle_classes", None):
            refusals["429"] = _answer(
                "Too many calls: wait before calling again.",
                error,
                {"Retry-After": _header("Seconds to wait.", "integer")},
            )
        return refusals

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return component.ref


def _answer(description: str, schema: dict, headers: dict | None = None) -> dict:
    answer = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        answer["headers"] = headers
    return answer


def _header(description: str, kind: str) -> dict:
    return {"description": description, "required": True, "schema": {"type": kind}}
