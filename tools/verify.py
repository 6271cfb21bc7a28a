"""Check a copy of the site against its SHA256SUMS and, when signed, the publisher's signature.

    python tools/verify.py COPY [--allowed-signers FILE] [--require-signature]
    (make verify DIR=COPY [ALLOWED_SIGNERS=FILE])

COPY is the bundle's zip, the folder it unzips to (the files one level down), the
<name>-<version>/ folder inside it, or a copy of that folder on a server or memory card. The
answer is one of three:

  authentic    every file matches SHA256SUMS, and SHA256SUMS.sig is a good `ssh-keygen -Y sign`
               signature (namespace "file") by a key in the allowed-signers file
  intact       every file matches SHA256SUMS, but there is no signature or it is by no listed
               key: anyone could have made such a copy, a changed one with a new manifest too
  changed      a file is missing, extra or different, or the signature does not match the
               manifest: do not publish it

The allowed-signers file is the project's `tools/allowed_signers` (never one inside the copy being
checked). When it lists a key, or with --require-signature, a signature is expected and an
unsigned copy fails. Exit 0 for authentic (or intact when no signature is expected), 1 otherwise,
2 for a wrong call.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

MANIFEST = "SHA256SUMS"
SIGNATURE = "SHA256SUMS.sig"
NAMESPACE = "file"
ALLOWED_SIGNERS = Path(__file__).resolve().parent / "allowed_signers"  # in the project: tools/allowed_signers


def locate(folder: Path) -> tuple[Path, list[str]]:
    """The folder holding SHA256SUMS: the one given, or the one folder inside it (an unzipped bundle);
    with anything found beside that folder."""
    if (folder / MANIFEST).is_file():
        return folder, []
    inside = [p for p in folder.iterdir() if p.is_dir() and (p / MANIFEST).is_file()]
    if len(inside) != 1:
        raise LookupError(f"{folder}: no {MANIFEST} in it or in one folder inside it; expected the unzipped "
                          "bundle (or its trafficking-help-<version>/ folder)")
    beside = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir() if p != inside[0])
    return inside[0], [f"extra: ../{name} (beside {inside[0].name}/)" for name in beside]


def problems(folder: Path) -> list[str]:
    """Every missing, changed or extra file of `folder` (which holds SHA256SUMS), one line each."""
    listing = folder / MANIFEST
    if not listing.is_file():
        return [f"{listing}: missing; expected the {MANIFEST} file that came with the bundle"]
    expected: dict[str, str] = {}
    for number, line in enumerate(listing.read_text("utf-8").splitlines(), 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            return [f"{listing}:{number}: not a checksum line; expected '<sha256>  <path>'"]
        expected[name] = digest
    top = {MANIFEST, SIGNATURE}  # only the manifest at the top is not listed in itself (not ur/SHA256SUMS)
    found = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
    found = {name: path for name, path in found.items() if name not in top}
    out = []
    for name in sorted(expected):
        if name not in found:
            out.append(f"missing: {name}")
        elif hashlib.sha256(found[name].read_bytes()).hexdigest() != expected[name]:
            out.append(f"changed: {name}")
    out += [f"extra: {name}" for name in sorted(set(found) - set(expected))]
    return out


def signature(folder: Path, allowed: Path | None) -> tuple[str, str]:
    """("good", principal) | ("none", why) | ("unknown", why) | ("bad", why) for folder's SHA256SUMS.sig."""
    sig = folder / SIGNATURE
    if not sig.is_file():
        return "none", f"there is no {SIGNATURE}"
    if allowed is None or not allowed.is_file():
        return "unknown", f"{SIGNATURE} is there, but no allowed-signers file to check it against"
    keygen = shutil.which("ssh-keygen")
    if not keygen:
        return "unknown", f"{SIGNATURE} is there, but ssh-keygen (OpenSSH) is not installed to check it"
    found = subprocess.run([keygen, "-Y", "find-principals", "-s", str(sig), "-f", str(allowed)],
                           capture_output=True, text=True)
    principals = found.stdout.split()
    if found.returncode != 0 or not principals:
        return "unknown", f"{SIGNATURE} is not by a key listed in {allowed}"
    check = subprocess.run([keygen, "-Y", "verify", "-f", str(allowed), "-I", principals[0], "-n", NAMESPACE,
                            "-s", str(sig)], input=(folder / MANIFEST).read_bytes(), capture_output=True)
    if check.returncode != 0:
        return "bad", f"{SIGNATURE} does not match {MANIFEST}: the manifest was changed after it was signed"
    return "good", principals[0]


def expects_signature(allowed: Path | None) -> bool:
    """A signature is expected once the allowed-signers file lists a key."""
    if allowed is None or not allowed.is_file():
        return False
    return any(line.strip() and not line.lstrip().startswith("#") for line in allowed.read_text("utf-8").splitlines())


def check(copy: Path, allowed: Path | None, require: bool) -> tuple[int, list[str]]:
    """Exit code and the lines to print for one copy (a folder)."""
    try:
        folder, beside = locate(copy)
    except LookupError as error:
        return 1, [str(error)]
    found = beside + problems(folder)
    state, detail = signature(folder, allowed)
    if state == "bad":
        found.append(f"signature: {detail}")
    if found:
        return 1, found + [f"CHANGED: {copy} does not match what was published ({len(found)} problem(s)). "
                           "Do not publish it."]
    if state == "good":
        return 0, [f"AUTHENTIC: every file matches {MANIFEST}, signed by {detail}."]
    expected = require or expects_signature(allowed)
    lines = [f"INTACT, NOT AUTHENTICATED: every file matches {MANIFEST}, but {detail}. Anyone could have "
             "made such a copy, including a changed one with a new manifest."]
    if expected:
        return 1, lines + ["A signature was expected (the allowed-signers file lists a publisher key): "
                           "do not publish this copy; ask the project for a signed release."]
    return 0, lines + ["Compare the zip's checksum with the one the project published with it."]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("copy", type=Path, help="the bundle's zip, the folder it unzips to, or a copy of the site")
    parser.add_argument("--allowed-signers", type=Path,
                        default=Path(os.environ["ALLOWED_SIGNERS"]) if os.environ.get("ALLOWED_SIGNERS") else
                        (ALLOWED_SIGNERS if ALLOWED_SIGNERS.is_file() else None),
                        help="publisher keys in ssh-keygen's allowed-signers format (default: tools/allowed_signers)")
    parser.add_argument("--require-signature", action="store_true", help="an unsigned copy fails")
    args = parser.parse_args(argv)
    if args.allowed_signers is not None and not args.allowed_signers.is_file():
        print(f"{args.allowed_signers}: no such allowed-signers file", file=sys.stderr)
        return 2
    copy = args.copy
    if args.allowed_signers is not None and copy.resolve() in args.allowed_signers.resolve().parents:
        print(f"{args.allowed_signers}: inside the copy being checked, so it proves nothing; using none "
              "(pass the project's tools/allowed_signers with --allowed-signers)")
        args.allowed_signers = None
    if copy.is_file() and zipfile.is_zipfile(copy):
        with tempfile.TemporaryDirectory() as unpacked, zipfile.ZipFile(copy) as archive:
            archive.extractall(unpacked)
            code, lines = check(Path(unpacked), args.allowed_signers, args.require_signature)
        lines = [line.replace(unpacked, str(copy)) for line in lines]
    elif copy.is_dir():
        code, lines = check(copy, args.allowed_signers, args.require_signature)
    else:
        print(f"{copy}: neither a folder nor a zip file; expected the bundle's zip or the folder it unzips to",
              file=sys.stderr)
        return 2
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
