"""Releases: `make bundle` signs the manifest when a key is configured; `make verify` takes the zip,
the folder it unzips to or the folder inside, and says authentic, intact (not authenticated) or
changed. Keys are made fresh in a temporary folder; the project's private key never is.

Without ssh-keygen (Debian package openssh-client) the signature tests skip; under CI that is a failure.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, contacts

import bundle  # noqa: E402  tools/bundle.py

VERIFY = ROOT / "tools" / "verify.py"


def _need_keygen() -> str:
    keygen = shutil.which("ssh-keygen")
    if not keygen:
        if os.environ.get("CI"):
            pytest.fail("ssh-keygen is not installed; .ci/run installs it (Debian package openssh-client)")
        pytest.skip("ssh-keygen is not installed (Debian package openssh-client); CI installs it")
    return keygen


def _key(folder: Path, name: str) -> tuple[Path, str]:
    keygen = _need_keygen()
    folder.mkdir(parents=True, exist_ok=True)
    private = folder / name
    subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(private)], check=True)
    return private, (folder / f"{name}.pub").read_text().split(" ", 2)[:2]


@pytest.fixture
def keys(tmp_path):
    """The publisher's key pair, an allowed-signers file listing it, and a stranger's key."""
    publisher, public = _key(tmp_path / "keys", "publisher")
    stranger, _ = _key(tmp_path / "keys", "stranger")
    allowed = tmp_path / "keys" / "allowed_signers"
    allowed.write_text(f'# test publisher\nreleases@test namespaces="file" {" ".join(public)}\n', "utf-8")
    return publisher, stranger, allowed


def verify(copy: Path, allowed: Path | None = None) -> subprocess.CompletedProcess:
    extra = ["--allowed-signers", str(allowed)] if allowed else []
    return subprocess.run([sys.executable, str(VERIFY), str(copy), *extra], capture_output=True, text=True)


def unzip(archive: Path, into: Path) -> Path:
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(into)
    return into


def regenerate_manifest(folder: Path) -> None:
    """What a forger does after changing a file: a new SHA256SUMS that matches."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in {"SHA256SUMS", "SHA256SUMS.sig"})
    (folder / "SHA256SUMS").write_text("".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}\n" for p in files), "utf-8")


def change_a_number(folder: Path) -> None:
    number = contacts().by_id["fia-tip-hotline"].phones[0].display
    page = folder / "ur" / "get-help.html"
    page.write_text(page.read_text("utf-8").replace(number, number[:-1] + "7"), "utf-8")


def test_a_signed_bundle_is_authentic_as_zip_unzipped_folder_and_inner_folder(site, tmp_path, keys):
    publisher, _, allowed = keys
    archive = bundle.bundle(site.root, tmp_path / "dist", "test", publisher)
    unzipped = unzip(archive, tmp_path / "unzipped")
    inner = unzipped / "trafficking-help-test"
    assert (inner / "SHA256SUMS.sig").read_text().startswith("-----BEGIN SSH SIGNATURE-----")
    for copy in (archive, unzipped, inner):
        result = verify(copy, allowed)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith("AUTHENTIC:") and "releases@test" in result.stdout, result.stdout


def test_an_unsigned_bundle_is_intact_and_passes_only_while_no_signature_is_expected(site, tmp_path, keys):
    _, _, allowed = keys
    archive = bundle.bundle(site.root, tmp_path / "dist", "test")
    no_keys = tmp_path / "no-keys"
    no_keys.write_text("# no publisher key yet\n", "utf-8")
    result = verify(archive, no_keys)
    assert result.returncode == 0 and result.stdout.startswith("INTACT, NOT AUTHENTICATED:"), result.stdout
    result = verify(archive, allowed)
    assert result.returncode == 1, result.stdout
    assert result.stdout.startswith("INTACT, NOT AUTHENTICATED:") and "A signature was expected" in result.stdout


def test_a_forged_copy_with_a_regenerated_manifest_is_caught(site, tmp_path, keys):
    publisher, stranger, allowed = keys
    archive = bundle.bundle(site.root, tmp_path / "dist", "test", publisher)
    folder = unzip(archive, tmp_path / "forged") / "trafficking-help-test"
    change_a_number(folder)
    regenerate_manifest(folder)
    # The old signature kept: it no longer matches the manifest.
    result = verify(folder, allowed)
    assert result.returncode == 1, result.stdout
    assert result.stdout.startswith("signature:") and "CHANGED" in result.stdout, result.stdout
    # Signed again with a key the project does not list: intact, but not authentic, and a signature is expected.
    (folder / "SHA256SUMS.sig").write_bytes(bundle.sign((folder / "SHA256SUMS").read_bytes(), stranger))
    result = verify(folder, allowed)
    assert result.returncode == 1 and "is not by a key listed" in result.stdout, result.stdout
    # The signature removed: the same.
    (folder / "SHA256SUMS.sig").unlink()
    result = verify(folder, allowed)
    assert result.returncode == 1 and "there is no SHA256SUMS.sig" in result.stdout, result.stdout


def test_verify_reports_an_extra_file_anywhere_and_beside_the_folder(site, tmp_path):
    archive = bundle.bundle(site.root, tmp_path / "dist", "test")
    unzipped = unzip(archive, tmp_path / "unzipped")
    inner = unzipped / "trafficking-help-test"
    (inner / "ur" / "SHA256SUMS").write_text("not ours\n", "utf-8")
    (unzipped / "notes.txt").write_text("not ours\n", "utf-8")
    result = verify(unzipped)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == ["extra: ../notes.txt (beside trafficking-help-test/)",
                                              "extra: ur/SHA256SUMS"]
    assert "CHANGED" in result.stdout


def test_verify_refuses_an_allowed_signers_file_inside_the_copy(site, tmp_path, keys):
    publisher, _, allowed = keys
    archive = bundle.bundle(site.root, tmp_path / "dist", "test", publisher)
    folder = unzip(archive, tmp_path / "copy") / "trafficking-help-test"
    planted = folder / "allowed_signers"
    shutil.copy(allowed, planted)
    result = verify(folder, planted)
    assert result.returncode == 1 and "proves nothing" in result.stdout and "extra: allowed_signers" in result.stdout


def test_the_shipped_allowed_signers_file_is_valid():
    """Comments only until the publisher adds a key; every other line names a principal, the file
    namespace and a public key."""
    lines = [line for line in (ROOT / "tools" / "allowed_signers").read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    for line in lines:
        principal, options, kind, key = line.split()[:4]
        assert options == 'namespaces="file"' and kind.startswith(("ssh-", "ecdsa-")) and len(key) > 40, line
