"""A4 area packs: one for every LSOA and every division, with the right words in them."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from pypdf import PdfReader

from outputs import pack
from tests.archive.helpers import draft


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4 portrait
    return " ".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.slow
@pytest.mark.parametrize("geography", ["lsoa21", "wd25"])
def test_a_pack_for_every_area(artifact, geography):
    names = artifact.names(geography)
    lsoa_values = artifact.values(geography)

    def check(code: str) -> None:
        text = squash(text_of(pack.area_pack(artifact, geography, code)))
        assert names[code] in text, code
        assert code in text
        assert "Open Government Licence" in text
        assert "Crown copyright" in text
        assert "Key figures" in text
        assert "How it has changed" in text
        score = lsoa_values.at[code, "imd2025_score"]
        assert f"{score:.1f}" in text or f"{score:.2f}" in text, (code, score)

    with ThreadPoolExecutor(max_workers=2) as workers:
        list(workers.map(check, list(names.index)))


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
    text = squash(text_of(pack.area_pack(artifact, "lsoa21", "E01027356", [story])))
    assert "<b>Title</b> & <i>more</i>" in text
    assert "<script>x</script>" in text
    assert "not a real account" in text
    assert "What the data says" in text


def test_progress_is_reported(artifact):
    steps = []
    pack.area_pack(artifact, "wd25", "E05016087", progress=lambda done, what: steps.append(done))
    assert steps[0] < steps[-1] == 1.0
