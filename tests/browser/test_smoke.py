"""The real site opens in a real browser with the Material theme and our assets."""

from __future__ import annotations

from pathlib import Path


def test_home_page_renders_in_chromium(browser, serve, real_site: Path) -> None:
    base = serve(real_site)
    page = browser.new_page()
    page.goto(base)
    assert page.title().startswith("Severance Wiki")
    assert page.locator(".md-header").is_visible()
    page.click("a.wikilink[href*='s1e1']")
    page.wait_for_url("**/episodes/s1e1/")
    assert "Good News About Hell" in page.locator("article").inner_text()
    page.close()
