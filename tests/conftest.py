"""Shared fixtures: the real site built once per session, and throw-away copies for bad input.

Facts come from where they live: languages from mkdocs.yml, contacts from data/contacts.yaml
(through the same loader the build uses), interface strings from data/strings.yaml.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tools"))

import build as site_build  # noqa: E402  tools/build.py
import registry  # noqa: E402  hooks/registry.py

COPIED = ("docs", "data", "hooks", "overrides", "tools", "mkdocs.yml")


class _Loader(yaml.SafeLoader):
    """mkdocs.yml uses !!python tags in places; tests only read plain keys."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config(root: Path = ROOT) -> dict:
    return yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)


def i18n_languages(root: Path = ROOT) -> list[dict]:
    plugins = mkdocs_config(root)["plugins"]
    for plugin in plugins:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return plugin["i18n"]["languages"]
    raise AssertionError("mkdocs.yml has no i18n plugin")


def languages() -> list[str]:
    langs = i18n_languages()
    return [lang["locale"] for lang in sorted(langs, key=lambda lang: not lang.get("default", False))]


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


@pytest.fixture(scope="session")
def browser():
    """One chromium for the whole session (Playwright's sync API allows one at a time): for
    tests/test_browser.py and tests/test_mirror.py alike."""
    from test_browser import launch_browser
    yield from launch_browser()


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
