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
import re
import shutil
import signal
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
        message = record.getMessage()
        print(f"{record.levelname}: {message}", file=sys.stderr)
        annotate(record.levelname, message)


def annotate(level: str, message: str) -> None:
    """Under GitHub Actions, also print the message as a workflow annotation on the file and line it
    names (`data/contacts.yaml:42: ...`), so that it shows on the changed line of a pull request."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    for line in message.splitlines():
        match = _LOCATION.match(line)
        kind = "error" if level in ("ERROR", "CRITICAL") else "warning" if level == "WARNING" else None
        if kind is None:
            continue
        text = line.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        where = f" file={match.group('file')},line={match.group('line')}" if match else ""
        print(f"::{kind}{where}::{text}", file=sys.stderr)


_LOCATION = re.compile(r"^(?:ERROR: |WARNING: )?(?P<file>[\w./-]+\.(?:md|ya?ml|json|html)):(?P<line>\d+):")


def _publishable(folder: Path) -> None:
    """Folders 0755 and files 0644, whatever the umask or tempfile chose: a partner's web server
    (another user) must be able to read every file, also after `cp -a site/. mirror/`."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def _sweep(parent: Path, name: str) -> None:
    """Remove what a killed build left behind (.site-new-PID-*, .site-old-PID-*), unless that build still runs."""
    pattern = re.compile(rf"^\.{re.escape(name)}-(?:new|old)-(\d+)-")
    for leftover in parent.iterdir():
        match = pattern.match(leftover.name)
        if not match or (int(match.group(1)) != os.getpid() and _running(int(match.group(1)))):
            continue
        shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
_building: Path | None = None  # the unfinished folder, while there is one


def _stop_on_signal(signum, frame) -> None:
    """Remove the unfinished folder and stop at once. Not by raising SystemExit: Python prints and
    ignores an exception raised while it runs a __del__ method or a weakref callback, and the build
    would go on and publish."""
    if _building is not None:
        shutil.rmtree(_building, ignore_errors=True)
    published = _building is None or "-new-" not in _building.name
    outcome = "the new site was already published" if published else "the site was left as it was"
    os.write(2, f"Stopped by signal {signum}; {outcome}.\n".encode())
    os._exit(128 + signum)


def console_logging() -> logging.Handler:
    """Print MkDocs' warnings and errors as `LEVEL: message`, keeping them visible to the strict count."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)  # the strict counter sees warnings only if they are logged
    logger.propagate = False
    console = _Console(level=logging.WARNING)
    logger.addHandler(console)
    notices = logging.getLogger("site")  # notices for editors that must not fail the strict build
    notices.propagate = False
    notices.addHandler(console)
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
    _sweep(target.parent, target.name)
    global _building
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)  # no stop between the handler and its folder
    for signum in SIGNALS:
        signal.signal(signum, _stop_on_signal)
    fresh = _building = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-{os.getpid()}-", dir=target.parent))
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    try:
        build_into(config_file, fresh)
        _publishable(fresh)
    except (exceptions.MkDocsException, exceptions.Abort) as error:
        # PluginError and ConfigurationError messages were written for editors; Abort sums up.
        message = getattr(error, "message", None) or str(error)
        print(message if isinstance(error, exceptions.Abort) else f"ERROR: {message}", file=sys.stderr)
        if not isinstance(error, exceptions.Abort):
            annotate("ERROR", message)
        print(f"The build failed; {target.name}/ was left as it was.", file=sys.stderr)
        shutil.rmtree(fresh, ignore_errors=True)
        return 1
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(console)
        logging.getLogger("site").removeHandler(console)

    # The two renames are never cut in half: a signal that comes meanwhile waits until they are done.
    # From here on a signal still ends the process with a non-zero code (at the end by the default
    # action, which also works while the interpreter shuts down) and leaves no folder behind.
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-{os.getpid()}-", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(fresh, target)
    _building = old  # published; if stopped now, only the previous site is left to remove
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    if old:
        shutil.rmtree(old, ignore_errors=True)
    _building = None
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
    print(f"Built the site into {target}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
