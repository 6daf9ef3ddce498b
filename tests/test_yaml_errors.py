"""YAML mistakes in front matter: the line that is wrong, and what to write instead."""

from __future__ import annotations

import random

import pytest

from severance_wiki import frontmatter
from severance_wiki.errors import FrontMatterError

PAGE = """\
---
type: trivia
title: The pilot was shot twice
episodes: [S1E1]
people: [Ben Stiller]
sources:
  - source: Test interview
    quote: We shot the pilot twice.
    speaker: Ben Stiller
tags: [filming]
---
The pilot was shot twice.
"""


def error(text: str) -> str:
    with pytest.raises(FrontMatterError) as caught:
        frontmatter.parse(text, "t.md")
    (problem,) = caught.value.problems
    what = problem.message.removeprefix("invalid YAML front matter: ")
    return f"{problem.line}:{problem.col}: {what}; {problem.hint}"


def edit(old: str, new: str) -> str:
    assert old in PAGE
    return PAGE.replace(old, new)


CASES = {
    # Indentation: the line that is out of line, with the indentation it should have.
    "a field indented more than the one above": (
        edit("    speaker: Ben", "      speaker: Ben"),
        "9:7: 'speaker' is indented 6 spaces, more than 'quote' on the line above (4 "
        "spaces); indent it like 'quote' (4 spaces)"),
    "a field indented less than the one above": (
        edit("    speaker: Ben", "   speaker: Ben"),
        "9:4: 'speaker' is indented 3 spaces, but 'quote' on the line above is indented 4 "
        "spaces; indent it like 'quote' (4 spaces), or like the field it belongs to"),
    "a field of a list item under its dash": (
        edit("    quote: We", "  quote: We"),
        "8:3: 'quote' is indented 2 spaces, but 'source' on the line above is indented 4 "
        "spaces; indent it like 'source' (4 spaces), or like the field it belongs to"),
    "a top-level field indented": (
        edit("episodes: [S1E1]", "  episodes: [S1E1]"),
        "4:3: 'episodes' is indented 2 spaces, more than 'title' on the line above (no "
        "spaces); indent it like 'title' (no spaces)"),
    "a list item out of line": (
        edit("tags: [filming]", "tags:\n  - filming\n - music"),
        "12:2: a list item is indented 1 space, but a list item on the line above is "
        "indented 2 spaces; indent it like a list item (2 spaces), or like the field it "
        "belongs to"),
    "a dash without a space": (
        edit("  - source: Test", "  -source: Test"),
        "7:3: a '-' without a space after it; write '- ' (a dash and a space) before a list "
        "item"),
    # A colon in a value.
    "a colon in a value": (
        edit("title: The pilot was shot twice", "title: Pilot: shot twice"),
        "3:13: the value of 'title' contains ': '; put the value in quotes: "
        "title: \"Pilot: shot twice\""),
    "a colon in a quote": (
        edit("quote: We shot the pilot twice.", "quote: He said: we shot it twice."),
        "8:19: the value of 'quote' contains ': '; put the value in quotes: "
        "quote: \"He said: we shot it twice.\""),
    "a colon in a value inside braces": (
        edit("  - source: Test interview\n    quote: We shot the pilot twice.\n"
             "    speaker: Ben Stiller",
             "  - {source: Test interview, quote: He said: twice, speaker: Ben Stiller}"),
        "7:44: a ':' inside '{...}' in 'quote: He said: twice'; put that value in quotes: "
        "quote: \"He said: twice\""),
    "no space after the colon": (
        edit("title: The pilot", "title:The pilot"),
        "3:7: no space after 'title:'; write 'title: The pilot was shot twice'"),
    # A tab.
    "a tab for indentation": (
        edit("    quote: We", "\tquote: We"),
        "8:1: a tab character is used for indentation; indent YAML with spaces"),
    # Unclosed quotes and brackets: the line where they open.
    "an unclosed double quote": (
        edit("title: The pilot was shot twice", 'title: "The pilot was shot twice'),
        "3:8: the \" that starts this value is never closed; end the value with \" on the "
        "same line (wrap a value that contains \" in single quotes instead)"),
    "an unclosed single quote": (
        edit("quote: We shot the pilot twice.", "quote: 'We shot the pilot twice."),
        "8:12: the ' that starts this value is never closed; end the value with ' on the "
        "same line (write '' for an apostrophe inside it)"),
    "text after a closing quote": (
        edit("title: The pilot was shot twice", 'title: "The pilot" was shot twice'),
        "3:20: text after the closing quote of 'title'; quote the whole value: "
        "title: '\"The pilot\" was shot twice'"),
    "an unclosed bracket": (
        edit("people: [Ben Stiller]", "people: [Ben Stiller"),
        "5:9: the '[' that starts this list is never closed; end it with ']' (e.g. "
        "people: [Ben Stiller, Adam Scott])"),
    "an unclosed bracket on the last field": (
        edit("tags: [filming]", "tags: [filming"),
        "10:7: the '[' that starts this list is never closed; end it with ']' (e.g. "
        "people: [Ben Stiller, Adam Scott])"),
    "an unclosed brace": (
        edit("  - source: Test interview\n    quote: We shot the pilot twice.\n"
             "    speaker: Ben Stiller",
             "  - {source: Test interview, quote: We shot the pilot twice.\n"
             "  - {source: Other}"),
        "7:5: the '{' that starts this mapping is never closed; end it with '}' (e.g. "
        "- {source: ..., quote: ...})"),
    # A value YAML reads as something else.
    "a value starting with a reserved character": (
        edit("title: The pilot was shot twice", "title: @pilot was shot twice"),
        "3:8: a value cannot start with '@' unquoted; put it in quotes: "
        "title: \"@pilot was shot twice\""),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_yaml_mistake_names_its_line_and_the_fix(name: str) -> None:
    text, expected = CASES[name]
    assert error(text) == expected


def test_fixing_the_line_named_fixes_the_page() -> None:
    # The error points at the line to change: writing the hint's suggestion there parses.
    text = edit("title: The pilot was shot twice", "title: Pilot: shot twice")
    fixed = text.replace("title: Pilot: shot twice", 'title: "Pilot: shot twice"')
    assert frontmatter.parse(fixed, "t.md").data["title"] == "Pilot: shot twice"


def test_any_broken_front_matter_is_one_problem_never_a_traceback() -> None:
    rng = random.Random(15)
    block = PAGE.split("---\n")[1]
    for _ in range(400):
        chars = list(block)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(chars))
            op = rng.random()
            if op < 0.4:
                del chars[at]
            elif op < 0.8:
                chars.insert(at, rng.choice(" \t:-[]{}\"'#&*!|>%@`,\n"))
            else:
                chars[at] = rng.choice(" :\n")
        text = "---\n" + "".join(chars) + "---\nBody.\n"
        try:
            frontmatter.parse(text, "t.md")
        except FrontMatterError as exc:
            assert len(exc.problems) == 1
            assert exc.problems[0].line is not None and exc.problems[0].line >= 1
