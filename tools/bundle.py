"""Write dist/<name>-<version>.zip: the built site, a SHA256SUMS manifest, MIRRORING.md and verify.py.

    python tools/bundle.py [--site-dir site] [--dist dist]

The zip holds one folder, <name>-<version>/, ready to copy to a web server, a sub-folder of
another site or a memory card. Run `make site` first (`make bundle` does).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "trafficking-help"
MANIFEST = "SHA256SUMS"
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


def bundle(site: Path, dist: Path, tag: str) -> Path:
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site} holds no built site; run `make site` first")
    top = f"{NAME}-{tag}"
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    files["MIRRORING.md"] = GUIDE.read_bytes()
    files["verify.py"] = (ROOT / "tools" / "verify.py").read_bytes()
    sums = "\n".join(f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in sorted(files.items())) + "\n"
    files[MANIFEST] = sums.encode()
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
    args = parser.parse_args(argv)
    target = bundle(args.site_dir, args.dist, args.version or version())
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    print(f"Wrote {target} ({target.stat().st_size} bytes)\nsha256 {digest}  {target.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
