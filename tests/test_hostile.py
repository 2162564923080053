"""Property-based hostile input: every way in ends in a value or a clear refusal.

Hypothesis generates text, bytes and parameter dictionaries; whatever it finds, the
functions must answer with their documented result or their documented error (a
message for people), never another exception, and never echo markup.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive import photos, transfer
from archive.text import escape_markdown, story_html
from archive.validation import StoryDraft, check, normalise
from geo import links, priority, upload
from geo.cleaning import shown
from geo.maps import _json_for_script, resolve_click
from geo.search import is_found_area, normalise_postcode, search
from tests.archive.helpers import as_read, as_typed, unescaped_punctuation

FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MARKUP = ("<script", "<img", "javascript:", "](")

text = st.text(max_size=300)
nasty = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "{{7*7}}",
        "{% raw %}",
        "'; DROP TABLE x;--",
        "\x00\x1b[2J",
        "\u202e",
        "😀" * 20,
        "NE61 1AA" * 50,
        "%s%s%s",
        "../../etc/passwd",
        "E0" * 100,
    ]
)
anything = st.one_of(text, nasty)


@FAST
@given(query=anything)
def test_search_never_fails_and_never_echoes_markup(artifact, query):
    result = search(artifact, query)
    assert isinstance(result.message, str)
    assert not any(m in result.message for m in MARKUP)
    for place in (*result.matches, *result.also):
        assert is_found_area(artifact, place)


@FAST
@given(query=anything)
def test_postcode_normalisation_is_total(query):
    out = normalise_postcode(query)
    assert out is None or (len(out) <= 8 and " " in out)
    assert all(ch.isalnum() or ch in " _-." for ch in shown(query))


@FAST
@given(
    params=st.dictionaries(
        st.sampled_from(["indicator", "geo", "area", "scheme", "k", "x"]),
        st.one_of(anything, st.lists(anything, max_size=3)),
        max_size=6,
    )
)
def test_any_link_gives_a_valid_view(artifact, params):
    view, problems = links.parse(artifact, params)
    assert view.indicator in artifact.registry
    assert view.area is None or view.area in artifact.names(view.geo).index
    assert 3 <= view.k <= 9
    for problem in problems:
        assert not any(m in problem for m in MARKUP)


@FAST
@given(
    params=st.dictionaries(
        st.sampled_from(["method", "weights", "geo", "n", "type", "division", "minpop", "seed"]),
        anything,
        max_size=8,
    )
)
def test_any_priorities_link_gives_valid_settings(params):
    default = priority.Settings(weights=(("imd2025_score", 1.0),))
    settings_, problems = priority.parse_settings(
        params, {"imd2025_score", "fuel_poverty_2021"}, {"E05016087"}, default
    )
    assert settings_.method in priority.METHODS
    assert all(w >= 0 for _, w in settings_.weights)
    assert not any("<script" in p for p in problems)


def _read_or_refused(read, refusal):
    """Run a reader; a refusal must carry a message for the user."""
    try:
        return read(), ""
    except refusal as exc:
        message = str(exc).strip()
    assert message, "refused without saying why"
    return None, message


@FAST
@given(data=st.binary(max_size=2000))
def test_any_upload_is_read_or_refused_with_a_message(artifact, data):
    result, message = _read_or_refused(
        lambda: upload.read_upload(data, "x.csv", artifact), upload.UploadError
    )
    assert message or result.report.matched > 0


@FAST
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["E01027356", "E01027357", "E05016087", "junk", ""]), anything),
        min_size=1,
        max_size=20,
    )
)
def test_any_csv_text_upload_is_read_or_refused(artifact, rows):
    body = "code,value\n" + "\n".join(
        f"{c},{v.replace(',', ' ').replace(chr(10), ' ')}" for c, v in rows
    )
    result, message = _read_or_refused(
        lambda: upload.read_upload(body.encode("utf-8", "replace"), "x.csv", artifact),
        upload.UploadError,
    )
    assert message or result.report.matched > 0


@FAST
@given(data=st.binary(max_size=4000))
def test_any_bytes_as_a_photo_are_refused_cleanly(data):
    with pytest.raises(photos.PhotoError):
        photos.process(data)


@FAST
@given(data=st.binary(max_size=3000))
def test_any_import_file_is_read_or_refused(data):
    rows, message = _read_or_refused(
        lambda: transfer.read_rows(data, "import.csv"), transfer.ImportFileError
    )
    assert message or rows is not None
    for row in rows or ():
        transfer.draft_from_row(row)


@FAST
@given(
    title=anything,
    body=anything,
    name=st.one_of(st.none(), anything),
    year=st.one_of(st.none(), st.integers(-(10**6), 10**6)),
)
def test_any_story_is_checked_without_error(title, body, name, year):
    draft = normalise(
        StoryDraft(
            title=title,
            body=body,
            year_from=year,
            display_name=name,
            consent=True,
            areas=(("wd25", "E05016087"),),
        )
    )
    problems = check(draft, {("wd25", "E05016087")})
    assert all(isinstance(m, str) for m in problems.messages())


@FAST
@given(body=anything)
@example(body="\u2060")  # a typed word joiner, once read as one of escape_markdown's
def test_story_text_never_becomes_markup(body):
    html = story_html(body)
    for tag in ("<script", "<img", "<a ", "<iframe", "<style", "<svg"):
        assert tag not in html.lower().replace("&lt;", "")
    shown = escape_markdown(body)
    assert unescaped_punctuation(shown) == []
    assert as_read(shown) == as_typed(body)


@FAST
@given(
    value=st.recursive(
        st.one_of(anything, st.integers(), st.none()),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
        max_leaves=20,
    )
)
def test_map_script_data_cannot_close_the_script_or_open_a_template(value):
    out = _json_for_script(value)
    assert "</" not in out
    assert "{{" not in out
    assert "{%" not in out
    assert "{#" not in out


@FAST
@given(
    clicked=st.recursive(
        st.one_of(anything, st.floats(allow_nan=True), st.integers(), st.none()),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "last_active_drawing",
                        "properties",
                        "code",
                        "last_object_clicked",
                        "lat",
                        "lng",
                    ]
                ),
                inner,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_any_click_payload_resolves_to_an_area_or_nothing(artifact, clicked):
    code = resolve_click(artifact, "lsoa21", clicked)
    assert code is None or code in artifact.names("lsoa21").index
