"""A4 area packs: one for every LSOA and every division, with the right words in them,
and QR codes a phone can read that lead to the area's live profile and story form."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from pypdf import PdfReader

from outputs import pack
from tests.archive.helpers import draft

BASE = "https://observatory.example.org"


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4 portrait
    return " ".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.split())


#: Areas whose packs differ most: every kind of boundary change, missing values, the
#: smallest and the largest division. The run over every area is marked slow (CI runs it).
EDGE_CASES = {
    "lsoa21": [
        "E01027356",  # unchanged since 2001
        "E01033714",  # its 2011 LSOA was formed by merging 2001 LSOAs
        "E01033715",  # its 2011 LSOA was split from a 2001 LSOA
        "E01035630",  # split from a 2011 LSOA in 2021
        "E01035636",  # formed by merging 2011 LSOAs in 2021
        "E01035637",  # redrawn with part of a Gateshead LSOA
        "E01027400",  # income-deprived children and older people not published
    ],
    "wd25": ["E05016083", "E05016084", "E05016087"],  # one LSOA, the most LSOAs, a town
}


def check_pack(artifact, geography: str, code: str) -> None:
    """The pack names the area, carries its IMD score, the licence and every section."""
    text = squash(text_of(pack.area_pack(artifact, geography, code, base_url=BASE)))
    assert text.startswith(squash(artifact.local_name(geography, code))), code  # known name
    assert artifact.name(geography, code) in text, code  # the ONS name beside it, for officers
    assert code in text
    assert "Open Government Licence" in text
    assert "Crown copyright" in text
    assert "Key figures" in text
    assert "How it has changed" in text
    score = artifact.values(geography).at[code, "imd2025_score"]
    assert f"{score:.1f}" in text or f"{score:.2f}" in text, (code, score)


@pytest.mark.parametrize(
    ("geography", "code"), [(g, c) for g, codes in EDGE_CASES.items() for c in codes]
)
def test_a_pack_for_each_kind_of_area(artifact, geography, code):
    check_pack(artifact, geography, code)


@pytest.mark.slow
@pytest.mark.parametrize("geography", ["lsoa21", "wd25"])
def test_a_pack_for_every_area(artifact, geography):
    codes = list(artifact.names(geography).index)
    with ThreadPoolExecutor(max_workers=2) as workers:
        list(workers.map(lambda code: check_pack(artifact, geography, code), codes))


def test_pack_holds_story_excerpts_safely_and_flags_examples(artifact):
    hostile = draft(
        title="<b>Title</b> & <i>more</i>", body="Harbour days <script>x</script> & more text."
    )
    from datetime import UTC, datetime

    from archive.store import StoryView

    story = StoryView(
        public_id="x",
        title=hostile.title,
        body=hostile.body,
        year_from=1990,
        year_to=1990,
        display_name=None,
        licence="CC-BY-4.0",
        status="approved",
        source="web",
        is_example=True,
        themes=(),
        areas=(("lsoa21", "E01027356"),),
        photo_ids=(),
        photo_captions=(),
        created_at=datetime.now(UTC),
        updated_at=datetime.now(UTC),
    )
    text = squash(text_of(pack.area_pack(artifact, "lsoa21", "E01027356", [story], base_url=BASE)))
    assert "<b>Title</b> & <i>more</i>" in text
    assert "<script>x</script>" in text
    assert "not a real account" in text
    assert "What the data says" in text


def test_progress_is_reported(artifact):
    steps = []
    pack.area_pack(
        artifact,
        "wd25",
        "E05016087",
        base_url=BASE,
        progress=lambda done, what: steps.append(done),
    )
    assert steps[0] < steps[-1] == 1.0


def qr_codes_on_first_page(pdf: bytes) -> list[str]:
    """The QR codes a reader's phone finds on page 1, as printed (the page is drawn to a
    picture first, so a code that is hidden, clipped or too small would not be read)."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf)
    picture = document[0].render(scale=2).to_pil()
    return [found.text for found in zxingcpp.read_barcodes(picture)]


@pytest.mark.parametrize(("geography", "code"), [("lsoa21", "E01027356"), ("wd25", "E05016087")])
def test_the_pack_carries_qr_codes_to_the_live_profile_and_the_story_form(
    artifact, geography, code
):
    pdf = pack.area_pack(artifact, geography, code, base_url=BASE)
    found = qr_codes_on_first_page(pdf)
    assert sorted(found) == [f"{BASE}/area?area={code}", f"{BASE}/share?area={code}"]
    text = squash(text_of(pdf))
    assert f"observatory.example.org/share?area={code}" in text  # the short link, printed


def test_the_public_address_is_a_setting(artifact, monkeypatch):
    from geo import links

    monkeypatch.setenv(links.PUBLIC_URL_SETTING, "https://maps.northumberland.example/")
    base = links.public_url("http://10.0.0.5:8501")
    assert base == "https://maps.northumberland.example"
    found = qr_codes_on_first_page(pack.area_pack(artifact, "lsoa21", "E01027356", base_url=base))
    assert "https://maps.northumberland.example/area?area=E01027356" in found


def test_a_division_pack_says_how_its_figures_were_made(artifact):
    text = squash(text_of(pack.area_pack(artifact, "wd25", "E05016083", base_url=BASE)))
    assert squash(artifact.method("wd25", "E05016083")) in text
    assert "shares of those split with other divisions" in text
