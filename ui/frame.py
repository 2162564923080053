"""The frame every page shares: title, about, data attribution."""

from __future__ import annotations

import json
from urllib.parse import urlencode, urlsplit

import streamlit as st

import geo
from geo import links
from geo.catalog import ATTRIBUTION

ABOUT = (
    "Open data and community stories about Northumberland's neighbourhoods, from Northumberland "
    "County Council's *Communities First* initiative and the *Living Archive Data Observatory*."
)


def about(artifact: geo.Artifact) -> str:
    """What the observatory is, in a sentence, for the council it covers."""
    if not artifact.from_england:
        return ABOUT
    return (
        f"Open data and community stories about {artifact.county_name}'s neighbourhoods, "
        "built from England-wide open data."
    )


def sidebar_frame(artifact: geo.Artifact) -> None:
    """The part of the frame every page shares: the title in the browser tab, and the
    observatory's name and purpose in the sidebar."""
    st.set_page_config(page_title=f"{artifact.county_name} Data Observatory")
    with st.sidebar:
        st.markdown(f"**{artifact.title}**")
        st.caption(about(artifact))


def not_available(artifact: geo.Artifact, what: str, missing: str) -> None:
    """Say plainly that a part of a page needs data this council's build does not have.

    ``what`` is the part ("Choosing a division"), ``missing`` what it would need
    ("2025 electoral divisions").
    """
    st.info(
        f"{what} is not available for {artifact.county_name}: the observatory is built "
        f"for {artifact.county_name} from England-wide open data, which has no {missing}.",
        icon=":material/info:",
    )


def footer() -> None:
    """Data attribution under every page (required by the Open Government Licence)."""
    st.divider()
    st.caption(ATTRIBUTION)


def source_caption(ind: geo.Indicator) -> None:
    """Source, edition and direction under a figure."""
    st.caption(f"{ind.caption} {ind.direction_note}")


def public_base() -> str:
    """The app's address for links and QR codes: ``OBSERVATORY_PUBLIC_URL`` when set,
    else the address this page was opened at."""
    current = urlsplit(str(st.context.url or ""))
    origin = f"{current.scheme}://{current.netloc}" if current.netloc else None
    return links.public_url(origin)


def shareable_link(url_path: str, params: dict[str, str]) -> str:
    """A full address for a page and its parameters, to copy into an email or slide."""
    return f"{public_base()}/{url_path}?{urlencode(params)}"


def link_box(label: str, url_path: str, params: dict[str, str]) -> str:
    """The shareable link in a plain text box people can select and copy; returns it.

    A text box rather than a code block: it wraps nothing, never runs off a phone's
    screen, is reachable by keyboard, and needs no syntax highlighter in the browser.
    """
    link = shareable_link(url_path, params)
    # No key: the box is a new one whenever the link changes, so it always shows it.
    st.text_input(label, value=link)
    return link


def styles(css: str) -> None:
    """Add CSS to the page (aimed at ``st.container(key=...)`` classes, ``.st-key-...``)."""
    st.html(f"<style>{css}</style>")


def legend(legend_html: str) -> None:
    """A map legend (see :func:`geo.maps.legend_html`)."""
    st.html(legend_html)


_REVEAL = "frame_reveal"
_REVEAL_JS = """<script>
(() => {
  const id = %s;  // asked for %d times this session
  let tries = 0;
  const reveal = () => {
    const heading = document.getElementById(id);
    if (!heading) { if (++tries < 120) requestAnimationFrame(reveal); return; }
    heading.tabIndex = -1;
    heading.style.scrollMarginTop = "4rem";
    const top = heading.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.6) heading.scrollIntoView({block: "start"});
    heading.focus({preventScroll: true});
  };
  reveal();
})();
</script>"""


def reveal_next(anchor: str) -> None:
    """Ask for the heading ``anchor`` to be brought into view and focused when next drawn.

    Called from widget and map callbacks: after a tap on the map or a search, the answer
    is where the person is looking, and keyboard and screen-reader users are taken to it.
    """
    st.session_state[_REVEAL] = (anchor, st.session_state.get(_REVEAL, ("", 0))[1] + 1)


def reveal_pending() -> None:
    """Bring the asked-for heading into view and focus it (call after drawing it)."""
    anchor, count = st.session_state.get(_REVEAL, ("", 0))
    if anchor:
        st.session_state[_REVEAL] = ("", count)
        st.html(_REVEAL_JS % (json.dumps(anchor), count), unsafe_allow_javascript=True)


PRINT_CSS = """
<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header,
  [data-testid="stToolbar"], .stButton, .stDownloadButton, [data-testid="stExpander"],
  iframe, [data-testid="stPageLink"] { display: none !important; }
  .stApp, .main, .block-container { padding: 0 !important; max-width: 100% !important; }
  .stApp { font-size: 11pt; color: #000; background: #fff; }
  [data-testid="stVerticalBlockBorderWrapper"] { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  a { color: #000; text-decoration: none; }
}
</style>
"""


def print_styles() -> None:
    """A clean printout of a profile: no menus, buttons or interactive maps; no split cards."""
    st.markdown(PRINT_CSS, unsafe_allow_html=True)
