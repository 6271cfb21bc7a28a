"""Write dist/<name>-<version>.zip: the built site, a SHA256SUMS manifest, MIRRORING.md, verify.py and nginx.conf.

    python tools/bundle.py [--site-dir site] [--dist dist] [--signing-key KEY]   (SIGNING_KEY=KEY also works)

The zip holds one folder, <name>-<version>/, ready to copy to a web server, a sub-folder of
another site or a memory card. Run `make site` first (`make bundle` does). With a signing key
(an OpenSSH private key, e.g. ed25519) the manifest is signed with `ssh-keygen -Y sign -n file`
into SHA256SUMS.sig, which `make verify` checks against tools/allowed_signers.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "trafficking-help"
MANIFEST = "SHA256SUMS"
SIGNATURE = "SHA256SUMS.sig"
GUIDE = ROOT / "tools" / "MIRRORING.md"
FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # the same files always make the same zip


def version() -> str:
    try:
        return subprocess.run(["git", "describe", "--tags", "--always", "--dirty"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unversioned"


def manifest(folder: Path) -> str:
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST):
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(folder).as_posix()}")
    return "\n".join(lines) + "\n"


def sign(data: bytes, key: Path) -> bytes:
    """An SSH signature (namespace "file") of data, as `ssh-keygen -Y sign` writes it."""
    keygen = shutil.which("ssh-keygen")
    if not keygen:
        raise SystemExit("SIGNING_KEY is set, but ssh-keygen (OpenSSH) is not installed to sign with it")
    if not key.is_file():
        raise SystemExit(f"{key}: no such signing key; expected an OpenSSH private key (SIGNING_KEY)")
    signed = subprocess.run([keygen, "-q", "-Y", "sign", "-f", str(key), "-n", "file"], input=data,
                            capture_output=True)
    if signed.returncode != 0:
        raise SystemExit(f"{key}: ssh-keygen could not sign: {signed.stderr.decode(errors='replace').strip()}")
    return signed.stdout


def bundle(site: Path, dist: Path, tag: str, signing_key: Path | None = None) -> Path:
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site} holds no built site; run `make site` first")
    top = f"{NAME}-{tag}"
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    files["MIRRORING.md"] = GUIDE.read_bytes()
    files["verify.py"] = (ROOT / "tools" / "verify.py").read_bytes()
    files["nginx.conf"] = (ROOT / "tools" / "mirror" / "nginx.conf").read_bytes()
    sums = "\n".join(f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in sorted(files.items())) + "\n"
    files[MANIFEST] = sums.encode()
    if signing_key is not None:
        files[SIGNATURE] = sign(files[MANIFEST], signing_key)
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / f"{top}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in sorted(files.items()):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--version", default=None)
    parser.add_argument("--signing-key", type=Path,
                        default=Path(os.environ["SIGNING_KEY"]) if os.environ.get("SIGNING_KEY") else None)
    args = parser.parse_args(argv)
    target = bundle(args.site_dir, args.dist, args.version or version(), args.signing_key)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    print(f"Wrote {target} ({target.stat().st_size} bytes)\nsha256 {digest}  {target.name}")
    print(f"Signed {MANIFEST} with {args.signing_key}" if args.signing_key else
          f"Not signed: set SIGNING_KEY to sign {MANIFEST} (see tools/allowed_signers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
