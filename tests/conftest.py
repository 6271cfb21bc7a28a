"""Shared fixtures: the real site built once per session, and throw-away copies for bad input.

Facts come from where they live: languages from mkdocs.yml, contacts from data/contacts.yaml
(through the same loader the build uses), interface strings from data/strings.yaml.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

import locales  # hooks/locales.py: the site's languages, from mkdocs.yml
import browser as shared_browser  # tools/browser.py: chromium, flags, the phone
import build as site_build  # tools/build.py (pytest.ini puts hooks/ and tools/ on the path)
import registry  # hooks/registry.py

ROOT = Path(__file__).resolve().parent.parent

COPIED = ("docs", "data", "hooks", "overrides", "tools", "mkdocs.yml")


def mkdocs_config(root: Path = ROOT):
    """mkdocs.yml as MkDocs loads and validates it (hooks/locales.py)."""
    return locales.load_config(root / "mkdocs.yml")


def i18n_languages(root: Path = ROOT) -> list:
    """The i18n plugin's language entries (locale, name, site_name, ...), as MkDocs loaded them."""
    return list(mkdocs_config(root).plugins["i18n"].config.languages)


def languages() -> list[str]:
    return [language.locale for language in locales.from_file(ROOT / "mkdocs.yml")]


DEFAULT = languages()[0]


def strings() -> dict:
    return yaml.safe_load((ROOT / "data" / "strings.yaml").read_text("utf-8"))


def contacts() -> registry.Registry:
    return registry.load(ROOT / "data" / "contacts.yaml", tuple(languages()), "data/contacts.yaml")


def lang_dir(site: Path, lang: str) -> Path:
    return site if lang == DEFAULT else site / lang


@dataclass
class Site:
    root: Path

    def pages(self, lang: str) -> list[Path]:
        """The pages built from docs/<lang>/*.md (not 404.html, the card or the single-file edition)."""
        folder = lang_dir(self.root, lang)
        return sorted(folder / f"{md.stem}.html" for md in (ROOT / "docs" / lang).glob("*.md"))

    def all_pages(self) -> list[tuple[str, Path]]:
        return [(lang, page) for lang in languages() for page in self.pages(lang)]

    def soup(self, page: Path) -> BeautifulSoup:
        return BeautifulSoup(page.read_text("utf-8"), "html.parser")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """The real site, built once with the same code as `make site`."""
    out = tmp_path_factory.mktemp("site") / "site"
    site_build.build_into(ROOT / "mkdocs.yml", out)
    return Site(out)


@dataclass
class Result:
    code: int
    output: str
    root: Path


class Workspace:
    """A copy of the project in a temporary folder, to change and build without touching the real one."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, root / name)

    def path(self, relative: str) -> Path:
        return self.root / relative

    def read(self, relative: str) -> str:
        return self.path(relative).read_text("utf-8")

    def write(self, relative: str, text: str) -> None:
        self.path(relative).parent.mkdir(parents=True, exist_ok=True)
        self.path(relative).write_text(text, "utf-8")

    def replace(self, relative: str, old: str, new: str, count: int = 1) -> None:
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}: the test's input no longer matches the file"
        self.write(relative, text.replace(old, new, count))

    def build(self) -> Result:
        """Run the build exactly as `make site` does, in a separate process."""
        process = subprocess.run([sys.executable, "tools/build.py"], cwd=self.root, capture_output=True,
                                 text=True, timeout=300)
        return Result(process.returncode, process.stdout + process.stderr, self.root / "site")


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    return Workspace(tmp_path / "project")


def tree(folder: Path) -> dict[str, str]:
    """Every file below `folder` with its SHA-256: to show that a failed build changed nothing."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_refused(result: Result, workspace: Workspace, before: dict[str, str], message: str, name: str) -> None:
    """A refused build: non-zero exit, the expected message, no traceback, site/ exactly as before, no leftover."""
    assert result.code != 0, f"the build passed despite: {name}\n{result.output}"
    assert message in result.output, f"expected message not found:\n{message}\n--- output ---\n{result.output}"
    assert "Traceback" not in result.output
    assert "site/ was left as it was" in result.output
    assert tree(workspace.root / "site") == before, "the failed build changed site/"
    assert not list(workspace.root.glob(".site-*")), "the failed build left a temporary folder behind"


@pytest.fixture(scope="session")
def good_site(tmp_path_factory) -> Path:
    """One good build of a copy of the project, reused (as a template of site/) by the bad-input cases."""
    workspace = Workspace(tmp_path_factory.mktemp("good") / "project")
    result = workspace.build()
    assert result.code == 0, result.output
    return result.root


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (tools/browser.py), one for the whole session: Playwright's
    sync API allows one at a time. Without it a test skips with a one-line reason; under CI that fails."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "Playwright is not installed"
    else:
        reason = None if Path(shared_browser.CHROMIUM).is_file() else \
            f"no chromium at {shared_browser.CHROMIUM} (Debian package chromium)"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run under CI: {reason}")
        pytest.skip(reason)
    with sync_playwright() as p:
        instance = shared_browser.launch(p)
        yield instance
        instance.close()


class Watch:
    """Console errors, failed requests and requests to other hosts seen by one browser context."""

    def __init__(self, context, allowed_external: tuple[str, ...] = ()):
        self.errors: list[str] = []
        self.external: list[str] = []
        self.allowed = allowed_external
        context.route("**/*", self._route)
        context.on("weberror", lambda error: self.errors.append(f"page error: {error.error}"))

    def _route(self, route):
        url = route.request.url
        host = urlsplit(url).hostname
        if url.startswith(("file:", "data:")) or host == "127.0.0.1":
            return route.continue_()
        if not url.startswith(self.allowed):
            self.external.append(url)
        route.fulfill(status=200, content_type="text/html", body="<title>elsewhere</title><p>elsewhere</p>")

    def attach(self, page):
        self.page = page
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))
        page.on("requestfailed", lambda req: self.errors.append(f"failed: {req.url} {req.failure}"))
        page.on("response", lambda res: res.status >= 400 and self.errors.append(f"HTTP {res.status}: {res.url}"))
        return page

    def assert_quiet(self) -> None:
        """No console error, failed request or request to another host so far: else say which page and what."""
        problems = self.errors + [f"request to another host: {url}" for url in self.external]
        assert not problems, f"on {self.page.url}:\n  " + "\n  ".join(problems)


@pytest.fixture
def open_phone(browser):
    """Opens a new 360x640 phone context whose console, failed and outside requests are watched:
    open_phone(javascript=True, allowed=(), phone=True) -> (page, watch); phone=False opens a plain
    desktop context, phone=shared_browser.LARGE_PHONE (or any other context settings) that screen.
    Every context is closed at teardown, whether the test passed or not."""
    contexts = []

    def open_(javascript: bool = True, allowed: tuple[str, ...] = (), phone: bool | dict = True):
        screen = phone if isinstance(phone, dict) else shared_browser.PHONE if phone else {}
        context = browser.new_context(java_script_enabled=javascript, **screen)
        contexts.append(context)
        watch = Watch(context, allowed_external=allowed)
        return watch.attach(context.new_page()), watch

    yield open_
    for context in contexts:
        context.close()
