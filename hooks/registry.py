"""Typed loader for the helpline registry, data/contacts.yaml.

Not a hook itself: the hooks call `load()`. It reads the YAML keeping every node's line (PyYAML
marks), checks it against data/contacts.schema.json, then checks what a schema cannot (numbers with
libphonenumber, e-mails, dates, unique ids, every site language present). Every problem becomes one
line `file:line: entry-id: field: found ..., expected ...`, and all of them are raised together as
one RegistryError (a PluginError, so MkDocs prints it without a traceback and exits non-zero).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import jsonschema
import yaml
from mkdocs.exceptions import PluginError

import checks

STALE_AFTER_DAYS = 365


class Text(dict):
    """A text in several languages; a language without its own text gets the first one (the default)."""

    def __missing__(self, language: str) -> str:
        return next(iter(self.values()))


class RegistryError(PluginError):
    """The registry has mistakes; the message lists each one on its own line."""


@dataclass(frozen=True)
class Phone:
    dial: str
    display: str
    kind: str
    channels: tuple[str, ...]
    tel: str  # tel:+9251111247786, or tel:1099 for a short code
    key: str  # E.164, or the short code: what page checks compare against
    dial_form: str  # as dialled inside Pakistan (051 111247786): shown for UANs, whose display omits the area code
    whatsapp: str | None  # https://wa.me/923041112123 when the channel is listed
    full_display: str = ""  # display with the area code of a UAN: (051) 111-247-786; else display
    confidence: str | None = None  # when this number is less sure than its entry


@dataclass(frozen=True)
class Email:
    address: str
    note: str | None
    confidence: str | None = None  # when this address is less sure than its entry


@dataclass(frozen=True)
class Office:
    city: Mapping[str, str]
    address: Mapping[str, str]


@dataclass(frozen=True)
class Source:
    title: str
    ref: str
    date: str | None


@dataclass(frozen=True)
class Contact:
    id: str
    status: str
    urgent: bool
    name: Mapping[str, str]
    short_name: Mapping[str, str]
    purpose: Mapping[str, str]
    phones: tuple[Phone, ...]
    emails: tuple[Email, ...]
    web: tuple[str, ...]
    offices: tuple[Office, ...]
    area: Mapping[str, str] | None
    hours: Mapping[str, str] | None
    cost: Mapping[str, str] | None
    sources: tuple[Source, ...]
    confidence: str
    last_checked: dt.date
    notes: str | None
    line: int
    discreet_name: Mapping[str, str] | None = None  # a neutral name for numbers.vcf

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True)
class Registry:
    path: Path
    contacts: tuple[Contact, ...]
    warnings: tuple[str, ...]

    @property
    def active(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.active)

    @property
    def urgent(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.active if c.urgent)

    @property
    def by_id(self) -> Mapping[str, Contact]:
        return {c.id: c for c in self.contacts}

    @property
    def last_checked(self) -> dt.date:
        return min(c.last_checked for c in self.active)

    def numbers(self) -> Mapping[str, Contact]:
        """Every number of an active entry, by E.164 or short code."""
        return {p.key: c for c in self.active for p in c.phones}


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
    text = path.read_text(encoding="utf-8")
    return parse(text, languages, shown, today, path, required)


# --- reading YAML with lines ------------------------------------------------------------------------

class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so the schema and the checks below see what was typed."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Lines:
    """Where each value sits in the file: path (('contacts', 0, 'phones'), ...) -> line number."""

    def __init__(self) -> None:
        self.lines: dict[tuple, int] = {}
        self.keys: dict[tuple, int] = {}
        self.duplicates: list[tuple[tuple, str, int]] = []

    def walk(self, node: yaml.Node, path: tuple = ()) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, value_node in node.value:
                key = key_node.value
                if key in seen:
                    self.duplicates.append((path, key, key_node.start_mark.line + 1))
                seen.add(key)
                self.keys[path + (key,)] = key_node.start_mark.line + 1
                self.walk(value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, path + (index,))

    def line(self, path: tuple) -> int:
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def _visible(text: str) -> str:
    """One line, every character visible: a stray control character is shown as \\uXXXX."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, (int, float)):
        return f"{value} (a number)"
    if isinstance(value, str):
        return _visible(json.dumps(value, ensure_ascii=False))
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return repr(value)


def _field(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- the checks -------------------------------------------------------------------------------------

class _Report:
    def __init__(self, shown: str, data: Any, lines: _Lines) -> None:
        self.shown, self.data, self.lines = shown, data, lines
        self.errors: list[tuple[int, str]] = []
        self.warnings: list[str] = []

    def where(self, path: tuple, line: int | None = None) -> str:
        """`file:line: entry-id: field` for a path inside the registry (line: where the path's node starts)."""
        path = tuple(path)
        line = line or self.lines.line(path)
        if len(path) >= 2 and path[0] == "contacts" and isinstance(path[1], int):
            entry = self.data["contacts"][path[1]] if isinstance(self.data, dict) else None
            entry_id = entry.get("id") if isinstance(entry, dict) else None
            name = entry_id if isinstance(entry_id, str) and entry_id else f"contacts[{path[1]}]"
            rest = _field(path[2:])
            return f"{self.shown}:{line}: {name}" + (f": {rest}" if rest else "")
        return f"{self.shown}:{line}: " + (_field(path) or "(top level)")

    def error(self, path: tuple, message: str, line: int | None = None) -> None:
        line = line or self.lines.line(tuple(path))
        self.errors.append((line, _visible(f"{self.where(path, line)}: {message}")))  # an id can hold "\r" too

    def warn(self, path: tuple, message: str) -> None:
        self.warnings.append(_visible(f"{self.where(path)}: {message}"))


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads((Path(__file__).parent.parent / "data" / "contacts.schema.json").read_text("utf-8"))


def _schema_message(error: jsonschema.ValidationError) -> tuple[tuple, str]:
    """Turn one jsonschema error into (path, 'found ..., expected ...')."""
    path = tuple(error.absolute_path)
    kind, value, sub = error.validator, error.instance, error.schema
    described = sub.get("description")
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        name = missing[0] if missing else "?"
        field_schema = sub.get("properties", {}).get(name, {})
        hint = field_schema.get("description") or _ref_description(field_schema)
        return path, f'the field "{name}" is missing; expected {name}: ' + (hint or "see data/contacts.schema.json")
    if kind == "additionalProperties":
        allowed = list(sub.get("properties", {}))
        extra = [k for k in value if k not in allowed]
        key = extra[0] if extra else "?"
        guess = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f' (did you mean "{guess[0]}"?)' if guess else ""
        return path + (key,), f'unknown field "{key}"{hint}; expected one of: ' + ", ".join(allowed)
    if kind == "enum":
        return path, f"found {_describe(value)}; expected one of: " + ", ".join(map(str, error.validator_value))
    if kind == "type":
        expected = {"string": "text", "array": "a list", "object": "a set of fields", "boolean": "true or false",
                    "integer": "a whole number"}.get(str(error.validator_value), str(error.validator_value))
        hint = f' (put it in quotes: "{value}")' if isinstance(value, (int, float)) and expected == "text" else ""
        return path, f"found {_describe(value)}; expected {expected}{hint}"
    if "propertyNames" in error.absolute_schema_path:
        return path + (value,), (f"found the language key {_describe(value)}; expected a two-letter "
                                 "language code such as en or ur")
    if kind == "pattern":
        if sub is schema()["$defs"]["https_url"] or (isinstance(value, str) and value.startswith("http:")):
            return path, checks.url_problem(value) or f"found {_describe(value)}; expected {described}"
        return path, f"found {_describe(value)}; expected {described or 'the form in data/contacts.schema.json'}"
    if kind in ("minItems", "minLength", "minProperties"):
        return path, f"found {_describe(value)}, which is empty; expected at least one value"
    if kind == "uniqueItems":
        return path, f"found {_describe(value)} with a value listed twice; expected each value once"
    return path, f"found {_describe(value)}; {error.message}"


def _ref_description(field_schema: dict) -> str | None:
    ref = field_schema.get("$ref", "")
    if ref.startswith("#/$defs/"):
        target = schema()["$defs"][ref.split("/")[-1]]
        return target.get("description")
    return None


def parse(text: str, languages: tuple[str, ...], shown: str, today: dt.date, path: Path | None = None,
          required: tuple[str, ...] | None = None) -> Registry:
    """Check registry text; return the Registry or raise RegistryError listing every problem."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1 if isinstance(error.position, int) else 1
        raise RegistryError(
            f"{shown}:{line}: the file contains a character YAML does not allow ({error.reason}, code "
            f"#x{error.character if isinstance(error.character, int) else 0:04x}); expected plain text: delete it "
            "(it often comes from copying out of a PDF or a word processor)") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = " ".join((getattr(error, "problem", None) or str(error)).split())
        raise RegistryError(
            f"{shown}:{line}: YAML syntax error: {problem}; expected valid YAML: check the indentation "
            "(spaces, not tabs) and put text containing ':' or '#' in quotes") from None

    lines = _Lines()
    if node is not None:
        lines.walk(node)
    report = _Report(shown, data, lines)
    for parent, key, line in lines.duplicates:
        report.error(parent + (key,), f'the field "{key}" appears twice; expected it once', line=line)

    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: lines.line(tuple(e.absolute_path)))
    for error in _without_echoes(errors):
        where, message = _schema_message(error)
        report.error(where, message)
    broken = {e.absolute_path[1] for e in errors if len(e.absolute_path) > 1 and e.absolute_path[0] == "contacts"}
    if isinstance(data, dict) and isinstance(data.get("contacts"), list) and not any(
            len(e.absolute_path) < 2 for e in errors):
        _check_entries(report, data["contacts"], languages, required or languages, today, skip=broken)
    if report.errors:
        report.errors.sort(key=lambda item: item[0])
        count = len(report.errors)
        raise RegistryError(f"{shown} has {count} problem{'s' if count > 1 else ''}:\n"
                            + "\n".join(message for _, message in report.errors))
    return Registry(path=path or Path(shown), contacts=tuple(_build(data["contacts"], lines, languages)),
                    warnings=tuple(report.warnings))


def _without_echoes(errors: list[jsonschema.ValidationError]) -> list[jsonschema.ValidationError]:
    """Drop 'field X is missing' when the same mapping has an unknown key that is X misspelt."""
    misspelt = set()
    for error in errors:
        if error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in allowed:
                    misspelt.update((tuple(error.absolute_path), guess)
                                    for guess in difflib.get_close_matches(str(key), allowed, n=1))
    kept = []
    for error in errors:
        if error.validator == "required":
            missing = [n for n in error.validator_value if n not in (error.instance or {})]
            if missing and (tuple(error.absolute_path), missing[0]) in misspelt:
                continue
        kept.append(error)
    return kept


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
        for key in ("superseded_by",):
            target = entry.get(key)
            if target is not None and target not in all_ids:
                report.error(at + (key,), f'found "{target}", which is not an id in this file; expected one of the ids')
        if entry["status"] == "superseded" and "superseded_by" not in entry:
            report.warn(at + ("status",), "a superseded entry does not say what replaces it; expected superseded_by: ID")


def _check_texts(report: _Report, at: tuple, entry: dict, languages: tuple[str, ...], required: tuple[str, ...]) -> None:
    texts = [((key,), entry[key]) for key in ("name", "short_name", "discreet_name", "purpose", "area", "hours", "cost")
             if key in entry]
    texts += [(("offices", n, key), office[key]) for n, office in enumerate(entry.get("offices", []))
              for key in ("city", "address")]
    if entry.get("urgent") and "short_name" not in entry:
        report.error(at + ("urgent",), 'an urgent entry needs a short_name (shown in the "get help now" strip); '
                                       "expected short_name with " + " and ".join(required))
    for field_path, value in texts:
        for code in required:
            if code not in value:
                report.error(at + field_path, f'the "{code}" text is missing; expected {_field(field_path)}.{code} '
                                              f"with the text in that language")
        for code in value:
            if code not in languages:
                report.error(at + field_path + (code,), f'found the language "{code}", which the site does not '
                                                        f"have; expected one of: {', '.join(languages)} (mkdocs.yml)")


def _check_phones(report: _Report, at: tuple, entry: dict) -> None:
    for n, phone in enumerate(entry.get("phones", [])):
        where = at + ("phones", n)
        try:
            number = checks.parse_number(phone["dial"], phone["kind"])
        except checks.NumberProblem as problem:
            report.error(where + ("dial",), str(problem))
            continue
        if not checks.same_number(phone["display"], number, phone["kind"]):
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


def _build(entries: list[dict], lines: _Lines, languages: tuple[str, ...]) -> list[Contact]:
    out = []
    for index, entry in enumerate(entries):
        phones = []
        for phone in entry.get("phones", []):
            number = checks.parse_number(phone["dial"], phone["kind"])
            whatsapp = f"https://wa.me/{number.key.lstrip('+')}" if "whatsapp" in phone["channels"] else None
            phones.append(Phone(dial=phone["dial"], display=phone["display"], kind=phone["kind"],
                                channels=tuple(phone["channels"]), tel=number.tel, key=number.key, dial_form=number.dial_form,
                                whatsapp=whatsapp, confidence=phone.get("confidence"),
                                full_display=f"(0{number.national[:-9]}) {phone['display']}" if phone["kind"] == "uan"
                                else phone["display"]))
        out.append(Contact(
            id=entry["id"], status=entry["status"], urgent=bool(entry.get("urgent", False)),
            name=_text(entry["name"], languages), short_name=_text(entry.get("short_name") or entry["name"], languages),
            purpose=_text(entry["purpose"], languages), phones=tuple(phones),
            emails=tuple(Email(e["address"], e.get("note"), e.get("confidence")) for e in entry.get("emails", [])),
            web=tuple(entry.get("web", [])),
            offices=tuple(Office(_text(o["city"], languages), _text(o["address"], languages)) for o in entry.get("offices", [])),
            area=_text(entry.get("area"), languages), hours=_text(entry.get("hours"), languages), cost=_text(entry.get("cost"), languages),
            sources=tuple(Source(s["title"], s["ref"], s.get("date")) for s in entry["sources"]),
            confidence=entry["confidence"], last_checked=dt.date.fromisoformat(entry["last_checked"]),
            notes=entry.get("notes"), line=lines.line(("contacts", index)),
            discreet_name=_text(entry.get("discreet_name"), languages),
        ))
    return out
