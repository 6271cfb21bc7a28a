"""Editors: translations kept in step, a third language in a few lines, a registry loader that
never crashes, and a build that an interruption cannot half-write."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import time

import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, contacts, languages, strings

import registry  # noqa: E402

TRANSLATIONS = [sys.executable, "tools/translations.py"]


def run(workspace, *args):
    return subprocess.run([*TRANSLATIONS, *args], cwd=workspace.root, capture_output=True, text=True)


def test_every_translation_is_up_to_date_in_the_repository():
    result = subprocess.run([*TRANSLATIONS, "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    pages = len(list((ROOT / "docs" / languages()[0]).glob("*.md")))
    total = (pages + len(contacts().contacts)) * (len(languages()) - 1)
    assert result.stdout.strip().endswith(f"{total} of {total} translations up to date.")


def test_a_changed_english_page_makes_its_urdu_page_outdated_with_a_notice(workspace):
    workspace.replace("docs/en/warning-signs.md", "\n## ", "\nA new English paragraph.\n\n## ")
    report = run(workspace, "--check")
    assert report.returncode == 1
    assert "outdated     ur  page     warning-signs.md  -> bring docs/ur/warning-signs.md in line, then: " \
           "make translations MARK=docs/ur/warning-signs.md" in report.stdout
    result = workspace.build()
    assert result.code == 0, result.output
    soup = BeautifulSoup((result.root / "ur" / "warning-signs.html").read_text("utf-8"), "html.parser")
    notice = soup.select_one("main .notice")
    assert notice is not None and strings()["ur"]["outdated"] in notice.text
    assert notice.a["href"] == "../warning-signs.html" and notice.a["hreflang"] == "en"
    other = BeautifulSoup((result.root / "ur" / "get-help.html").read_text("utf-8"), "html.parser")
    assert other.select_one("main .notice") is None
    marked = run(workspace, "--mark", "docs/ur/warning-signs.md")
    assert marked.returncode == 0
    assert run(workspace, "--check").returncode == 0


def test_missing_page_and_changed_registry_text_are_reported(workspace):
    (workspace.root / "docs" / "ur" / "smuggling.md").unlink()
    workspace.replace("data/contacts.yaml", "Free advice before you migrate for work",
                      "Free advice before you go abroad for work")
    report = run(workspace)
    assert "missing      ur  page     smuggling.md" in report.stdout
    assert "outdated     ur  contact  mrc-pakistan" in report.stdout
    assert run(workspace, "--mark-contact", "mrc-pakistan", "--language", "ur").returncode == 0
    assert "up to date   ur  contact  mrc-pakistan" in run(workspace).stdout
    assert yaml.safe_load(workspace.read("data/contacts.yaml"))  # still valid YAML


def test_a_third_language_needs_only_a_folder_and_a_few_lines_of_configuration(workspace):
    """Pashto, being brought up: one translated page, the rest falls back to English with a notice."""
    workspace.write("docs/ps/index.md", "---\ntitle: کور\ndescription: د انسانانو د قاچاق پر وړاندې مرسته\n---\n\n"
                                        "# د انسانانو د قاچاق پر وړاندې مرسته\n\nدا پاڼه ژباړل شوې ده.\n")
    workspace.replace("mkdocs.yml", "          site_name: انسانی تجارت کے خلاف مدد\n",
                      "          site_name: انسانی تجارت کے خلاف مدد\n"
                      "        - locale: ps\n          name: پښتو\n          build: true\n")
    workspace.replace("data/strings.yaml", "ur:\n", "ps: {}\nur:\n")  # direction: from Babel (hooks/locales.py)
    result = workspace.build()
    assert result.code == 0, result.output
    home = BeautifulSoup((result.root / "ps" / "index.html").read_text("utf-8"), "html.parser")
    assert home.html["lang"] == "ps" and home.html["dir"] == "rtl"
    assert home.h1.text.strip() == "د انسانانو د قاچاق پر وړاندې مرسته"
    assert {a["hreflang"] for a in home.select("a.lang-switch")} == {"en", "ur"}
    tels = {a["href"] for a in home.select('#site-helplines a[href^="tel:"]')}
    assert tels == {p.tel for e in contacts().active for p in e.phones}
    fallback = BeautifulSoup((result.root / "ps" / "get-help.html").read_text("utf-8"), "html.parser")
    assert fallback.select_one(".notice") is not None and fallback.select_one('article[lang="en"]') is not None
    english = BeautifulSoup((result.root / "index.html").read_text("utf-8"), "html.parser")
    assert "ps" in {a["hreflang"] for a in english.select("a.lang-switch")}


# --- the registry loader never crashes --------------------------------------------------------------

SITE = ("en", "ur")
TODAY = dt.date(2026, 11, 23)
REAL = (ROOT / "data" / "contacts.yaml").read_text("utf-8")


def _accepts(text: str) -> None:
    try:
        result = registry.parse(text, SITE, "data/contacts.yaml", TODAY)
    except registry.RegistryError as error:
        lines = str(error).splitlines()
        assert lines[0].startswith("data/contacts.yaml")
        for line in lines[1:] if "problem" in lines[0] else lines:
            assert line.startswith("data/contacts.yaml:") and ": " in line, line
    else:
        assert all(isinstance(entry, registry.Contact) for entry in result.contacts)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                    st.sampled_from(["active", "uan", "+92 51 111 247 786", "111-247-786", "15", "2026-13-01",
                                     "http://x", "https://x.org", "a@b", "en", "ur"]))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["contacts", "id", "name", "en", "ur", "phones", "dial", "kind", "status",
                                     "display", "channels", "sources", "title", "ref", "last_checked", "x"]),
                    inner, max_size=5)), max_leaves=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_text_loads_or_fails_with_a_clear_message(text):
    _accepts(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_yaml_document_loads_or_fails_with_a_clear_message(document):
    _accepts(yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(REAL.splitlines()) - 1), scalars)
def test_the_real_registry_with_any_one_line_changed_loads_or_fails_clearly(line, value):
    lines = REAL.splitlines()
    key, sep, _ = lines[line].partition(":")
    if sep:
        shown = yaml.safe_dump(value, allow_unicode=True).strip().splitlines()[0] if value is not None else ""
        lines[line] = f"{key}: {shown}"
    else:
        lines[line] = str(value)
    _accepts("\n".join(lines) + "\n")


# --- a build that is interrupted leaves site/ as it was -----------------------------------------------

def test_an_interrupted_build_leaves_the_last_good_site(workspace):
    first = workspace.build()
    assert first.code == 0, first.output
    before = {p.relative_to(first.root): p.read_bytes() for p in first.root.rglob("*") if p.is_file()}
    process = subprocess.Popen([sys.executable, "tools/build.py"], cwd=workspace.root, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline and not list(workspace.root.glob(".site-new-*/*")):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    process.wait(timeout=120)
    after = {p.relative_to(first.root): p.read_bytes() for p in first.root.rglob("*") if p.is_file()}
    assert after == before
    assert not list(workspace.root.glob(".site-new-*")), "the interrupted build left its folder behind"


def test_the_editors_guide_explains_only_messages_the_build_really_gives():
    """Every message fragment in CONTRIBUTING.md's table is produced by one of the bad-input cases."""
    import re
    from test_bad_input import CASES

    produced = " ".join(case.message for case in CASES) + "".join(
        (ROOT / "tests" / name).read_text("utf-8")
        for name in ("test_bad_input.py", "test_languages.py", "test_integrity.py"))
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    table = guide[guide.index("## What each check means"):guide.index("## What a reviewer checks")]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) >= 15
    for row in rows:
        for quoted in re.findall(r"`([^`]+)`", row.split("|")[1]):
            for fragment in re.split(r"\.\.\.|\bN\b", quoted):
                fragment = fragment.strip(" /")
                if len(fragment) > 4:
                    assert fragment in produced, f"CONTRIBUTING.md explains {fragment!r}, which no test produces"
    assert (ROOT / ".github" / "pull_request_template.md").is_file()
