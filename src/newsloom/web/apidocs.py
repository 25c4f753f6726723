"""/docs: the API reference, rendered on the server from the app's own OpenAPI document.

FastAPI's Swagger UI and ReDoc load their scripts from a CDN and run inline script, which
neither works offline nor passes our Content-Security-Policy; /openapi.json is the machine-
readable document, this page the human-readable one.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from newsloom.web.common import render

router = APIRouter()
NAV = ("API", "/docs")  # its link in the site header


def operations(openapi: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of an OpenAPI document, with its parameters, in document order."""
    result = []
    for path, methods in openapi.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "required": p.get("required", False),
                    "type": _type(p.get("schema", {})),
                    "description": p.get("description")
                    or p.get("schema", {}).get("description", ""),
                }
                for p in operation.get("parameters", [])
            ]
            result.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "tag": (operation.get("tags") or [""])[0],
                }
            )
    return result


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    bounds = [f"{k} {schema[k]}" for k in ("minimum", "maximum", "maxLength") if k in schema]
    return schema.get("type", "") + (f" ({', '.join(bounds)})" if bounds else "")


@router.get("/docs", include_in_schema=False)
def api_reference(request: Request):
    return render(request, "api.html", operations=operations(request.app.openapi()))
