"""Check a mirror folder against its SHA256SUMS: every missing, extra or changed file.

    python tools/verify.py DIR        (make verify DIR=...)

DIR is the unpacked <name>-<version>/ folder of a bundle, or a copy of it on a server or memory
card. Exit 0 when every file is there and unchanged; 1 with one line per problem otherwise.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

MANIFEST = "SHA256SUMS"


def problems(folder: Path) -> list[str]:
    listing = folder / MANIFEST
    if not listing.is_file():
        return [f"{listing}: missing; expected the {MANIFEST} file that came with the bundle"]
    expected: dict[str, str] = {}
    for number, line in enumerate(listing.read_text("utf-8").splitlines(), 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            return [f"{listing}:{number}: not a checksum line; expected '<sha256>  <path>'"]
        expected[name] = digest
    found = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST}
    out = []
    for name in sorted(expected):
        if name == MANIFEST:
            continue
        if name not in found:
            out.append(f"missing: {name}")
        elif hashlib.sha256(found[name].read_bytes()).hexdigest() != expected[name]:
            out.append(f"changed: {name}")
    out += [f"extra: {name}" for name in sorted(set(found) - set(expected))]
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python tools/verify.py DIR  (the unpacked bundle folder)", file=sys.stderr)
        return 2
    folder = Path(args[0])
    if not folder.is_dir():
        print(f"{folder}: not a folder; expected the unpacked bundle folder", file=sys.stderr)
        return 2
    found = problems(folder)
    for line in found:
        print(line)
    if found:
        print(f"{folder}: {len(found)} problem(s); this copy does not match its manifest. Do not publish it.")
        return 1
    print(f"{folder}: every file matches {MANIFEST}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
