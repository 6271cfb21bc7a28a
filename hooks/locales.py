"""The site's languages: the one place they are read from (mkdocs.yml, the i18n plugin's `languages`).

Not a hook. Hooks call `site_languages(config)`; tools and tests call `from_file()`, which reads
mkdocs.yml with MkDocs' own loader. Each language is a `Language`: locale, name, text direction
(from Babel's locale data, so a new right-to-left language needs no code) and the URL prefix of
its folder ("" for the default language, "ur/" for Urdu). Templates get the same tuple as the one
global `site_languages`, and the language being built as `language`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel import Locale

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Language:
    locale: str
    name: str
    direction: str  # "ltr" or "rtl"
    prefix: str  # the language's folder below the site root: "" or "ur/"
    default: bool

    @property
    def home(self) -> str:
        """The language's home page, relative to the site root."""
        return self.prefix + "index.html"


def _direction(locale: str) -> str:
    return "rtl" if Locale.parse(locale).character_order == "right-to-left" else "ltr"


def site_languages(config) -> tuple[Language, ...]:
    """Every language built, default first, from a loaded MkDocs configuration."""
    plugin = config.plugins["i18n"]
    listed = [lang for lang in plugin.config.languages if lang.build and lang.locale != "null"]
    listed.sort(key=lambda lang: not lang.default)
    return tuple(Language(locale=lang.locale, name=lang.name, direction=_direction(lang.locale),
                          prefix="" if lang.default else lang.link.strip("/") + "/", default=bool(lang.default))
                 for lang in listed)


def by_locale(config, locale: str) -> Language:
    return next(lang for lang in site_languages(config) if lang.locale == locale)


def load_config(config_file: Path = ROOT / "mkdocs.yml", **overrides):
    """mkdocs.yml read and validated by MkDocs itself (plugins loaded), for tools and tests."""
    import os

    from mkdocs.config import load_config as mkdocs_load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return mkdocs_load_config(str(config_file), **overrides)


def from_file(config_file: Path = ROOT / "mkdocs.yml") -> tuple[Language, ...]:
    return site_languages(load_config(config_file))
