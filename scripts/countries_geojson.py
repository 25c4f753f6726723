"""Build the map's base layer, web/static/countries.geojson, from Natural Earth's 1:110m countries.

The source is `countries-110m.json` of the npm package world-atlas 2.0.2 (Natural Earth 4.1.0
as TopoJSON; Natural Earth is public domain, world-atlas is ISC). Get it and run:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/countries_geojson.py package/countries-110m.json

Coordinates are rounded to 0.01 degree (about 1 km), enough for a country outline at the zoom
levels the pages offer, and the file stays small.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "src/newsloom/web/static/countries.geojson"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are delta-encoded integers; undo that and the quantisation."""
    (scale_x, scale_y), (move_x, move_y) = topology["transform"].values()
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * scale_x + move_x, 2), round(y * scale_y + move_y, 2)))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]  # ~i: arc i reversed
        points.extend(arc if not points else arc[1:])
    return unwrapped(points)


def unwrapped(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian (Chukotka, Fiji) continues past 180 degrees instead
    of jumping back across the whole map, which Leaflet would draw as a band around the world."""
    shift = 0.0
    result = [points[0]] if points else []
    for (previous, _), (lon, lat) in zip(points, points[1:], strict=False):
        if lon - previous > 180:
            shift -= 360
        elif previous - lon > 180:
            shift += 360
        result.append((round(lon + shift, 2), lat))
    return result


def feature(geometry: dict, arcs: list) -> dict | None:
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return None
    coordinates = [[ring(r, arcs) for r in polygon] for polygon in polygons]
    return {
        "type": "Feature",
        "properties": {"name": geometry["properties"]["name"], "id": geometry.get("id")},
        "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
    }


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    # Antarctica's outline runs along the map's edge and around the pole: nothing news maps need.
    geometries = [g for g in topology["objects"]["countries"]["geometries"] if g.get("id") != "010"]
    features = [feature(g, arcs) for g in geometries]
    collection = {"type": "FeatureCollection", "features": [f for f in features if f]}
    TARGET.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"{TARGET}: {len(collection['features'])} countries, {TARGET.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
