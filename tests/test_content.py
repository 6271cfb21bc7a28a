"""Content: every page in every language, with the same structure, and Urdu that is Urdu."""

from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import DEFAULT, ROOT, lang_dir, languages

OTHERS = [lang for lang in languages() if lang != DEFAULT]
TOPICS = ["index", "staying-safe", "privacy", "what-is-trafficking", "smuggling", "forms-of-exploitation",
          "who-is-at-risk", "how-traffickers-recruit", "warning-signs", "migrating-safely", "get-help",
          "women-and-girls", "survivors-rights", "pakistan-response", "sources"]


def test_every_topic_of_the_brief_has_a_page_in_every_language():
    for lang in languages():
        for topic in TOPICS:
            assert (ROOT / "docs" / lang / f"{topic}.md").is_file(), f"docs/{lang}/{topic}.md is missing"


def test_the_language_folders_hold_the_same_files():
    names = {lang: sorted(p.name for p in (ROOT / "docs" / lang).glob("*.md")) for lang in languages()}
    for lang in OTHERS:
        assert names[lang] == names[DEFAULT]


def _structure(soup):
    article = soup.select_one("article")
    for section in article.select("section#site-helplines"):
        section.decompose()
    headings = [(h.name, h.get("id")) for h in article.select("h1, h2, h3, h4, h5, h6")]
    contacts = [a["href"] for a in article.select("a[href]")
                if a["href"].startswith(("tel:", "sms:", "mailto:", "https://wa.me/"))
                or "contact__way" in a.get("class", []) or a.get("class") == ["web"]]
    links = [a["href"] for a in article.select("a[href]")
             if not re.match(r"^(https?:|tel:|sms:|mailto:|#)", a["href"])]
    admonitions = [" ".join(div.get("class", [])) for div in article.select("div.admonition")]
    return {"headings": [name for name, _ in headings], "ids": [i for name, i in headings if name != "h1"],
            "contacts": contacts, "links": links, "admonitions": admonitions}


@pytest.mark.parametrize("lang", OTHERS)
def test_each_translation_has_the_same_structure_as_its_english_page(site, lang):
    for page in site.pages(DEFAULT):
        counterpart = lang_dir(site.root, lang) / page.name
        english, other = _structure(site.soup(page)), _structure(site.soup(counterpart))
        for part in english:
            assert other[part] == english[part], f"{lang}/{page.name}: {part} differ from the English page"


LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _is_arabic_letter(ch: str) -> bool:
    return "ARABIC" in unicodedata.name(ch, "")


def _english_runs(text: str, limit: int = 6) -> list[str]:
    """Runs of `limit` or more Latin words in a row (digits and punctuation may sit between them).

    A gloss in brackets, such as a law's official English name, is not an English sentence."""
    text = re.sub(r"\([^()]*\)", " ", text)
    runs, current = [], []
    for token in re.findall(r"\S+", text):
        if LATIN_WORD.fullmatch(token.strip("()[]«»\"'.,:;!?،۔؟")) and not any(_is_arabic_letter(c) for c in token):
            current.append(token)
        elif any(_is_arabic_letter(c) for c in token):
            if len(current) >= limit:
                runs.append(" ".join(current))
            current = []
    if len(current) >= limit:
        runs.append(" ".join(current))
    return runs


@pytest.mark.parametrize("lang", [lang for lang in OTHERS if lang == "ur"])
def test_urdu_pages_carry_no_run_of_english_sentences(site, lang):
    for page in site.pages(lang):
        article = site.soup(page).select_one("article")
        for ltr in article.select('[dir="ltr"], [lang="en"]'):  # numbers, e-mails; titles marked as English
            ltr.decompose()
        for block in article.select("p, li, h1, h2, h3, .admonition-title"):
            text = block.get_text(" ", strip=True)
            assert not _english_runs(text), f"{page.name}: English run in: {text[:120]}"
            letters = [c for c in re.sub(r"\([^()]*\)", " ", text) if c.isalpha()]
            if len(letters) >= 20:
                arabic = sum(1 for c in letters if _is_arabic_letter(c))
                assert arabic / len(letters) >= 0.6, f"{page.name}: mostly non-Urdu paragraph: {text[:120]}"


def test_english_run_detector_finds_english_and_spares_urdu():
    assert _english_runs("یہ صفحہ This page is not translated into Urdu yet at all ہے")
    assert not _english_runs("ایف آئی اے (FIA) اور MRC کی ہیلپ لائن")
    assert not _english_runs("انسدادِ انسانی تجارت ایکٹ 2018 (Prevention of Trafficking in Persons Act 2018)۔")


def test_phone_numbers_in_urdu_text_render_left_to_right(site):
    digits = re.compile(r"\d[\d\s-]{2,}\d")
    for page in site.pages("ur"):
        article = site.soup(page).select_one("article")
        for node in article.find_all(string=digits):
            if re.search(r"\d{3,}[\s-]\d{3,}", node):  # a number with separators, i.e. a phone number
                assert node.find_parent(attrs={"dir": "ltr"}) is not None, f"{page.name}: {node.strip()} is not LTR"
        for link in article.select('a[href^="tel:"]'):
            assert link.get("dir") == "ltr" or link.select_one('bdi[dir="ltr"]'), f"{page.name}: {link}"
