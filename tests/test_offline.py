"""Cheap phones and mirrors: byte budgets, nothing from other hosts, links that work from
file:// and from any sub-folder, a reading order that survives without CSS, a verifiable bundle."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import contacts, lang_dir, languages

import resources as offline  # hooks/resources.py (reported by the output audit)

KB = 1024
CRITICAL_BUDGET = 14 * KB
FIRST_VIEW_BUDGET = 30 * KB


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))  # what a server typically sends


def html_files(site) -> list[Path]:
    return sorted(site.root.rglob("*.html"))


def test_no_page_loads_anything_from_another_host(site):
    for page in html_files(site):
        assert offline.third_party_resources(page.read_text("utf-8")) == [], page


def test_the_third_party_check_catches_what_it_must():
    html = ('<link rel="stylesheet" href="https://fonts.googleapis.com/css"><script src="//cdn.example/x.js"></script>'
            '<img src="/logo.png"><iframe src="https://maps.example/"></iframe><style>@import "https://x/y.css";'
            'body{background:url(https://x/bg.png)}</style><a href="https://example.org/">fine: a link</a>'
            '<img src="data:image/png;base64,AA"><script src="assets/site.js"></script>')
    found = offline.third_party_resources(html)
    assert len(found) == 6, found


def test_scripts_and_worker_fetch_nothing_from_other_hosts(site):
    for path in [site.root / "assets" / "site.js", site.root / "sw.js"]:
        assert not re.search(r"https?://", path.read_text("utf-8")), path


def _first_view_files(site, page: Path) -> list[Path]:
    """What loads before the reader does anything: the page, its deferred script, the service
    worker and what the worker stores at install."""
    worker = (site.root / "sw.js").read_text("utf-8")
    precache = re.search(r"var PRECACHE = \[(.*?)\];", worker).group(1)
    stored = [site.root / name for name in re.findall(r'"([^"]+)"', precache)]
    return [page, site.root / "assets" / "site.js", site.root / "sw.js", *stored]


@pytest.mark.parametrize("lang", languages())
def test_byte_budgets_per_page(site, lang):
    for page in site.pages(lang):
        html = page.read_bytes()
        assert b'rel="stylesheet"' not in html, f"{page.name}: render-blocking stylesheet"
        for script in re.findall(rb"<script[^>]*>", html):
            assert b" defer" in script or b" async" in script, f"{page.name}: render-blocking {script!r}"
        first_tel = html.index(b'href="tel:')
        critical = html[: html.index(b"</a>", first_tel) + 4]
        assert gz(critical) <= CRITICAL_BUDGET, f"{page.name}: {gz(critical)} B before the first number"
        first_view = sum(gz(path.read_bytes()) for path in set(_first_view_files(site, page)))
        assert first_view <= FIRST_VIEW_BUDGET, f"{page.name}: first view {first_view} B"


def _targets(site, page: Path):
    html = page.read_text("utf-8")
    for url in re.findall(r'\s(?:href|src)="([^"]*)"', html):
        parts = urlsplit(url)
        if parts.scheme or url.startswith("//"):
            continue  # tel:, mailto:, https:// links the reader chooses to follow
        yield url, parts


def test_every_link_and_asset_resolves_from_file_and_from_any_sub_folder(site):
    """Relative paths that stay inside the site work from file://, from /mirror/x/ and from /."""
    ids_cache: dict[Path, set[str]] = {}
    for page in html_files(site):
        if page.name == "404.html" and page.parent == site.root:
            continue  # served by the server for any missing path: see test below
        for url, parts in _targets(site, page):
            assert not url.startswith("/"), f"{page}: root-absolute {url}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            root = site.root.resolve()
            assert root in target.parents or target == root, f"{page}: {url} leaves the site"
            assert target.is_file(), f"{page}: {url} does not exist"
            if parts.fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = set(re.findall(r'\sid="([^"]+)"', target.read_text("utf-8")))
                assert unquote(parts.fragment) in ids_cache[target], f"{page}: {url} has no such anchor"


SEARCH_INDEX_BUDGET = 25 * KB


@pytest.mark.parametrize("lang", languages())
def test_search_index_is_one_small_script_per_language_for_file_urls(site, lang):
    script = (site.root / "search" / f"{lang}.js").read_bytes()
    assert script.startswith(b"window.__siteSearch={")
    assert gz(script) <= SEARCH_INDEX_BUDGET, f"{lang}: {gz(script)} B gzip"
    data = json.loads(script.decode("utf-8").split("=", 1)[1].rstrip().rstrip(";"))
    assert data["lang"] == lang
    expected = {str(page.relative_to(site.root)) for page in site.pages(lang)}
    assert {doc["u"] for doc in data["docs"]} == expected  # this language's pages, and only them
    assert not (site.root / "search" / "search_index.json").exists(), "the theme's index for every language"


def test_reading_order_without_css(site):
    """With CSS off (or in a text browser) the numbers come first, then the page, then the full list."""
    urgent = [phone.display for entry in contacts().urgent for phone in entry.phones]
    for _lang, page in site.all_pages():
        text = site.soup(page).body.get_text(" ", strip=True)
        h1 = site.soup(page).h1.get_text(" ", strip=True)
        positions = [text.index(number) for number in urgent]
        assert max(positions) < text.index(h1), page
        helplines = site.soup(page).select_one("#site-helplines-title").get_text(strip=True)
        assert text.index(h1) < text.rindex(helplines), page


def test_a_text_browser_shows_the_numbers_first(site):
    w3m = shutil.which("w3m")
    if not w3m:
        if __import__("os").environ.get("CI"):
            pytest.fail("w3m is not installed; .ci/run installs it (Debian package w3m)")
        pytest.skip("w3m is not installed (Debian package w3m); CI installs it")
    urgent = [phone.display for entry in contacts().urgent for phone in entry.phones]
    for lang in languages():
        page = lang_dir(site.root, lang) / "get-help.html"
        out = subprocess.run([w3m, "-dump", "-cols", "60", "-O", "UTF-8", str(page)], capture_output=True,
                             text=True, check=True).stdout
        top = "\n".join(out.splitlines()[:12])
        for number in urgent:
            assert number in top, f"{lang}: {number} not in the first lines of w3m's output:\n{top}"


def test_service_worker_is_versioned_and_its_files_exist(site):
    worker = (site.root / "sw.js").read_text("utf-8")
    assert re.search(r'var VERSION = "[0-9a-f]{16}";', worker)
    for path in _first_view_files(site, site.root / "index.html")[3:]:
        assert path.is_file(), path
    assert not (site.root / "assets" / "sw.js").exists()


def test_bundle_and_verify_catch_a_tampered_copy(site, tmp_path):
    import bundle  # tools/bundle.py
    import verify  # tools/verify.py

    archive = bundle.bundle(site.root, tmp_path / "dist", "test")
    assert archive.name == "trafficking-help-test.zip"
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp_path / "mirror")
    folder = tmp_path / "mirror" / "trafficking-help-test"
    for name in ("SHA256SUMS", "MIRRORING.md", "verify.py", "index.html", "ur/index.html"):
        assert (folder / name).is_file(), name
    def run():
        return subprocess.run([sys.executable, str(folder / "verify.py"), str(folder)], capture_output=True, text=True)

    clean = run()
    assert clean.returncode == 0 and "every file matches" in clean.stdout

    number = contacts().by_id["fia-tip-hotline"].phones[0].display
    page = folder / "ur" / "get-help.html"
    page.write_text(page.read_text("utf-8").replace(number, number[:-1] + "7"), "utf-8")
    (folder / "smuggling.html").unlink()
    (folder / "extra.html").write_text("<p>not ours</p>", "utf-8")
    tampered = run()
    assert tampered.returncode == 1
    assert tampered.stdout.splitlines()[:3] == ["missing: smuggling.html", "changed: ur/get-help.html",
                                                "extra: extra.html"]
    assert verify.problems(folder) == ["missing: smuggling.html", "changed: ur/get-help.html", "extra: extra.html"]


def test_bundle_is_reproducible(site, tmp_path):
    import bundle
    first = bundle.bundle(site.root, tmp_path / "a", "v").read_bytes()
    second = bundle.bundle(site.root, tmp_path / "b", "v").read_bytes()
    assert first == second
