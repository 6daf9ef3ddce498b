"""Quotes checked against the stored articles they cite, and citations a reader can follow.

The real seed and the real wiki where the claim is about them; elsewhere a small article
written for these tests (its quotes are invented, and say so) in a mini site's ``seeds/``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from addresses import page_path
from contrib_helpers import BASE_PAGES, INVENTED_INTERVIEW, ROOT
from severance_wiki.checks import check_wiki, format_problem, load_docs_dir, load_pages
from severance_wiki.citations import (
    EXCERPT_CHARS,
    Normalised,
    excerpt_window,
    listed_quotes,
    match_parts,
    parse_quote,
)
from xref_html import article, soup

SEED = "seeds/articles/cinemablend-season-2-opening-run.md"
REAL_SOURCE = "CinemaBlend interview with Ben Stiller and Adam Scott"

# --- an invented article for the mini sites ---------------------------------------------------

ARTICLE = INVENTED_INTERVIEW
SOURCE_PAGE = textwrap.dedent("""\
    ---
    type: source
    title: Test interview
    outlet: Test Weekly
    author: Jane Roe
    published: 2024-03-01
    url: https://example.org/test-interview
    kind: interview
    seed: seeds/articles/test-interview.md
    ---
    An invented interview used by the tests.

    ## Quotes

    - “We shot the pilot twice.” — [[Ben Stiller]]
    - “The first version was too bright …” — [[Ben Stiller]]
    """)


def trivia(quote: str, speaker: str | None = "Ben Stiller", extra: str = "",
           title: str = "The pilot was shot twice") -> str:
    who = f"\n    speaker: {speaker}" if speaker else ""
    return (f"---\ntype: trivia\ntitle: {title}\nepisodes: [S1E1]\npeople: [Ben Stiller]\n"
            f"spoilers: S1E1\nsources:\n  - source: Test interview\n"
            f"    quote: '{quote}'{who}{extra}\n---\nThe pilot of [[S1E1]] was shot twice.\n")


def write(root: Path, pages: dict[str, str], article_text: str = ARTICLE) -> Path:
    """A wiki under ``root``: the base pages, the source page, ``pages``, and the seed."""
    docs = root / "docs"
    for rel, text in {**BASE_PAGES, "sources/test-interview.md": SOURCE_PAGE, **pages}.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    seed = root / "seeds" / "articles" / "test-interview.md"
    seed.parent.mkdir(parents=True, exist_ok=True)
    seed.write_text(article_text, encoding="utf-8")
    return docs


def problems(root: Path, pages: dict[str, str]) -> list[str]:
    docs = write(root, pages)
    return [format_problem(p) for p in check_wiki(load_docs_dir(docs, "docs/"))]


# --- the real wiki -----------------------------------------------------------------------------


def real_pages() -> list[tuple[str, bytes, str]]:
    docs = ROOT / "docs"
    return [(p.relative_to(docs).as_posix(), p.read_bytes(), f"docs/{p.relative_to(docs)}")
            for p in sorted(docs.rglob("*.md"))]


def test_the_seeds_trivia_pass_and_every_citation_is_found() -> None:
    wiki = load_pages(real_pages(), ROOT)
    assert check_wiki(wiki) == []
    cited = wiki.citations.cited
    source = wiki.registry.resolve(REAL_SOURCE).target
    assert source is not None
    found = [wiki.citations.where(source.entry, c.quote) for _, c in cited[source.entry.src_uri]]
    assert len(found) >= 5 and all(found)


def _with_one_word_changed(tmp_path: Path) -> tuple[Path, str]:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    page = docs / "trivia" / "the-season-2-premieres-opening-sequence-was-filmed-in-about-10.md"
    text = page.read_text(encoding="utf-8")
    assert "quote: I think it was about 10 different" in text
    page.write_text(text.replace("about 10 different", "about 12 different"), encoding="utf-8")
    line = next(n for n, s in enumerate(text.split("\n"), 1) if "quote:" in s)
    return page, f"docs/trivia/{page.name}:{line}"


def test_one_word_changed_is_refused_with_the_closest_passage(tmp_path: Path) -> None:
    _, where = _with_one_word_changed(tmp_path)
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stdout.strip() == (
        f"{where}:1: quote-not-in-source: quote not found in {SEED}; the closest passage "
        "(line 22) reads “I think it was about 10 different parts to it,” (the quote has '12' "
        "where the article has '10'; copy the article's words exactly; mark left-out words "
        "with ... and your own words with [brackets])")


def test_omissions_across_sentences_and_typography_pass_on_the_real_seed() -> None:
    pages = real_pages()
    quotes = [
        # "..." across two sentences of the article
        "It was actually filmed in a bunch of different parts. ... But it was actually shot "
        "also over the course of probably, like, five or six months",
        # straight quotes for curly ones, a cut marked with a final …, a lower-case start
        "we were like, 'We completed this shot.' I think we even had a wrap party …",
        # [...] and an editorial insertion in brackets
        "Like [Stiller] said it took five or six months [...] every time I thought we were "
        "done with the opening running sequence",
    ]
    for i, quote in enumerate(quotes):
        page = (f"---\ntype: trivia\ntitle: Omission test {i}\nepisodes: [S2E1]\n"
                f"sources:\n  - source: {REAL_SOURCE}\n    quote: \"{quote}\"\n---\nText.\n")
        pages.append((f"trivia/omission-{i}.md", page.encode(), f"docs/trivia/omission-{i}.md"))
    assert [format_problem(p) for p in check_wiki(load_pages(pages, ROOT))] == []


# --- matching rules ----------------------------------------------------------------------------


def found(article_text: str, quote: str) -> str | None:
    text = Normalised(article_text)
    where = match_parts(text.text, parse_quote(quote))
    if where is None:
        return None
    return article_text[text.to_original(where[0]):text.to_original(where[1])]


ARTICLE_BODY = ARTICLE.split("---\n", 2)[2]


@pytest.mark.parametrize("quote", [
    "We shot the pilot twice.",
    "“We shot the pilot twice.”",                       # quotation marks around it
    "we shot the pilot twice",                          # first letter's case, end punctuation
    "The first version was too bright - everyone said so - and",      # dashes as hyphens
    'the second one was "much colder," which is what we wanted',
    "The first version was too bright … the second one",               # omission: …
    "The first version was too bright [...] the second one",           # omission: [...]
    "We shot the pilot twice... We spent weeks on it.",                # across sentences
    "The first version was too bright …",                              # a cut at the end
    "[The director] shot the pilot twice",                             # insertion at start
    "The first version [of the pilot] was too bright",                 # insertion, nothing left out
    "and the [pilot's] second one",                                    # insertion for a word
    "We shot the [episode] twice",                                     # ... in place of one
    "We shot the pilot [in 2019] twice",                               # ... adding words
    "We  shot\nthe   pilot twice",                                     # whitespace
    "the crew moved indoors",                                          # across a line break
])
def test_quotes_the_article_supports_are_found(quote: str) -> None:
    assert found(ARTICLE_BODY, quote) is not None, quote


@pytest.mark.parametrize("quote", [
    "We filmed the pilot twice.",                       # a word changed
    "We shot the Pilot twice.",                         # case inside the quote
    "We spent weeks on it ... We shot the pilot twice",  # parts out of order
    "the second one was much colder",                   # a quotation mark left out matters
    "The pilot of the show [said] the first cut felt wrong",   # an insertion stands for a
                                                        # few words, not a paragraph
    "...",                                              # nothing to look for
])
def test_quotes_the_article_does_not_support_are_not(quote: str) -> None:
    assert found(ARTICLE_BODY, quote) is None, quote


def test_long_quotes_and_long_articles_are_matched_without_backtracking() -> None:
    # One sentence repeated for 1 MB, the quote's parts separated by insertions, so a naive
    # regular expression would try every occurrence against every other.
    body = ("the lumon team said that the work was mysterious and important, and that "
            "nobody on the floor should ask what it was for. " * 9000)
    body += "The end of the article is here."
    quote = " [x] ".join(["the work was"] * 12) + " ... The end of the article"
    assert found(body, quote) is None  # the parts repeat but never within an insertion
    assert found(body, "the work was [very] mysterious ... The end of the article") is not None
    assert found(body + " " + "a " * 100000, "The end of the article is here") is not None


def test_a_quote_is_placed_where_its_parts_are_closest() -> None:
    body = ("The crew said so. " + "Filler that the quote does not use. " * 40
            + "The crew moved indoors for the winter.")
    assert found(body, "The crew ... for the winter") == "The crew moved indoors for the winter"


def test_excerpts_are_a_sentence_or_two_never_the_article() -> None:
    body = ("A first sentence about nothing. " * 30 + "The passage we quote is here, in a "
            "sentence long enough to be context on its own for any reader who follows the "
            "link. Another sentence follows it. " * 30)
    start = body.index("passage we quote")
    a, b = excerpt_window(body, start, start + len("passage we quote"))
    assert body[a:b] == ("The passage we quote is here, in a sentence long enough to be context "
                         "on its own for any reader who follows the link.")
    # A quote that is its whole (short) sentence: the sentence before it is context.
    start = body.index("Another sentence")
    a, b = excerpt_window(body, start, start + len("Another sentence follows it."))
    assert body[a:b].endswith("who follows the link. Another sentence follows it.")
    # ... or, at the start of a paragraph, the sentence after it.
    text = "Intro.\n\nShort one. And then a second sentence.\n\nLater."
    start = text.index("Short one.")
    a, b = excerpt_window(text, start, start + len("Short one."))
    assert text[a:b] == "Short one. And then a second sentence."
    long = "word " * 400
    a, b = excerpt_window(long, 1000, 1010)
    assert b - a <= EXCERPT_CHARS and a < 1000 and b >= 1010


def test_listed_quotes_of_a_source_page() -> None:
    lines = SOURCE_PAGE.split("---\n", 2)[2].split("\n")
    assert listed_quotes(lines) == [
        (5, "We shot the pilot twice.", "[[Ben Stiller]]"),
        (6, "The first version was too bright …", "[[Ben Stiller]]")]
    assert listed_quotes(["- “escaped \\*stars\\*” — *speaker unclear*"]) == [
        (1, "escaped *stars*", "*speaker unclear*")]


# --- problems, their lines and their words -------------------------------------------------


def test_a_quote_not_in_the_article_names_its_line_and_the_closest_passage(
        tmp_path: Path) -> None:
    assert problems(tmp_path, {"trivia/t.md": trivia("We filmed the pilot twice.")}) == [
        "docs/trivia/t.md:9:1: quote-not-in-source: quote not found in "
        "seeds/articles/test-interview.md; the closest passage (line 14) reads “We shot the "
        "pilot twice.” (the quote has 'filmed' where the article has 'shot'; copy the "
        "article's words exactly; mark left-out words with ... and your own words with "
        "[brackets])"]


def test_a_speaker_other_than_the_articles_is_refused_unless_the_page_says_why(
        tmp_path: Path) -> None:
    wrong = trivia("We shot the pilot twice.", "Britt Lower")
    assert problems(tmp_path, {"trivia/t.md": wrong}) == [
        "docs/trivia/t.md:10:1: quote-speaker: speaker: the article gives this passage to "
        "'Ben Stiller' (seeds/articles/test-interview.md, line 14), not 'Britt Lower' (set "
        "'speaker: Ben Stiller', or add 'speaker_note:' to the citation saying why the "
        "article is wrong)"]
    noted = trivia("We shot the pilot twice.", "Britt Lower",
                   "\n    speaker_note: The video of the interview shows her saying it.")
    assert problems(tmp_path, {"trivia/t.md": noted}) == []
    # An alias of the right page is the right speaker.
    alias = {"people/ben-stiller.md": "---\ntype: person\nname: Ben Stiller\naliases: "
             "[B. Stiller]\nroles: [director]\n---\n",
             "trivia/t.md": trivia("We shot the pilot twice.", "B. Stiller")}
    assert problems(tmp_path, alias) == []


def test_an_unattributed_passage_accepts_anyone_named_near_it(tmp_path: Path) -> None:
    # Narration the article gives no speaker: Britt Lower is named in its paragraph.
    quote = "The weather turned cold and the crew moved indoors"
    assert problems(tmp_path, {"trivia/t.md": trivia(quote, "Britt Lower")}) == []
    assert problems(tmp_path, {"trivia/t.md": trivia(quote, None)}) == []
    # Dan Erickson is named in the next paragraph (near); the article's first paragraph
    # names no one: a speaker there is refused, with who it does name.
    assert problems(tmp_path, {"trivia/t.md": trivia(quote, "Dan Erickson")}) == []
    far = trivia("The pilot of the show was made twice", "Dan Erickson")
    assert problems(tmp_path, {"trivia/t.md": far}) == [
        "docs/trivia/t.md:10:1: quote-speaker: speaker: the article does not say who says "
        "this passage (seeds/articles/test-interview.md, line 10), and 'Dan Erickson' is not "
        "named near it; it names 'Ben Stiller' there (name a speaker the article gives, leave "
        "'speaker' out, or add 'speaker_note:' to the citation saying why the article is "
        "wrong)"]


def test_a_source_pages_own_quotes_are_checked(tmp_path: Path) -> None:
    page = SOURCE_PAGE.replace("“The first version was too bright …”",
                               "“The first version was too dark …”")
    out = problems(tmp_path, {"sources/test-interview.md": page})
    assert len(out) == 1
    assert out[0].startswith("docs/sources/test-interview.md:16:1: quote-not-in-source: ")
    page = SOURCE_PAGE.replace("bright …” — [[Ben Stiller]]", "bright …” — [[Britt Lower]]")
    out = problems(tmp_path, {"sources/test-interview.md": page})
    assert [p.split(": ")[1] for p in out] == ["quote-speaker"]


@pytest.mark.parametrize(("seed", "message"), [
    ("seeds/articles/missing.md", "seed: 'seeds/articles/missing.md' does not exist"),
    ("../outside.md", "seed: '../outside.md' is not a file in seeds/"),
    ("/etc/hostname", "seed: '/etc/hostname' is not a file in seeds/"),
    ("README.md", "seed: 'README.md' is not a file in seeds/"),
    ("seeds/articles/empty.md", "seed: 'seeds/articles/empty.md' cannot be read: "),
])
def test_a_seed_that_is_not_an_article_in_seeds_is_an_error(tmp_path: Path, seed: str,
                                                            message: str) -> None:
    (tmp_path / "README.md").write_text("Not an article.\n")
    (tmp_path / "outside.md").write_text("---\noutlet: X\n---\nOutside.\n")
    page = SOURCE_PAGE.replace("seed: seeds/articles/test-interview.md", f"seed: {seed}")
    write(tmp_path, {"sources/test-interview.md": page})
    (tmp_path / "seeds" / "articles" / "empty.md").write_text("")
    out = [format_problem(p) for p in check_wiki(load_docs_dir(tmp_path / "docs", "docs/"))]
    assert len(out) == 1, out  # the source page only, not every trivia citing it
    assert out[0].startswith(f"docs/sources/test-interview.md:9:1: source-seed: {message}")


def test_sources_without_a_seed_are_allowed(tmp_path: Path) -> None:
    page = SOURCE_PAGE.replace("seed: seeds/articles/test-interview.md\n", "")
    assert problems(tmp_path, {"sources/test-interview.md": page,
                               "trivia/t.md": trivia("Anything at all.")}) == []


# --- the build agrees, and shows what a reader can check ---------------------------------------


def test_the_build_refuses_what_the_validator_refuses(mini, tmp_path: Path) -> None:
    bad = {"trivia/t.md": trivia("We filmed the pilot twice."),
           "trivia/u.md": trivia("We shot the pilot twice.", "Britt Lower",
                                 title="The pilot was shot twice again")}
    write(tmp_path, bad)
    validator = [format_problem(p) for p in check_wiki(load_docs_dir(tmp_path / "docs",
                                                                     "docs/"))]
    result = mini({"sources/test-interview.md": SOURCE_PAGE, **bad})
    assert not result.ok
    build = [w.removeprefix("severance_wiki: ") for w in result.warnings]
    # The same file:line and message, in the build's `path:line: message; hint` form.
    assert len(validator) == 2
    for line in validator:
        where, rule_message = line.split(": ", 1)
        path, lineno, _ = where.split(":")
        message = rule_message.split(": ", 1)[1].rsplit(" (", 1)[0]
        assert any(w.startswith(f"{path}:{lineno}: {message}") for w in build), (line, build)


def test_pages_show_citations_and_excerpts(mini, tmp_path: Path) -> None:
    write(tmp_path, {})  # the seed, under the mini site's folder
    later = trivia("the crew moved indoors", None, title="The crew moved indoors").replace(
        "spoilers: S1E1", "spoilers: S2E1")
    result = mini({"sources/test-interview.md": SOURCE_PAGE,
                   "trivia/t.md": trivia("We shot the pilot twice."),
                   "trivia/later.md": later,
                   "sources/unstored.md": "---\ntype: source\ntitle: Unstored\noutlet: Elsewhere"
                                          "\n---\nAn article the wiki has no copy of.\n",
                   "trivia/u.md": trivia("Anything.", None, title="An unchecked fact").replace(
                       "source: Test interview", "source: Unstored")})
    assert result.ok, result.error or result.warnings
    page = soup(article(result.page("trivia/t.md")))
    cite = page.select_one("section.wiki-citations li")
    assert cite is not None
    text = cite.get_text(" ", strip=True)
    assert "“We shot the pilot twice.”" in text
    for fact in ("Ben Stiller", "Test interview", "Test Weekly", "1 March 2024", "by Jane Roe",
                 "example.org"):
        assert fact in text, fact
    context = cite.select_one(".wiki-citation-check a")
    assert context is not None
    href, _, anchor = str(context["href"]).partition("#")
    assert href == "../../sources/test-interview/" and anchor.startswith("passage-")
    # The source page: the passage in context, the quoted words marked, never the article.
    src_html = article(result.html("sources/test-interview/index.html"))
    src = soup(src_html)
    passage = src.find(id=anchor)
    assert passage is not None
    assert passage.select_one("mark").get_text() == "We shot the pilot twice."
    excerpt = passage.select_one("blockquote").get_text(" ", strip=True)
    assert "The first version was too bright" in excerpt and len(excerpt) <= EXCERPT_CHARS + 40
    assert "Dan Erickson's script" not in src.get_text()  # the rest of the article is not shown
    assert "The pilot was shot twice" in passage.get_text()  # the trivia citing it
    by = src.select_one(".wiki-byline").get_text(" ", strip=True)
    assert by == "Interview · Test Weekly · 1 March 2024 · by Jane Roe · example.org"
    # A passage cited only by later trivia is marked for the spoiler system.
    indoors = [li for li in src.select("li.wiki-passage") if "moved indoors" in li.get_text()]
    assert len(indoors) == 1 and indoors[0].get("data-reveal") == "S2E1"
    assert indoors[0].select_one(".sv-spoiler")["data-sv-key"] == "S2E1"  # gated there
    # Excerpt text only in the page's content: not in its head, nor in the sitemap.
    head = result.html("sources/test-interview/index.html").split("<body", 1)[0]
    assert "too bright" not in head
    assert "too bright" not in (result.site / "sitemap.xml").read_text()
    # No stored copy: both pages say so.
    unchecked = article(result.page("trivia/u.md"))
    assert "Not verified against a stored copy" in soup(unchecked).get_text()
    unstored = article(result.html("sources/unstored/index.html"))
    assert "Not verified against a stored copy" in soup(unstored).get_text()


def test_a_long_omission_shows_two_excerpts_not_what_lies_between(mini, tmp_path: Path) -> None:
    article_text = ARTICLE.replace(
        "Britt Lower was also on set",
        "\n\n".join(f"Paragraph {n} is about something else entirely, at some length, so that "
                     "the excerpt would be long if it ran on." for n in range(12))
        + "\n\nBritt Lower was also on set")
    write(tmp_path, {}, article_text)
    quote = "We shot the pilot twice. ... The weather turned cold"
    result = mini({"sources/test-interview.md": SOURCE_PAGE, "trivia/t.md": trivia(quote, None)})
    assert result.ok, result.error or result.warnings
    src = soup(article(result.html("sources/test-interview/index.html")))
    passage = src.select_one("li.wiki-passage blockquote")
    assert passage is not None
    text = passage.get_text(" ", strip=True)
    assert [m.get_text() for m in passage.select("mark")] == ["We shot the pilot twice",
                                                             "The weather turned cold"]
    assert "Paragraph 5" not in text and " … " in text


def test_the_real_source_page_lists_each_trivia_once(real_site: Path) -> None:
    html = page_path(real_site, "sources/cinemablend-interview-with-ben-stiller-and-adam-scott.md"
                     ).read_text(encoding="utf-8")
    page = soup(article(html))
    # Every trivia citing the article, with the passages it cites: not in a second list,
    # nor under "Linked from".
    titles = {a.get_text() for a in page.select("a.wikilink")
              if "/trivia/" in str(a.get("href", ""))}
    assert len(titles) == 5, titles
    cited = {a.get_text() for a in page.select(".wiki-passages a.wikilink")
             if "/trivia/" in str(a.get("href", ""))}
    assert cited == titles
    assert page.select(".wiki-backlinks") == [] or not {
        a.get_text() for a in page.select(".wiki-backlinks a")} & titles
    assert page.select_one(".wiki-byline") is not None
    passages = page.select("li.wiki-passage")
    assert passages and all(p.select_one("mark") for p in passages)
    seed_text = (ROOT / SEED).read_text(encoding="utf-8")
    shown = sum(len(p.select_one("blockquote").get_text()) for p in passages)
    assert shown < len(seed_text) / 2
    trivia_html = page_path(real_site, "trivia/the-season-2-premieres-opening-sequence-took-five"
                            "-or-six-months.md").read_text(encoding="utf-8")
    links = [a["href"] for a in soup(article(trivia_html)).select(".wiki-citation-check a")]
    assert len(links) == 2
    for link in links:
        anchor = str(link).split("#")[1]
        assert page.find(id=anchor) is not None, anchor
    assert re.search(r"passage-\d+", " ".join(map(str, links)))
