"""The analysts' read-only HTTP API (``ccrp serve``): incidents, their versions, the digest.

Every route but the health probes needs an analyst's bearer token (``ccrp api
add-token NAME``). Records follow the one withholding rule (``schemas.privacy``), exactly
as ``ccrp incidents`` prints them: both call the same query and record functions.
The OpenAPI description is served at ``/openapi.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import text

from ccrp.analysts import select_detail, select_records
from ccrp.api_docs import FEATURE, FEATURE_COLLECTION, GEOJSON, Filters, problems
from ccrp.settings import Settings
from sinks.errors import StoreError, StoreInputError
from sinks.incident_view import IncidentDetail, IncidentRecord, feature, feature_collection
from sinks.store import Store

DIGEST_GLOB = "ccrp-digest-*.html"


class Page(BaseModel):
    """One page of incident records; ``next_offset`` is None on the last page."""

    count: int
    total: int
    offset: int
    next_offset: int | None
    incidents: list[IncidentRecord]


def latest_digest(folder: Path) -> Path | None:
    """The newest digest page (by the day in its name) in ``folder``."""
    pages = sorted(folder.glob(DIGEST_GLOB)) if folder.is_dir() else []
    return pages[-1] if pages else None


def make_api(
    store: Store,
    settings: Settings,
    points: Mapping[str, tuple[float, float]],
    digest_dir: Path | None = None,
) -> FastAPI:
    """The API over ``store``; withheld incidents are placed at ``points`` (or nowhere)."""
    tz = settings.timezone
    digests = digest_dir or settings.data_dir / "digest"
    app = FastAPI(
        title="ccrp analysts' API",
        version="1",
        description="Read-only access to the enriched incidents. Bearer token required.",
    )
    bearer = HTTPBearer(auto_error=False, description="an analyst token (ccrp api add-token)")

    def analyst(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
        challenge = {"WWW-Authenticate": "Bearer"}
        if credentials is None:
            raise HTTPException(401, "missing bearer token", headers=challenge)
        name = store.analyst_for_token(credentials.credentials.strip())
        if name is None:
            raise HTTPException(401, "unknown token", headers=challenge)
        return name

    @app.exception_handler(StoreInputError)
    async def bad_input(_request: Request, exc: StoreInputError) -> JSONResponse:
        return JSONResponse(
            {"detail": [{"loc": ["query"], "msg": str(exc), "type": "value_error"}]}, 422
        )

    @app.exception_handler(StoreError)
    async def store_down(_request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": f"store unavailable: {exc}"}, 503)

    @app.get(
        "/incidents",
        response_model=Page,
        responses=problems(401, 422, 503) | {200: {"content": {GEOJSON: FEATURE_COLLECTION}}},
    )
    def list_incidents(
        filters: Filters = Depends(),
        limit: int = Query(500, ge=1, le=settings.api.max_page, description="page size"),
        offset: int = Query(0, ge=0, le=10_000_000),
        format: Literal["json", "geojson"] = Query("json", description="geojson: RFC 7946"),
        _analyst: str = Depends(analyst),
    ) -> Any:
        """Incidents matching every filter given, in the order they occurred."""
        chosen = filters.chosen(tz, limit=limit, offset=offset)
        records, total = select_records(store, chosen, points, tz)
        if format == "geojson":
            return JSONResponse(feature_collection(records), media_type=GEOJSON)
        end = offset + len(records)
        return Page(
            count=len(records),
            total=total,
            offset=offset,
            next_offset=end if end < total else None,
            incidents=records,
        )

    @app.get(
        "/incidents/{incident_id}",
        response_model=IncidentDetail,
        responses=problems(401, 404, 422, 503) | {200: {"content": {GEOJSON: FEATURE}}},
    )
    def get_incident(
        incident_id: str = PathParam(..., max_length=200),
        format: Literal["json", "geojson"] = Query("json"),
        _analyst: str = Depends(analyst),
    ) -> Any:
        """One incident with every stored version and the provenance of its reports."""
        detail = select_detail(store, incident_id, points, tz)
        if detail is None:
            raise HTTPException(404, f"no incident {incident_id!r}")
        if format == "geojson":
            return JSONResponse(feature(detail), media_type=GEOJSON)
        return detail

    @app.get(
        "/digests/latest",
        response_class=HTMLResponse,
        responses=problems(401, 404) | {200: {"content": {"text/html": {}}}},
    )
    def latest_digest_page(_analyst: str = Depends(analyst)) -> HTMLResponse:
        """The newest daily digest page (HTML with its map)."""
        page = latest_digest(digests)
        if page is None:
            raise HTTPException(404, "no digest written yet")
        return HTMLResponse(page.read_text(encoding="utf-8"))

    @app.get("/healthz")
    def healthz() -> dict[str, bool]:
        """Liveness: the API answers."""
        return {"ok": True}

    @app.get("/readyz", responses=problems(503))
    def readyz() -> JSONResponse:
        """Readiness: the store answers a query."""
        try:
            with store.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:
            return JSONResponse({"detail": f"store unreachable: {type(exc).__name__}"}, 503)
        return JSONResponse({"ready": True})

    return app
