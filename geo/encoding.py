"""Compact geometry for the browser: shared arcs, quantised and delta-encoded.

Neighbouring areas share their borders. Like TopoJSON, each border is stored once as an
*arc* and every ring lists the arcs it is made of (``~i`` for arc ``i`` reversed).
Coordinates are quantised to a grid (5 decimal places of a degree, about a metre) and
each arc is written like a Google encoded polyline (zig-zagged deltas in 5-bit chunks),
several times smaller than GeoJSON. The chunks are written with the URL-safe base64
alphabet rather than Google's ASCII offset, so the text never holds a quote, backslash,
brace or percent sign: it can sit in JSON, in a ``<script>`` and in a Jinja template
without escaping. ``static/observatory/areas.js`` decodes it.

Arcs are found by walking each ring and cutting it wherever the set of rings sharing
the current edge changes; the same chain of vertices met from the other side becomes the
same arc, reversed. Shared borders must have identical vertices on both sides, which
coverage simplification and deterministic rounding guarantee.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely

DECIMALS = 5
#: 64 characters for 6-bit chunks (5 bits of value and a "more follows" bit).
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}

Point = tuple[int, int]


@dataclass(frozen=True)
class Encoded:
    """Arcs (encoded polylines) and, per shape, its polygons as lists of ring arc refs."""

    scale: int
    arcs: list[str]
    shapes: list[list[list[list[int]]]]

    def to_json(self) -> str:
        return json.dumps(
            {"scale": self.scale, "arcs": self.arcs, "shapes": self.shapes}, separators=(",", ":")
        )


def _rings(geom: shapely.Geometry) -> list[list[np.ndarray]]:
    """Polygons of a (multi)polygon as lists of rings (exterior first)."""
    parts = [geom] if isinstance(geom, shapely.Polygon) else list(getattr(geom, "geoms", []))
    out = []
    for part in parts:
        if isinstance(part, shapely.Polygon) and not part.is_empty:
            out.append(
                [np.asarray(part.exterior.coords), *(np.asarray(r.coords) for r in part.interiors)]
            )
    return out


def _quantise(coords: np.ndarray, scale: int) -> list[Point]:
    points = [(int(x), int(y)) for x, y in np.rint(coords[:, :2] * scale)]
    ring = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()  # stored open; the first point closes it
    return ring


def _edge(a: Point, b: Point) -> tuple[Point, Point]:
    return (a, b) if a <= b else (b, a)


def encode(geoms: Sequence[shapely.Geometry], decimals: int = DECIMALS) -> Encoded:
    """Encode polygons that tile an area (a coverage) with shared arcs."""
    scale = 10**decimals
    shapes_rings = [[[_quantise(r, scale) for r in poly] for poly in _rings(g)] for g in geoms]
    all_rings = [
        ring for shape in shapes_rings for poly in shape for ring in poly if len(ring) >= 3
    ]

    owners: dict[tuple[Point, Point], set[int]] = defaultdict(set)
    for ring_id, ring in enumerate(all_rings):
        for i, point in enumerate(ring):
            owners[_edge(point, ring[(i + 1) % len(ring)])].add(ring_id)

    arcs: list[list[Point]] = []
    index: dict[tuple[Point, ...], int] = {}

    def arc_ref(chain: list[Point]) -> int:
        key, back = tuple(chain), tuple(reversed(chain))
        if key in index:
            return index[key]
        if back in index:
            return ~index[back]
        index[key] = len(arcs)
        arcs.append(chain)
        return index[key]

    ring_refs: list[list[int]] = []
    for ring in all_rings:
        n = len(ring)
        sharing = [frozenset(owners[_edge(ring[i], ring[(i + 1) % n])]) for i in range(n)]
        cuts = [i for i in range(n) if sharing[i] != sharing[i - 1]]
        if not cuts:
            # One neighbour (or none) all the way round: start at the smallest point so
            # both sides of a shared closed ring choose the same chain.
            start = min(range(n), key=lambda i: ring[i])
            closed = ring[start:] + ring[:start] + [ring[start]]
            ring_refs.append([_closed_ref(closed, arc_ref)])
            continue
        refs = []
        for j, start in enumerate(cuts):
            end = cuts[(j + 1) % len(cuts)]
            length = (end - start) % n or n
            refs.append(arc_ref([ring[(start + k) % n] for k in range(length + 1)]))
        ring_refs.append(refs)

    refs_iter = iter(ring_refs)
    shapes = [
        [[next(refs_iter) for ring in poly if len(ring) >= 3] for poly in shape]
        for shape in shapes_rings
    ]
    return Encoded(scale, [_polyline(arc) for arc in arcs], shapes)


def _closed_ref(closed: list[Point], arc_ref) -> int:
    """A closed chain is the same arc whichever way round it is walked."""
    backwards = [closed[0], *reversed(closed[1:-1]), closed[0]]
    return arc_ref(min(closed, backwards))


def _polyline(points: Iterable[Point]) -> str:
    """The encoded polyline algorithm on (x, y) integer pairs, as deltas."""
    out: list[str] = []
    px = py = 0
    for x, y in points:
        for delta in (x - px, y - py):
            value = ~(delta << 1) if delta < 0 else delta << 1
            while value >= 0x20:
                out.append(ALPHABET[0x20 | (value & 0x1F)])
                value >>= 5
            out.append(ALPHABET[value])
        px, py = x, y
    return "".join(out)


def decode_polyline(text: str, scale: int) -> list[tuple[float, float]]:
    """Inverse of the encoding (for tests and for reading the format in Python)."""
    values, value, shift = [], 0, 0
    for char in text:
        chunk = _INDEX[char]
        value |= (chunk & 0x1F) << shift
        shift += 5
        if chunk < 0x20:
            values.append(~(value >> 1) if value & 1 else value >> 1)
            value, shift = 0, 0
    points, x, y = [], 0, 0
    for dx, dy in zip(values[::2], values[1::2], strict=True):
        x, y = x + dx, y + dy
        points.append((x / scale, y / scale))
    return points


def decode(encoded: Encoded) -> list[shapely.Geometry]:
    """Shapes back as shapely (multi)polygons: the decoder the browser mirrors."""
    arcs = [decode_polyline(a, encoded.scale) for a in encoded.arcs]

    def ring(refs: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for ref in refs:
            arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    out = []
    for shape in encoded.shapes:
        polygons = [shapely.Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in shape if p]
        out.append(polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons))
    return out
