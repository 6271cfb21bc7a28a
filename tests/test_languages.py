"""A page missing in a language: shown in English with a notice, listed by the build."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import strings

PAGE = ("---\ntitle: Only in English\ndescription: A page that has no Urdu version yet.\n---\n\n"
        "# Only in English\n\nPlain text.\n")


def _add_english_only_page(workspace) -> None:
    workspace.write("docs/en/only-english.md", PAGE)
    workspace.replace("mkdocs.yml", "  - sources.md\n", "  - sources.md\n  - only-english.md\n")


def test_missing_urdu_page_fails_the_build_and_names_the_page(workspace):
    _add_english_only_page(workspace)
    result = workspace.build()
    assert result.code != 0
    assert ("1 page(s) missing in ur, shown in en with a notice instead: docs/ur/only-english.md; "
            "expected a ur version of each (copy the docs/en/ page and translate it)") in result.output


def test_fallback_page_is_english_inside_the_urdu_layout_with_an_urdu_notice(workspace):
    _add_english_only_page(workspace)
    workspace.replace("mkdocs.yml", "complete_languages: [en, ur]", "complete_languages: [en]")
    result = workspace.build()
    assert result.code == 0, result.output
    soup = BeautifulSoup((result.root / "ur" / "only-english.html").read_text("utf-8"), "html.parser")
    assert soup.html["lang"] == "ur" and soup.html["dir"] == "rtl"
    notice = soup.select_one(".notice")
    assert notice is not None and notice.text.strip() == strings()["ur"]["not_translated"]
    wrapper = soup.select_one('article[lang="en"][dir="ltr"]')
    assert wrapper is not None and wrapper.h1.text.strip() == "Only in English"
    # The Urdu chrome stays Urdu: the helpline table is in Urdu on the fallback page.
    assert soup.select_one("section#site-helplines h2").text.strip() == strings()["ur"]["helplines_title"]
    # A page that exists in Urdu carries no notice.
    translated = BeautifulSoup((result.root / "ur" / "get-help.html").read_text("utf-8"), "html.parser")
    assert translated.select_one(".notice") is None
