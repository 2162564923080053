"""Present in a real browser: a slide is one screen at projector sizes, its QR codes can
be scanned from the screen, high contrast reaches 7:1 for every word on the slide."""

from __future__ import annotations

import io

import pytest

from tools.browser import OUTSIDE

SCREENS = [(1366, 768), (1920, 1080), (1024, 768)]
#: Everything a slide must show, each checked to lie wholly on screen.
PARTS = {
    "the area's name": ".st-key-present_slide h1",
    "its place": ".slide .head",
    "the map": ".slide .map img",
    "the map's legend": ".slide .key",
    "three figures with sources": ".slide .fig",
    "the deprivation history": ".slide .chart img:not([style*='none'])",
    "the story quote": ".slide .quote",
    "the QR codes": ".slide .qr-cell",
    "the attribution": ".slide .attribution",
}
#: Computes each text's colour against the nearest opaque background behind it.
CONTRASTS = """
() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const backOf = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.9)) return c;
    }
    return [255, 255, 255];
  };
  const out = [];
  const roots = document.querySelectorAll('.st-key-present_slide, .st-key-present_bar');
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      const el = n.parentElement;
      if (!text || !el || !el.getClientRects().length) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const fg = lum(rgb(style.color)), bg = lum(backOf(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      out.push([text.slice(0, 40), Math.round(ratio * 100) / 100]);
    }
  }
  return out;
}
"""


def open_slide(browser, url: str, size: tuple[int, int]):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    context.route(OUTSIDE, lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.locator(".slide").wait_for()
    page.wait_for_function(  # the pictures are drawn, not only requested
        "() => [...document.querySelectorAll('.slide img')].every(i => i.complete && i.naturalWidth)"
    )
    return context, page


@pytest.mark.parametrize("size", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_a_slide_fits_the_screen(browser, app_url, size):
    width, height = size
    context, page = open_slide(browser, f"{app_url}/present", size)
    try:
        bar = page.locator(".st-key-present_bar").bounding_box()
        assert bar["y"] + bar["height"] <= height + 1  # the bar is on screen too
        for what, selector in PARTS.items():
            boxes = [b for b in (e.bounding_box() for e in page.locator(selector).all()) if b]
            assert boxes, f"{what} is missing"
            if what.startswith("three figures"):
                assert len(boxes) == 3
            for box in boxes:
                assert box["x"] >= 0, (what, box)
                assert box["y"] >= 0, (what, box)
                assert box["x"] + box["width"] <= width + 1, (what, box)
                assert box["y"] + box["height"] <= bar["y"] + 1, f"{what} is below the fold"
        # Nothing inside a part spills out of it (text overflowing its cell).
        spills = page.evaluate(
            "() => [...document.querySelectorAll('.slide > div, .slide .side > div')]"
            ".filter(d => d.scrollHeight > d.clientHeight + 2).map(d => d.className)"
        )
        assert spills == []
        slide = page.locator(".st-key-present_slide").bounding_box()
        assert slide["width"] >= width - 1  # the side menu is covered, not squeezing it
    finally:
        context.close()


def test_the_slides_qr_codes_scan_from_the_screen(browser, app_url, artifact):
    import zxingcpp
    from PIL import Image

    context, page = open_slide(
        browser, f"{app_url}/present?deck=division&division=E05016087", (1366, 768)
    )
    try:
        code = artifact.members("wd25", "E05016087")[0]
        picture = Image.open(io.BytesIO(page.screenshot()))
        found = {r.text for r in zxingcpp.read_barcodes(picture)}
        assert found == {f"{app_url}/area?area={code}", f"{app_url}/share?area={code}"}
    finally:
        context.close()


def test_the_arrow_keys_step_through_the_deck(browser, app_url, artifact):
    context, page = open_slide(
        browser, f"{app_url}/present?deck=division&division=E05016087", (1366, 768)
    )
    try:
        first, second = artifact.members("wd25", "E05016087")[:2]
        heading = page.locator(".st-key-present_slide h1")
        assert heading.inner_text() == artifact.local_name("lsoa21", first)
        page.keyboard.press("ArrowRight")
        page.get_by_text("2 of 4 · Ashington Central division").wait_for()
        page.wait_for_function(
            "name => document.querySelector('.st-key-present_slide h1').innerText === name",
            arg=artifact.local_name("lsoa21", second),
        )
        page.wait_for_url("**step=2**")
    finally:
        context.close()


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)], ids=["1366x768", "1024x768"])
def test_high_contrast_slides_reach_seven_to_one(browser, app_url, size):
    context, page = open_slide(browser, f"{app_url}/present?contrast=on", size)
    try:
        ratios = page.evaluate(CONTRASTS)
        assert len(ratios) > 20, "the slide's words were found"
        low = [(text, ratio) for text, ratio in ratios if ratio < 7]
        assert low == []
    finally:
        context.close()
