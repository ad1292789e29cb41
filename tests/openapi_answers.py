"""Check a real answer of the API against the schema the API publishes for it.

The OpenAPI 3.0 document says `nullable: true` where JSON Schema says `null` is a type; the
rest (`$ref` into the components, `enum`, `pattern`, `required`, formats) JSON Schema reads
as it is.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from rest_framework.test import APIClient


def published_schema() -> dict:
    client = APIClient()
    return client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def _json_schema(node: Any) -> Any:
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


def assert_answer_matches(schema: dict, path: str, method: str, status: int, answer: Any) -> None:
    """`answer` (parsed JSON) is valid against the schema of `path`'s `method` for `status`."""
    declared = schema["paths"][path][method]["responses"][str(status)]
    body = declared["content"]["application/json"]["schema"]
    root = {
        **_json_schema(body),
        "components": {"schemas": _json_schema(schema["components"]["schemas"])},
    }
    validator = Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(answer), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
