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
    # Instant navigation swaps the page without a reload: previews keep working.
    page.mouse.move(0, 0)
    page.click("article a.wikilink:has-text('Notes')")
    page.wait_for_url("**/notes/")
    page.hover("article a.wikilink:has-text('Britt')")
    tip.wait_for(state="visible")
    assert "newest hire" in tip.inner_text()
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    page.close()


def watched(page, key: str) -> None:
    """Set "Watched up to" the way a reader does, in the header control."""
    page.select_option("#sv-progress-select", key)


def preview_of_notes_lead(page) -> str:
    """Hover a link to a copy of the notes page without its summary, so the preview is the
    first paragraph, which holds a span gated at S1E2; return the preview's text."""
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
    page.mouse.move(0, 0)
    tip.wait_for(state="hidden")
    return text


def test_preview_never_copies_gated_text(browser, serve, site) -> None:
    page = browser.new_page()
    page.goto(serve(site.site) + "people/britt-lower/")
    # A new reader (S0): the gated span becomes an ellipsis, the gate's note never shows.
    text = preview_of_notes_lead(page)
    assert "The first paragraph" in text
    assert "twist" not in text and "…" in text
    assert "Show" not in text and "Spoiler" not in text
    # Still at S1E1; from S1E2 on the preview shows what the page itself shows.
    watched(page, "S1E1")
    assert "twist" not in preview_of_notes_lead(page)
    page.reload()
    watched(page, "S1E2")
    text = preview_of_notes_lead(page)
    assert "a secret twist." in text and "…" not in text and "Show" not in text
    page.close()


def test_spoiler_targets_preview_only_when_the_readers_progress_allows(
        browser, serve, site) -> None:
    page = browser.new_page()
    page.goto(serve(site.site))
    tip = page.locator(".wiki-preview")
    # [[S2E1]] is marked data-reveal="S1E2" and its page is only safe from S1E2; for a new
    # reader the link is gated.
    link = page.locator("article a.wikilink[href*='s2e1']")
    assert link.count() == 1 and not link.is_visible()
    # Shown by hand, the link is there, but it previews nothing of the later page.
    gate = page.locator(".sv-spoiler", has=page.locator("a.wikilink[href*='s2e1']"))
    gate.locator("button.sv-show").click()
    assert link.is_visible()
    link.hover()
    page.wait_for_timeout(800)
    assert not tip.is_visible()
    # Watched up to S1E1: not far enough either.
    page.mouse.move(0, 0)
    watched(page, "S1E1")
    link.hover()
    page.wait_for_timeout(800)
    assert not tip.is_visible()
    # Watched up to S1E2: the link shows by itself and previews the episode's own text.
    page.mouse.move(0, 0)
    watched(page, "S1E2")
    page.reload()
    assert link.is_visible()
    link.hover()
    tip.wait_for(state="visible")
    assert tip.inner_text().strip() == "Episode text."
    # The spoiler system's answer is the one the previews use.
    assert page.evaluate("window.severanceSpoilers.isRevealed('S1E2')") is True
    assert page.evaluate("window.severanceSpoilers.isRevealed('S2E1')") is False
    page.close()
