"""Build the site atomically: into a new folder beside site/, swapped in only when every check passed.

    python tools/build.py [--config-file mkdocs.yml] [--site-dir site]

A failed or interrupted build leaves the previous site/ exactly as it was. Editors' mistakes are
printed as the hooks word them (file:line: ...), with no traceback, and the exit code is 1.
Warnings count: the build is strict. (`mkdocs build -q` would hide warnings from the strict count,
so this script sets up logging itself and prints warnings and errors only.)
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner, not an editor's concern

from mkdocs import exceptions  # noqa: E402
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


class _Console(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        print(f"{record.levelname}: {record.getMessage()}", file=sys.stderr)


def console_logging() -> logging.Handler:
    """Print MkDocs' warnings and errors as `LEVEL: message`, keeping them visible to the strict count."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)  # the strict counter sees warnings only if they are logged
    logger.propagate = False
    console = _Console(level=logging.WARNING)
    logger.addHandler(console)
    return console


def build_into(config_file: Path, site_dir: Path) -> None:
    """Build the site into site_dir (created or emptied); raise on any error or warning."""
    build_config(load_config(str(config_file), site_dir=str(site_dir), strict=True))


def build_config(config) -> None:
    """Build from a loaded configuration (tools/bench.py loads one with overrides)."""
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    config_file = args.config_file.resolve()
    target = (args.site_dir or config_file.parent / "site").resolve()

    console = console_logging()

    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        build_into(config_file, fresh)
    except (exceptions.MkDocsException, exceptions.Abort) as error:
        # PluginError and ConfigurationError messages were written for editors; Abort sums up.
        message = getattr(error, "message", None) or str(error)
        print(message if isinstance(error, exceptions.Abort) else f"ERROR: {message}", file=sys.stderr)
        print(f"The build failed; {target.name}/ was left as it was.", file=sys.stderr)
        shutil.rmtree(fresh, ignore_errors=True)
        return 1
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(console)

    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(fresh, target)
    if old:
        shutil.rmtree(old, ignore_errors=True)
    print(f"Built the site into {target}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
