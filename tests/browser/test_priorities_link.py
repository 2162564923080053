"""A Priorities link opened in a fresh browser shows the same method, in words and in
every setting, not only the same list."""

from __future__ import annotations

import re

from tools.browser import OUTSIDE, wait_for_run

#: Reads what a person sees of the settings: the choices shown, the method in words.
SETTINGS = """
() => {
  const text = el => el.innerText.trim();
  const widgets = [...document.querySelectorAll('[role=combobox], [role=radiogroup], [role=slider], input[type=number], [role=switch]')];
  const shown = widgets.map(el => {
    const box = el.closest('[data-testid]') || el;
    if (el.getAttribute('role') === 'radiogroup')
      return [el.getAttribute('aria-label'), [...el.querySelectorAll('input:checked')].map(i => i.closest('label').innerText.trim())];
    if (el.getAttribute('role') === 'slider') return [el.getAttribute('aria-label') || '', el.getAttribute('aria-valuenow')];
    if (el.tagName === 'INPUT') return [el.getAttribute('aria-label') || '', el.value];
    return [el.getAttribute('aria-label') || '', text(box)];
  });
  const words = [...document.querySelectorAll('p')].map(text).filter(t => t.startsWith('Method:') || t.startsWith('Custom:'));
  return {shown, words, heading: [...document.querySelectorAll('h3')].map(text)};
}
"""


def fresh_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route(OUTSIDE, lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def settled(page) -> None:
    """The method is shown and the page's run has ended. (The "Running" badge is no
    sign: Streamlit shows it only once a run has lasted a while, so a busy machine can be
    mid-run without it, and a number typed then is lost when the box is redrawn.)"""
    page.get_by_text("Method:").first.wait_for()
    wait_for_run(page, timeout=60)


def test_a_priorities_link_opened_elsewhere_shows_the_same_method_and_settings(browser, app_url):
    first_context, first = fresh_page(browser)
    second_context, second = fresh_page(browser)
    try:
        first.goto(f"{app_url}/priorities")
        settled(first)
        first.get_by_role("combobox", name=re.compile("Start from")).click()
        first.get_by_role("option", name="Fuel poverty and cold homes").click()
        first.get_by_text("Rank and combine of 3 indicators").first.wait_for()
        settled(first)  # a box typed into while the page reruns is drawn afresh, emptied
        size = first.get_by_role("spinbutton", name="Shortlist size")
        size.fill("7")
        size.press("Enter")
        first.wait_for_url(re.compile(r"[?&]n=7(&|$)"))
        settled(first)
        first.wait_for_function(  # every control drawn, the new size among them
            f"() => {{ const s = ({SETTINGS})(); return s.words.length > 0 && "
            "s.shown.some(([k, v]) => k === 'Shortlist size' && v === '7') && "
            "s.shown.some(([k]) => k === 'Method') && s.shown.some(([k]) => k === 'Indicators'); }"
        )
        seen = first.evaluate(SETTINGS)
        assert any("Fuel poverty and cold homes" in str(v) for _, v in seen["shown"])
        assert seen["words"][0].startswith("Method: Rank and combine of 3 indicators")

        second.goto(first.url)  # a fresh context: nothing but the link
        settled(second)
        second.get_by_text("Top 7 of").first.wait_for()
        # Streamlit draws a page in steps: wait until it shows these settings, or fail
        # with what it shows instead.
        try:
            second.wait_for_function(
                f"expected => JSON.stringify(({SETTINGS})()) === JSON.stringify(expected)",
                arg=seen,
                timeout=30_000,
            )
        except Exception:
            assert second.evaluate(SETTINGS) == seen
        assert "exponential" not in " ".join(seen["words"]).lower()
    finally:
        first_context.close()
        second_context.close()
