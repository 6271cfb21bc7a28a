"""JSON Schema errors in plain words, for editors. Not a hook; generic (no contact knowledge).

`problems(data, schema, schema_file)` validates with jsonschema (draft 2020-12, with its `format`
checker, so `"format": "date"` refuses 2026-13-01) and returns (path, message) pairs worded
`found ...; expected ...`, using each field's `description` from the schema as the expectation.
"""

from __future__ import annotations

import difflib
from typing import Any

import jsonschema

from yaml_source import describe

TYPE_WORDS = {"string": "text", "array": "a list", "object": "a set of fields", "boolean": "true or false",
              "integer": "a whole number"}


def problems(data: Any, schema: dict, schema_file: str) -> list[tuple[tuple, str]]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = list(validator.iter_errors(data))
    return [_message(error, schema, schema_file) for error in _without_echoes(errors)]


def broken_items(data: Any, schema: dict, container: str) -> set[int]:
    """Indexes of data[container] items that break the schema (checks beyond it skip them)."""
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return {e.absolute_path[1] for e in validator.iter_errors(data)
            if len(e.absolute_path) > 1 and e.absolute_path[0] == container}


def _message(error: jsonschema.ValidationError, schema: dict, schema_file: str) -> tuple[tuple, str]:
    path = tuple(error.absolute_path)
    kind, value, sub = error.validator, error.instance, error.schema
    described = sub.get("description")
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        name = missing[0] if missing else "?"
        field_schema = sub.get("properties", {}).get(name, {})
        hint = field_schema.get("description") or _ref_description(field_schema, schema)
        return path, f'the field "{name}" is missing; expected {name}: ' + (hint or f"see {schema_file}")
    if kind == "additionalProperties":
        allowed = list(sub.get("properties", {}))
        extra = [k for k in value if k not in allowed]
        key = extra[0] if extra else "?"
        guess = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f' (did you mean "{guess[0]}"?)' if guess else ""
        return path + (key,), f'unknown field "{key}"{hint}; expected one of: ' + ", ".join(allowed)
    if kind == "enum":
        return path, f"found {describe(value)}; expected one of: " + ", ".join(map(str, error.validator_value))
    if kind == "type":
        expected = TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
        hint = f' (put it in quotes: "{value}")' if isinstance(value, (int, float)) and expected == "text" else ""
        return path, f"found {describe(value)}; expected {expected}{hint}"
    if "propertyNames" in error.absolute_schema_path:
        return path + (value,), (f"found the language key {describe(value)}; expected a two-letter "
                                 "language code such as en or ur")
    if kind in ("pattern", "format"):
        return path, f"found {describe(value)}; expected {described or 'the form in ' + schema_file}"
    if kind in ("minItems", "minLength", "minProperties"):
        return path, f"found {describe(value)}, which is empty; expected at least one value"
    if kind == "maxLength":
        return path, f"found {describe(value)}, which is too long; expected at most {error.validator_value} characters"
    if kind == "uniqueItems":
        return path, f"found {describe(value)} with a value listed twice; expected each value once"
    return path, f"found {describe(value)}; {error.message}"


def _ref_description(field_schema: dict, schema: dict) -> str | None:
    ref = field_schema.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return schema["$defs"][ref.split("/")[-1]].get("description")
    return None


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
