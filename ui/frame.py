"""The frame every page shares: title, about, data attribution."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

import geo
from geo import links
from geo.catalog import ATTRIBUTION

APP_TITLE = "Northumberland Living Archive Data Observatory"


ABOUT = (
    "Open data and community stories about Northumberland's neighbourhoods, from Northumberland "
    "County Council's *Communities First* initiative and the *Living Archive Data Observatory*."
)


def sidebar_frame() -> None:
    """The part of the frame every page shares: about and attribution in the sidebar."""
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        st.caption(ABOUT)


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
