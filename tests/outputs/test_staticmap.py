"""Static maps (geopandas and matplotlib, British National Grid) and chart images made on
the server: sizes, colours, outlines, place labels and the high-contrast style."""

from __future__ import annotations

import io

from PIL import Image
from shapely import Polygon

from geo.classify import classify
from outputs import render, staticmap


def size_of(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size


def test_area_map_png_has_the_requested_size(artifact):
    png = staticmap.area_map(artifact, "lsoa21", "E01027356")
    assert png.startswith(b"\x89PNG")
    assert size_of(png) == (1200, 900)
    assert size_of(staticmap.area_map(artifact, "wd25", "E05016087", size=(800, 400))) == (800, 400)


def test_the_selected_area_is_outlined(artifact):
    display = artifact.areas("lsoa21", display=True)
    ind = artifact.registry.get("imd2025_score")
    classes = classify(artifact.values("lsoa21")[ind.id], ind, "quantiles", 5)
    plain = staticmap.choropleth_png(display, classes, title="IMD")
    outlined = staticmap.choropleth_png(display, classes, title="IMD", highlight=["E01027356"])
    assert size_of(plain) == size_of(outlined) == (1200, 900)

    def black_pixels(png: bytes) -> int:
        with Image.open(io.BytesIO(png)) as image:
            pixels = image.convert("RGB").tobytes()
        return sum(1 for i in range(0, len(pixels), 3) if sum(pixels[i : i + 3]) < 60)

    assert black_pixels(outlined) > black_pixels(plain)


def test_map_draws_every_class_colour(artifact):
    display = artifact.areas("wd25", display=True)
    ind = artifact.registry.get("fuel_poverty_2021")
    classes = classify(artifact.values("wd25")[ind.id], ind, "quantiles", 5)
    png = staticmap.choropleth_png(display, classes, title="Fuel poverty", size=(900, 700))
    with Image.open(io.BytesIO(png)) as image:
        pixels = image.convert("RGB").tobytes()
    colours = {"#" + pixels[i : i + 3].hex() for i in range(0, len(pixels), 3)}
    assert set(classes.colours) <= colours


def test_chart_png_is_width_times_scale(artifact):
    from geo import profile

    chart = profile.trend_charts(artifact, "lsoa21", "E01027356", (profile.imd_history_chart,))[0]
    png = render.chart_image(chart.spec, width=500, scale=2)
    width, height = size_of(png)
    assert width >= 1000
    assert height > 400
    jpeg = render.chart_image(chart.spec, width=500, scale=1, fmt="jpeg")
    assert jpeg[:3] == b"\xff\xd8\xff"


def test_an_area_inside_another_areas_hole_keeps_its_colour(artifact):
    display = artifact.areas("lsoa21", display=True).set_index("code")
    holed = [c for c, g in display.geometry.items() if any(p.interiors for p in _parts(g))]
    assert holed, "the bundled LSOAs include areas with holes"
    surround = holed[0]
    hole = _parts(display.geometry[surround])[0].interiors[0]
    inside = [
        c
        for c, g in display.geometry.items()
        if c != surround and g.within(Polygon(hole).buffer(1e-6))
    ]
    assert inside, "an enclave sits in the hole"
    pair = display.loc[[inside[0], surround]].reset_index()  # the enclave listed first
    png = staticmap.render(pair, {inside[0]: "#0000ff", surround: "#ff0000"}, size=(600, 600))
    with Image.open(io.BytesIO(png)) as image:
        pixels = image.convert("RGB").tobytes()
    assert any(pixels[i : i + 3] == b"\x00\x00\xff" for i in range(0, len(pixels), 3))


def test_the_pack_map_comes_in_the_format_asked_for(artifact):
    jpeg = staticmap.area_map(artifact, "lsoa21", "E01027356", size=(600, 400), fmt="JPEG")
    assert jpeg.startswith(b"\xff\xd8")


def _parts(geom):
    return list(getattr(geom, "geoms", [geom]))


def test_the_places_in_view_are_named_towns_first(artifact):
    places = staticmap.places_of(artifact)
    ashington = places[places["name"] == "Ashington"].iloc[0]
    box = (ashington.easting - 4000, ashington.northing - 4000, ashington.easting + 4000,
           ashington.northing + 4000)  # fmt: skip
    chosen = staticmap.label_candidates(places, box)
    assert chosen["name"].iloc[0] == "Ashington"  # the town before its villages
    assert chosen["easting"].between(box[0], box[2]).all()
    assert chosen["northing"].between(box[1], box[3]).all()
    assert set(chosen["kind"]) <= set(staticmap.PLACE_RANK)


def test_labels_are_drawn_on_the_map(artifact):
    """The same map with and without its gazetteer: labels (dark text with light halos)
    change the picture around the towns."""
    lsoas = artifact.areas("lsoa21", display=True)
    colours = dict.fromkeys(lsoas["code"], "#bbbbbb")
    plain = staticmap.render(lsoas, colours, size=(600, 600))
    named = staticmap.render(lsoas, colours, places=staticmap.places_of(artifact), size=(600, 600))

    def dark(png: bytes) -> int:
        with Image.open(io.BytesIO(png)) as image:
            pixels = image.convert("L").tobytes()
        return sum(1 for v in pixels if v < 60)

    assert dark(named) > dark(plain) + 200


def test_high_contrast_maps_are_drawn_on_black(artifact):
    png = staticmap.area_map(
        artifact, "wd25", "E05016087", size=(400, 400), style=staticmap.HIGH_CONTRAST
    )
    with Image.open(io.BytesIO(png)) as image:
        corner = image.convert("RGB").getpixel((2, 2))
    assert corner == (0, 0, 0)
