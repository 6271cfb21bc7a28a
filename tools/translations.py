"""make translations: is every translation in step with the default language (English)?

    python tools/translations.py                      report every page and registry entry
    python tools/translations.py --check              the same; exit 1 unless all are up to date
    python tools/translations.py --mark docs/ur/x.md  record that the Urdu page now matches English
    python tools/translations.py --mark-contact ID --language ur
                                                      record that the entry's Urdu texts match English

Statuses: up to date; outdated (the English changed since the translation was last brought in
line); missing; not tracked (no hash recorded yet: check the translation, then --mark it).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import yaml
from mkdocs.utils.meta import YAML_RE
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))  # run as a script: the plain modules of hooks/
import locales  # noqa: E402  hooks/locales.py
import translation_status as translations  # noqa: E402  hooks/translation_status.py


def site_languages(root: Path) -> list[str]:
    """The site's languages, default first, from mkdocs.yml through MkDocs' own loader."""
    return [language.locale for language in locales.from_file(root / "mkdocs.yml")]


def _round_trip() -> YAML:
    """ruamel.yaml set to this project's style, so that an edit changes only the edited value."""
    editor = YAML()
    editor.preserve_quotes = True
    editor.width = 4096
    editor.indent(mapping=2, sequence=4, offset=2)
    return editor


def report(root: Path) -> list[tuple[str, str, str, str]]:
    """(kind, language, name, status) for every page and registry entry."""
    languages = site_languages(root)
    default, others = languages[0], languages[1:]
    docs = root / "docs"
    rows = []
    for language in others:
        for page in sorted((docs / default).glob("*.md")):
            rows.append(("page", language, page.name, translations.page_status(docs, default, language, page.name)))
    data = yaml.safe_load((root / "data" / "contacts.yaml").read_text("utf-8"))  # read only
    for language in others:
        for entry in data["contacts"]:
            rows.append(("contact", language, entry["id"], translations.entry_status(entry, default, language)))
    return rows


def mark_page(root: Path, path: Path) -> str:
    languages = site_languages(root)
    path = path if path.is_absolute() else (root / path)
    value = translations.page_hash(root / "docs" / languages[0] / path.name)
    text = path.read_text("utf-8")
    match = YAML_RE.match(text)
    editor = _round_trip()
    meta = editor.load(match.group(1)) if match else {}
    meta["source_hash"] = value
    block = io.StringIO()
    editor.dump(meta, block)
    path.write_text(f"---\n{block.getvalue()}---\n" + (text[match.end():] if match else f"\n{text}"), "utf-8")
    return value


def mark_contact(root: Path, entry_id: str, language: str) -> str:
    languages = site_languages(root)
    registry = root / "data" / "contacts.yaml"
    editor = _round_trip()
    data = editor.load(registry.read_text("utf-8"))
    entry = next((e for e in data["contacts"] if e["id"] == entry_id), None)
    if entry is None:
        raise SystemExit(f"data/contacts.yaml has no entry with id {entry_id}")
    value = translations.entry_hash(entry, languages[0])
    if "translated" not in entry:
        entry.insert(list(entry).index("status") + 1, "translated", {})
    entry["translated"][language] = value
    out = io.StringIO()
    editor.dump(data, out)
    registry.write_text(out.getvalue(), "utf-8")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--mark", type=Path, action="append", default=[])
    parser.add_argument("--mark-contact", action="append", default=[])
    parser.add_argument("--language", default=None)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    for path in args.mark:
        print(f"{path}: source_hash {mark_page(args.root, path)} (now up to date)")
    for entry_id in args.mark_contact:
        language = args.language or site_languages(args.root)[1]
        print(f"{entry_id}: translated.{language} {mark_contact(args.root, entry_id, language)} (now up to date)")
    if args.mark or args.mark_contact:
        return 0
    rows = report(args.root)
    width = len("not tracked")  # the longest status: columns line up whatever is present
    for kind, language, name, status in rows:
        hint = ""
        if status in ("outdated", "not tracked"):
            hint = (f"  -> bring docs/{language}/{name} in line, then: make translations MARK=docs/{language}/{name}"
                    if kind == "page" else
                    f"  -> check its {language} texts, then: "
                    f"python tools/translations.py --mark-contact {name} --language {language}")
        print(f"{status:<{width}}  {language}  {kind:<7}  {name}{hint}")
    behind = [row for row in rows if row[3] != "up to date"]
    print(f"{len(rows) - len(behind)} of {len(rows)} translations up to date.")
    return 1 if args.check and behind else 0


if __name__ == "__main__":
    sys.exit(main())
