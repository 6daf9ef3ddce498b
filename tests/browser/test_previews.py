"""Hover previews of wiki links in chromium, across Material's instant navigation."""

from __future__ import annotations

import textwrap

import pytest


@pytest.fixture
def site(mini):
    result = mini({
        "index.md": "---\ntype: page\ntitle: Home\n---\nMeet [[Britt Lower]], see [[Notes]] "
                    "and, later, [[S2E1]].\n",
        "people/britt-lower.md": textwrap.dedent("""\
            ---
            type: person
            name: Britt Lower
            plays: [Helly Riggs]
            ---
            Britt Lower plays the newest hire.

            A second paragraph that the preview leaves out.
            """),
        "notes.md": textwrap.dedent("""\
            ---
            type: page
            title: Notes
            summary: One safe line about the notes.
            ---
            The first paragraph, which the summary replaces.
            Back to [[Britt Lower|Britt]] and a secret <span data-reveal="S1E2">twist</span>.
            """),
    })
    assert result.ok, result.error
    return result


def test_hover_shows_a_short_safe_preview_and_survives_instant_navigation(
        browser, serve, site) -> None:
    page = browser.new_page()
    page.goto(serve(site.site))
    tip = page.locator(".wiki-preview")
    page.hover("article a.wikilink:has-text('Britt Lower')")
    tip.wait_for(state="visible")
    assert tip.inner_text().strip() == "Britt Lower plays the newest hire."
    assert tip.get_attribute("role") == "tooltip"
    page.mouse.move(0, 0)
    tip.wait_for(state="hidden")
    # The summary front matter wins over the first paragraph.
    page.hover("article a.wikilink:has-text('Notes')")
    page.wait_for_function("document.querySelector('.wiki-preview')?.innerText.includes('One')")
    assert tip.inner_text().strip() == "One safe line about the notes."
    # A link whose target is a spoiler (data-reveal) gets no preview.
    page.mouse.move(0, 0)
    page.hover("article a.wikilink[href*='s2e1']")
    page.wait_for_timeout(800)
    assert not tip.is_visible()
    # Instant navigation swaps the page without a reload: previews keep working.
    page.click("article a.wikilink:has-text('Notes')")
    page.wait_for_url("**/notes/")
    page.hover("article a.wikilink:has-text('Britt')")
    tip.wait_for(state="visible")
    assert "newest hire" in tip.inner_text()
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    page.close()


def test_preview_never_copies_gated_text(browser, serve, site) -> None:
    page = browser.new_page()
    page.goto(serve(site.site) + "people/britt-lower/")
    # The notes page's first paragraph (no summary is used when we strip it) has a gated
    # span; fetch the lead the way the script does and check the gate became an ellipsis.
    page.evaluate("""async () => {
        const html = await (await fetch('../../notes/')).text();
        const doc = new DOMParser().parseFromString(html, 'text/html');
        doc.querySelector('p.wiki-summary').remove();
        const a = document.createElement('a');
        a.className = 'wikilink';
        a.href = URL.createObjectURL(new Blob([doc.documentElement.outerHTML],
                                              {type: 'text/html'}));
        a.textContent = 'blob link';
        document.querySelector('article').appendChild(a);
    }""")
    page.hover("article a.wikilink:has-text('blob link')")
    tip = page.locator(".wiki-preview")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert "The first paragraph" in text
    assert "twist" not in text and "…" in text
    page.close()


def test_spoiler_targets_preview_only_when_the_spoiler_system_allows(
        browser, serve, site) -> None:
    page = browser.new_page()
    page.goto(serve(site.site))
    tip = page.locator(".wiki-preview")
    # [[S2E1]] is marked data-reveal="S1E2" and its page is only safe from S1E2.
    page.hover("article a.wikilink[href*='s2e1']")
    page.wait_for_timeout(800)
    assert not tip.is_visible()
    page.mouse.move(0, 0)
    page.evaluate("window.severanceSpoilers = {isRevealed: (key) => key === 'S1E2'}")
    page.hover("article a.wikilink[href*='s2e1']")
    tip.wait_for(state="visible")
    assert "Episode text." in tip.inner_text()
    page.close()
