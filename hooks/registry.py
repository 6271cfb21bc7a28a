"""The registry, data/contacts.yaml: load it, check what a schema cannot, build the typed contacts.

Not a hook: the hooks call `load()` through hooks/sitedata.py. Reading YAML with line numbers is
hooks/yaml_source.py; schema errors in plain words, hooks/schema_messages.py; numbers, e-mails and
web addresses, hooks/checks.py; the typed model, hooks/registry_model.py. What is here is the
registry's own rules: numbers with libphonenumber (display and dial the same number, in the right
country), e-mails, dates, unique ids, every site language present, no invisible characters in
texts. Every problem becomes one line `file:line: entry-id: field: found ..., expected ...`, and all
of them are raised together as one RegistryError (a PluginError: no traceback, non-zero exit).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import unicodedata
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

import checks
import schema_messages
import yaml_source
from registry_model import Contact, Email, Office, Phone, Registry, Source, Text
from yaml_source import Lines, field, visible

STALE_AFTER_DAYS = 365
SCHEMA = Path(__file__).resolve().parent.parent / "data" / "contacts.schema.json"
TEXT_FIELDS = ("name", "short_name", "discreet_name", "purpose", "area", "hours", "cost")
# In texts (names, purposes, addresses) only the joiners that Urdu spelling needs are allowed among
# the invisible characters; bidi controls such as U+202E would reorder what the reader sees.
TEXT_INVISIBLES_ALLOWED = {"\u200c", "\u200d"}


class RegistryError(PluginError):
    """The registry has mistakes; the message lists each one on its own line."""


def load(path: Path, languages: tuple[str, ...], display_name: str | None = None,
         required: tuple[str, ...] | None = None) -> Registry:
    """Load and check the registry; cached until the file changes or the day turns.

    `languages` are the site's, default first; every text must have the `required` ones (all by default)."""
    stat = path.stat()
    return _load(path, stat.st_mtime_ns, stat.st_size, tuple(languages), tuple(required or languages),
                 display_name or str(path), dt.date.today())


@functools.lru_cache(maxsize=8)
def _load(path: Path, _mtime: int, _size: int, languages: tuple[str, ...], required: tuple[str, ...], shown: str,
          today: dt.date) -> Registry:
    return parse(path.read_bytes(), languages, shown, today, required)


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA.read_text("utf-8"))


class _Report:
    def __init__(self, shown: str, data: Any, lines: Lines) -> None:
        self.shown, self.data, self.lines = shown, data, lines
        self.errors: list[tuple[int, str]] = []
        self.warnings: list[str] = []

    def where(self, path: tuple, line: int | None = None) -> str:
        """`file:line: entry-id: field` for a path inside the registry (line: where the path's node starts)."""
        path = tuple(path)
        line = line or self.lines.line(path)
        if len(path) >= 2 and path[0] == "contacts" and isinstance(path[1], int):
            contacts = self.data.get("contacts") if isinstance(self.data, dict) else None
            entry = contacts[path[1]] if isinstance(contacts, list) and path[1] < len(contacts) else None
            entry_id = entry.get("id") if isinstance(entry, dict) else None
            name = entry_id if isinstance(entry_id, str) and entry_id else f"contacts[{path[1]}]"
            rest = field(path[2:])
            return f"{self.shown}:{line}: {visible(name)}" + (f": {rest}" if rest else "")
        return f"{self.shown}:{line}: " + (visible(field(path)) or "(top level)")

    def error(self, path: tuple, message: str, line: int | None = None) -> None:
        line = line or self.lines.line(tuple(path))
        self.errors.append((line, visible(f"{self.where(path, line)}: {message}")))  # an id can hold "\r" too

    def warn(self, path: tuple, message: str) -> None:
        self.warnings.append(visible(f"{self.where(path)}: {message}"))


def parse(raw: bytes | str, languages: tuple[str, ...], shown: str, today: dt.date,
          required: tuple[str, ...] | None = None) -> Registry:
    """Check registry text; return the Registry or raise RegistryError listing every problem."""
    try:
        data, lines = yaml_source.load(raw, shown)
    except yaml_source.SourceError as error:
        raise RegistryError(error.message) from None
    report = _Report(shown, data, lines)
    for parent, key, line in lines.duplicates:
        report.error(parent + (key,), f'the field "{key}" appears twice; expected it once', line=line)
    found = schema_messages.problems(data, schema(), "data/contacts.schema.json")
    for where, message in found:
        report.error(where, message)
    if isinstance(data, dict) and isinstance(data.get("contacts"), list) and not any(len(w) < 2 for w, _ in found):
        broken = schema_messages.broken_items(data, schema(), "contacts")
        _check_entries(report, data["contacts"], languages, required or languages, today, skip=broken)
    if report.errors:
        report.errors.sort(key=lambda item: item[0])
        count = len(report.errors)
        raise RegistryError(f"{shown} has {count} problem{'s' if count > 1 else ''}:\n"
                            + "\n".join(message for _, message in report.errors))
    return Registry(contacts=tuple(_build(data["contacts"], languages)), warnings=tuple(report.warnings))


def _check_entries(report: _Report, entries: list[dict], languages: tuple[str, ...], required: tuple[str, ...],
                   today: dt.date, skip: set[int]) -> None:
    """What the schema cannot check, for every entry whose shape the schema accepted."""
    ids: dict[str, int] = {}
    all_ids = {e["id"] for n, e in enumerate(entries) if n not in skip and isinstance(e, dict)}
    for index, entry in enumerate(entries):
        if index in skip:
            continue
        at = ("contacts", index)
        if entry["id"] in ids:
            report.error(at + ("id",), f'the id "{entry["id"]}" is already used by the entry on line '
                                       f'{ids[entry["id"]]}; expected every id once')
        ids.setdefault(entry["id"], report.lines.line(at))
        _check_texts(report, at, entry, languages, required)
        _check_phones(report, at, entry)
        for n, email in enumerate(entry.get("emails", [])):
            problem = checks.email_problem(email["address"])
            if problem:
                report.error(at + ("emails", n, "address"), problem)
        for n, url in enumerate(entry.get("web", [])):
            problem = checks.url_problem(url)
            if problem:
                report.error(at + ("web", n), problem)
        _check_dates(report, at, entry, today)
        active = entry["status"] == "active"
        if active and not entry["sources"]:
            report.error(at + ("sources",), "an active entry has no sources; expected at least one source "
                                            "(title, ref, date) that says this contact is current")
        if active and not (entry.get("phones") or entry.get("emails") or entry.get("web")):
            report.error(at, "an active entry has no phone, e-mail or web address; expected at least one")
        if entry.get("urgent") and not (active and entry.get("phones")):
            report.error(at + ("urgent",), "only an active entry with a phone number can be urgent; "
                                           "expected urgent: false, or status active and a phone")
        target = entry.get("superseded_by")
        if target is not None and target not in all_ids:
            report.error(at + ("superseded_by",), f'found "{target}", which is not an id in this file; '
                                                  "expected one of the ids")
        if entry["status"] == "superseded" and "superseded_by" not in entry:
            report.warn(at + ("status",), "a superseded entry does not say what replaces it; "
                                          "expected superseded_by: ID")


def _check_texts(report: _Report, at: tuple, entry: dict, languages: tuple[str, ...],
                 required: tuple[str, ...]) -> None:
    texts = [((key,), entry[key]) for key in ("name", "short_name", "discreet_name", "purpose", "area", "hours", "cost")
             if key in entry]
    texts += [(("offices", n, key), office[key]) for n, office in enumerate(entry.get("offices", []))
              for key in ("city", "address")]
    if entry.get("urgent") and "short_name" not in entry:
        report.error(at + ("urgent",), 'an urgent entry needs a short_name (shown in the "get help now" strip); '
                                       "expected short_name with " + " and ".join(required))
    for field_path, value in texts:
        for code, text in value.items():
            odd = next((ch for ch in text if unicodedata.category(ch) in ("Cf", "Cc", "Co", "Cn", "Zl", "Zp")
                        and ch not in TEXT_INVISIBLES_ALLOWED), None)
            if odd:
                report.error(at + field_path + (code,), f"found the invisible character U+{ord(odd):04X} "
                             f"{unicodedata.name(odd, '')}, which can change what readers see; expected plain text "
                             "(delete it: it often comes from copying out of a PDF or a word processor)")
        for code in required:
            if code not in value:
                report.error(at + field_path, f'the "{code}" text is missing; expected {field(field_path)}.{code} '
                                              f"with the text in that language")
        for code in value:
            if code not in languages:
                report.error(at + field_path + (code,), f'found the language "{code}", which the site does not '
                                                        f"have; expected one of: {', '.join(languages)} (mkdocs.yml)")


def _check_phones(report: _Report, at: tuple, entry: dict) -> None:
    for n, phone in enumerate(entry.get("phones", [])):
        where = at + ("phones", n)
        try:
            number = checks.parse_number(phone["dial"], phone["kind"], phone.get("country"))
        except checks.NumberProblem as problem:
            report.error(where + ("dial",), str(problem))
            continue
        try:
            display = checks.normalise_number_text(phone["display"])
        except checks.NumberProblem as problem:
            report.error(where + ("display",), str(problem))
            continue
        if not checks.same_number(display, number, phone["kind"]):
            report.error(where + ("display",), f'found "{phone["display"]}", which is not the same number as dial '
                                               f'"{phone["dial"]}"; expected the same digits in the form people know')
        if "whatsapp" in phone["channels"] and phone["kind"] != "mobile":
            report.error(where + ("channels",), f"WhatsApp is listed for a {phone['kind']} number; "
                                                "expected WhatsApp only on a mobile number")


def _check_dates(report: _Report, at: tuple, entry: dict, today: dt.date) -> None:
    try:
        checked = dt.date.fromisoformat(entry["last_checked"])
    except ValueError:
        report.error(at + ("last_checked",), f'found "{entry["last_checked"]}", which is not a real date; '
                                             "expected YYYY-MM-DD, e.g. 2026-11-23")
    else:
        if checked > today:
            report.error(at + ("last_checked",), f'found {checked}, a date in the future; expected the day the '
                                                 f"entry was last checked against its sources (today is {today})")
        elif (today - checked).days > STALE_AFTER_DAYS:
            report.warn(at + ("last_checked",), f"last checked on {checked}, more than 12 months ago; expected "
                                                "a fresh check against the sources, then today's date")
    for n, source in enumerate(entry.get("sources", [])):
        date = source.get("date")
        if date is None:
            continue
        parts = date.split("-")
        try:
            dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
        except ValueError:
            report.error(at + ("sources", n, "date"), f'found "{date}", which is not a real date; '
                                                      "expected YYYY, YYYY-MM or YYYY-MM-DD")


def _text(value: dict | None, languages: tuple[str, ...]) -> Text | None:
    """The languages of the site first, in their order, so that the default language is the fallback."""
    if value is None:
        return None
    return Text(sorted(value.items(), key=lambda item: languages.index(item[0]) if item[0] in languages else 99))


def _phone(phone: dict) -> Phone:
    number = checks.parse_number(phone["dial"], phone["kind"], phone.get("country"))
    whatsapp = f"https://wa.me/{number.key.lstrip('+')}" if "whatsapp" in phone["channels"] else None
    display = checks.normalise_number_text(phone["display"])
    # In running text a UAN is shown with its area code, made from the parsed number (never from the
    # editor's text): (051) 111-247-786
    full_display = number.uan_form if phone["kind"] == "uan" and number.uan_form else display
    return Phone(dial=checks.normalise_number_text(phone["dial"]), display=display, kind=phone["kind"],
                 channels=tuple(phone["channels"]), tel=number.tel, key=number.key, dial_form=number.dial_form,
                 whatsapp=whatsapp, full_display=full_display, confidence=phone.get("confidence"))


def _build(entries: list[dict], languages: tuple[str, ...]) -> list[Contact]:
    return [Contact(
        id=entry["id"], status=entry["status"], urgent=bool(entry.get("urgent", False)),
        name=_text(entry["name"], languages), short_name=_text(entry.get("short_name") or entry["name"], languages),
        purpose=_text(entry["purpose"], languages), phones=tuple(_phone(phone) for phone in entry.get("phones", [])),
        emails=tuple(Email(e["address"], e.get("note"), e.get("confidence")) for e in entry.get("emails", [])),
        web=tuple(checks.normalise_url(url) for url in entry.get("web", [])),
        offices=tuple(Office(_text(o["city"], languages), _text(o["address"], languages))
                      for o in entry.get("offices", [])),
        area=_text(entry.get("area"), languages), hours=_text(entry.get("hours"), languages),
        cost=_text(entry.get("cost"), languages),
        sources=tuple(Source(s["title"], s["ref"], s.get("date")) for s in entry["sources"]),
        confidence=entry["confidence"], last_checked=dt.date.fromisoformat(entry["last_checked"]),
        discreet_name=_text(entry.get("discreet_name"), languages),
    ) for entry in entries]
