"""The intake's OpenAPI description: request bodies and every answer a partner can get.

The handlers read and check bodies themselves (size before parsing, depth, per-field
errors), so the body schemas are added to the description here rather than inferred.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic.json_schema import models_json_schema

from ingest.sources.community import CommunitySubmission
from schemas.referrals import CcrReferral

REF = "#/components/schemas/{model}"
PROBLEM = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {"type": "string", "description": "what is wrong, naming each field"},
        "fields": {"type": "array", "items": {"type": "string"}},
        "details": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "hint": {"type": "string"},
    },
}


def _answer(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _problem(description: str) -> dict[str, Any]:
    return _answer(description, {"$ref": REF.format(model="Problem")})


def _operation(body: str, accepted: dict[str, Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": REF.format(model=body)}}},
        },
        "responses": {
            "201": _answer("delivered: the broker acknowledged it", accepted),
            "200": _answer(
                "this Idempotency-Key was delivered before; nothing sent again", accepted
            ),
            "401": _problem("missing or unknown bearer token"),
            "413": _problem("body over the size limit"),
            "422": _problem("invalid JSON, fields or Idempotency-Key (each named)"),
            "429": _problem("over the partner's rate; wait Retry-After seconds"),
            "503": _problem("not delivered; retry with the same Idempotency-Key"),
        },
    }


REPORT_ACCEPTED = {
    "type": "object",
    "required": ["report_id", "duplicate"],
    "properties": {"report_id": {"type": "string"}, "duplicate": {"type": "boolean"}},
}
REFERRAL_ACCEPTED = {
    "type": "object",
    "required": ["referral_id", "key", "duplicate"],
    "properties": {
        "referral_id": {"type": "string"},
        "key": {"type": "string", "description": "partner:referral_id, the topic key"},
        "duplicate": {"type": "boolean"},
    },
}
document_bodies: dict[str, dict[str, Any]] = {
    "report": _operation("CommunitySubmission", REPORT_ACCEPTED),
    "referral": _operation("CcrReferralForm", REFERRAL_ACCEPTED),
}


def component_schemas() -> dict[str, Any]:
    """The body schemas; the referral form is ``CcrReferral`` without ``partner``."""
    _, top = models_json_schema(
        [(CommunitySubmission, "validation"), (CcrReferral, "validation")], ref_template=REF
    )
    schemas: dict[str, Any] = dict(top["$defs"])
    form = dict(schemas.pop("CcrReferral"))
    form["title"] = "CcrReferralForm"
    form["properties"] = {k: v for k, v in form["properties"].items() if k != "partner"}
    form["required"] = [name for name in form.get("required", []) if name != "partner"]
    schemas["CcrReferralForm"] = form
    schemas["Problem"] = PROBLEM
    return schemas


def describe_bodies(app: FastAPI) -> None:
    """Add the body and problem schemas to ``app``'s OpenAPI description."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            document.setdefault("components", {}).setdefault("schemas", {}).update(
                component_schemas()
            )
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]
