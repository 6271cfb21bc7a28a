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
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
import translation_status as translations  # noqa: E402  hooks/translation_status.py


def site_languages(root: Path) -> list[str]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=Loader)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            langs = plugin["i18n"]["languages"]
            return [lang["locale"] for lang in sorted(langs, key=lambda lang: not lang.get("default", False))
                    if lang.get("build", True) and lang["locale"] != "null"]
    raise SystemExit("mkdocs.yml has no i18n plugin")


def report(root: Path) -> list[tuple[str, str, str, str]]:
    """(kind, language, name, status) for every page and registry entry."""
    languages = site_languages(root)
    default, others = languages[0], languages[1:]
    docs = root / "docs"
    rows = []
    for language in others:
        for page in sorted((docs / default).glob("*.md")):
            rows.append(("page", language, page.name, translations.page_status(docs, default, language, page.name)))
    data = yaml.safe_load((root / "data" / "contacts.yaml").read_text("utf-8"))
    for language in others:
        for entry in data["contacts"]:
            rows.append(("contact", language, entry["id"], translations.entry_status(entry, default, language)))
    return rows


def mark_page(root: Path, path: Path) -> str:
    languages = site_languages(root)
    path = path if path.is_absolute() else (root / path)
    source = root / "docs" / languages[0] / path.name
    value = translations.page_hash(source)
    text = path.read_text("utf-8")
    match = translations.FRONT_MATTER.match(text)
    if not match:
        text = f"---\nsource_hash: {value}\n---\n\n{text}"
    elif re.search(r"^source_hash:.*$", match.group(0), re.M):
        head = re.sub(r"^source_hash:.*$", f"source_hash: {value}", match.group(0), count=1, flags=re.M)
        text = head + text[match.end():]
    else:
        head = match.group(0)
        closing = head.rstrip().rsplit("\n", 1)[-1]
        text = head[: head.rstrip().rfind(closing)] + f"source_hash: {value}\n{closing}\n" + text[match.end():]
    path.write_text(text, "utf-8")
    return value


def mark_contact(root: Path, entry_id: str, language: str) -> str:
    languages = site_languages(root)
    registry = root / "data" / "contacts.yaml"
    data = yaml.safe_load(registry.read_text("utf-8"))
    entry = next((e for e in data["contacts"] if e["id"] == entry_id), None)
    if entry is None:
        raise SystemExit(f"data/contacts.yaml has no entry with id {entry_id}")
    value = translations.entry_hash(entry, languages[0])
    lines = registry.read_text("utf-8").splitlines(keepends=True)
    start = next(n for n, line in enumerate(lines) if re.match(rf"^  - id: {re.escape(entry_id)}\s*$", line))
    end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("  - id:")), len(lines))
    block = "".join(lines[start:end])
    if re.search(rf"^      {language}: [0-9a-f]+$", block, re.M) and "    translated:\n" in block:
        block = re.sub(rf"(    translated:\n(?:      \w+: \w+\n)*?      {language}: )[0-9a-f]+", rf"\g<1>{value}", block)
    elif "    translated:\n" in block:
        block = block.replace("    translated:\n", f"    translated:\n      {language}: {value}\n", 1)
    else:
        block = re.sub(r"(    status: \w+\n)", rf"\g<1>    translated:\n      {language}: {value}\n", block, count=1)
    registry.write_text("".join(lines[:start]) + block + "".join(lines[end:]), "utf-8")
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
                    f"  -> check its {language} texts, then: python tools/translations.py --mark-contact {name} --language {language}")
        print(f"{status:<{width}}  {language}  {kind:<7}  {name}{hint}")
    behind = [row for row in rows if row[3] != "up to date"]
    print(f"{len(rows) - len(behind)} of {len(rows)} translations up to date.")
    return 1 if args.check and behind else 0


if __name__ == "__main__":
    sys.exit(main())
