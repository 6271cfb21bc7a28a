"""Every mistake an editor can make: one clear message (file:line: ...), a non-zero exit, no
traceback, and the last good site/ left exactly as it was.

Each case changes one thing. A mistake in the registry is checked in-process, through the loader
the build uses (as MkDocs' own config tests do): the message must be one of the lines it raises.
Every other case changes a copy of the project and runs the build as `make site` does; a few
end-to-end builds below show that a registry mistake, too, stops the real build and keeps site/.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

import registry
from conftest import ROOT, assert_refused, languages, tree

REG = "data/contacts.yaml"


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    old: str
    new: str
    message: str  # must appear in the output; "{line}" is the line of `new` in the changed file
    mark: str | None = None  # the text whose line is {line}; defaults to the first line of `new`


CASES = [
    # --- the registry -------------------------------------------------------------------------------
    Case("yaml syntax error", REG, "    urgent: true\n    name:\n      en: Rescue",
         "   urgent: true\n    name:\n      en: Rescue",
         "data/contacts.yaml:{line}: YAML syntax error", mark="   urgent: true\n    name:\n      en: Rescue"),
    Case("wrong type", REG, 'dial: "1099"', "dial: 1099",
         'data/contacts.yaml:{line}: mohr-helpline: phones[0].dial: found 1099 (a number); '
         'expected text (put it in quotes: "1099")'),
    Case("unknown field (typo)", REG, "    confidence: medium\n    last_checked: 2026-11-23\n    supersedes",
         "    confidance: medium\n    last_checked: 2026-11-23\n    supersedes",
         'data/contacts.yaml:{line}: nccia-cybercrime: confidance: unknown field "confidance" '
         '(did you mean "confidence"?)'),
    Case("missing required field", REG, "    confidence: medium\n    last_checked: 2026-11-23\n    supersedes",
         "    last_checked: 2026-11-23\n    supersedes",
         'nccia-cybercrime: the field "confidence" is missing; expected confidence:', mark="  - id: nccia-cybercrime"),
    Case("missing language", REG, "      ur: ایمبولینس، آگ اور آفات کی ہنگامی صورتحال۔\n", "",
         'rescue-1122: purpose: the "ur" text is missing; expected purpose.ur', mark="      en: Ambulance, fire"),
    Case("unknown language key", REG, "      ur: ایمبولینس، آگ", "      urdu: ایمبولینس، آگ",
         "rescue-1122: purpose.urdu: found the language key \"urdu\"; expected a two-letter language code"),
    Case("duplicate id", REG, "  - id: rescue-1122", "  - id: police-emergency",
         'data/contacts.yaml:{line}: police-emergency: id: the id "police-emergency" is already used '
         "by the entry on line 14",
         mark="  - id: police-emergency\n    status: active\n    translated:\n      ur: 88ad60754349\n"
              "    urgent: true"),
    Case("duplicate key", REG, "    urgent: true\n    name:\n      en: Rescue",
         "    urgent: true\n    urgent: true\n    name:\n      en: Rescue",
         'the field "urgent" appears twice; expected it once', mark="    urgent: true\n    name:\n      en: Rescue"),
    Case("number invalid for its kind", REG, "kind: mobile", "kind: landline",
         'mrc-pakistan: phones[0].dial: "+92 304 1112123" is a mobile number, but kind says landline; '
         "expected kind: mobile",
         mark='dial: "+92 304 1112123"'),
    Case("invalid number", REG, 'dial: "+92 51 111 345 786"', 'dial: "+92 51 111 345 78"',
         'data/contacts.yaml:{line}: fia-helpline: phones[0].dial: "+92 51 111 345 78" is not a valid number'),
    Case("UAN without its area code", REG, 'dial: "+92 51 111 247 786"', 'dial: "111-247-786"',
         'data/contacts.yaml:{line}: fia-tip-hotline: phones[0].dial: "111-247-786" is a UAN without its area code, '
         "which a mobile phone cannot dial; write it with the area code of the city where it is registered, "
         "e.g. +92 51 111 247 786 for Islamabad"),
    Case("unknown short code", REG, 'dial: "1799"\n        display: "1799"', 'dial: "1788"\n        display: "1788"',
         'data/contacts.yaml:{line}: nccia-cybercrime: phones[0].dial: "1788" is not a known Pakistani short code'),
    Case("display is another number", REG, 'display: "111-345-786"', 'display: "111-345-787"',
         'fia-helpline: phones[0].display: found "111-345-787", which is not the same number as '
         'dial "+92 51 111 345 786"'),
    Case("WhatsApp on a landline number", REG,
         "kind: uan\n        channels: [voice]\n    area:\n      en: All of Pakistan (UAN",
         "kind: uan\n        channels: [voice, whatsapp]\n    area:\n      en: All of Pakistan (UAN",
         "fia-tip-hotline: phones[0].channels: WhatsApp is listed for a uan number",
         mark="channels: [voice, whatsapp]"),
    Case("bad e-mail", REG, "address: info@mrc.org.pk", "address: info@mrc",
         'data/contacts.yaml:{line}: mrc-pakistan: emails[0].address: "info@mrc" is not a valid e-mail address'),
    Case("http:// web address", REG, "https://citizenportal.gov.pk/", "http://citizenportal.gov.pk/",
         'data/contacts.yaml:{line}: citizen-portal: web[0]: "http://citizenportal.gov.pk/" uses http://'),
    Case("malformed web address", REG, "https://citizenportal.gov.pk/", "https//citizenportal.gov.pk/",
         'data/contacts.yaml:{line}: citizen-portal: web[0]: "https//citizenportal.gov.pk/" is not a web address; '
         "expected https://domain/path"),
    Case("bad date", REG, "    last_checked: 2026-11-23\n\n  - id: rescue-1122",
         "    last_checked: 2026-13-01\n\n  - id: rescue-1122",
         'data/contacts.yaml:{line}: police-emergency: last_checked: found "2026-13-01", which is not a real date'),
    Case("date in the wrong form", REG, "    last_checked: 2026-11-23\n\n  - id: rescue-1122",
         "    last_checked: 23/11/2026\n\n  - id: rescue-1122",
         'police-emergency: last_checked: found "23/11/2026"; expected A calendar date written YYYY-MM-DD.'),
    Case("last_checked in the future", REG, "    last_checked: 2026-11-23\n\n  - id: rescue-1122",
         "    last_checked: 2999-01-01\n\n  - id: rescue-1122",
         "data/contacts.yaml:{line}: police-emergency: last_checked: found 2999-01-01, a date in the future"),
    Case("status outside the allowed values", REG, "status: unverified", "status: unverifed",
         'data/contacts.yaml:{line}: madadgaar-helpline: status: found "unverifed"; '
         "expected one of: active, unverified, superseded"),
    Case("active entry without sources", REG,
         "    sources:\n      - title: Emergency services of Punjab, Sindh and Islamabad\n"
         "        ref: the emergency services of Punjab, Sindh and Islamabad; no page address recorded\n",
         "    sources: []\n", "rescue-1122: sources: an active entry has no sources", mark="    sources: []"),
    Case("urgent entry without a short name", REG, "    short_name:\n      en: Rescue\n      ur: ریسکیو\n", "",
         'rescue-1122: urgent: an urgent entry needs a short_name',
         mark="    urgent: true\n    name:\n      en: Rescue"),
    Case("superseded_by names no entry", REG, "superseded_by: nccia-cybercrime", "superseded_by: nccia",
         'data/contacts.yaml:{line}: fia-cybercrime-wing: superseded_by: found "nccia", '
         "which is not an id in this file"),
    # --- the interface strings ----------------------------------------------------------------------
    Case("interface strings: YAML syntax error", "data/strings.yaml", "  help_now: Get help now\n",
         "  help_now: Get help: now\n", "data/strings.yaml:{line}: YAML syntax error",
         mark="  help_now: Get help: now"),
    Case("interface strings: a key missing in Urdu", "data/strings.yaml", "  help_now: فوری مدد\n", "",
         'data/strings.yaml: ur: the key "help_now" is missing; '
         'expected help_now: with the ur text for "Get help now"'),
    # --- the pages ----------------------------------------------------------------------------------
    Case("page cites an unknown contact id", "docs/en/warning-signs.md", "{{ phone: fia-tip-hotline }}",
         "{{ phone: fia-tip-hotlin }}",
         'docs/en/warning-signs.md:{line}: {{ phone: fia-tip-hotlin }}: unknown contact id "fia-tip-hotlin"'),
    Case("page cites an entry that is not shown", "docs/ur/warning-signs.md", "{{ phone: fia-tip-hotline }}",
         "{{ phone: madadgaar-helpline }}",
         'docs/ur/warning-signs.md:{line}: {{ phone: madadgaar-helpline }}: '
         'the contact "madadgaar-helpline" is unverified'),
    Case("unknown marker kind", "docs/en/warning-signs.md", "{{ phone: fia-tip-hotline }}",
         "{{ phon: fia-tip-hotline }}",
         'docs/en/warning-signs.md:{line}: {{ phon: fia-tip-hotline }}: unknown marker kind "phon"'),
    Case("marker kind the entry lacks", "docs/en/warning-signs.md", "{{ phone: fia-tip-hotline }}",
         "{{ email: fia-tip-hotline }}",
         'docs/en/warning-signs.md:{line}: {{ email: fia-tip-hotline }}: the contact "fia-tip-hotline" has no email'),
    Case("registry number typed in the text", "docs/en/smuggling.md", "\n## ",
         "\nCall +92 51 111 345 786 today.\n\n## ",
         'docs/en/smuggling.md:{line}: the number "+92 51 111 345 786" is typed in the text; expected the marker '
         "{{ phone: fia-helpline }}", mark="Call +92"),
    Case("unknown number typed in the text", "docs/ur/smuggling.md", "\n## ", "\nفون 0300 1234567 پر کریں۔\n\n## ",
         'docs/ur/smuggling.md:{line}: the number "0300 1234567" is not in data/contacts.yaml', mark="0300 1234567"),
    Case("UAN without area code typed in the text", "docs/en/smuggling.md", "\n## ", "\nOr ring 111-345-786.\n\n## ",
         'docs/en/smuggling.md:{line}: a phone number is typed in the text: '
         '"111-345-786" is a UAN without its area code',
         mark="111-345-786"),
    Case("bad tel: link", "docs/en/smuggling.md", "\n## ", "\n[Call us](tel:+92-51-12)\n\n## ",
         'docs/en/smuggling.md:{line}: tel: link "+92-51-12" is not a valid number', mark="tel:+92-51-12"),
    Case("mailto: link not in the registry", "docs/en/smuggling.md", "\n## ",
         "\n[Write](mailto:someone@example.org)\n\n## ",
         'docs/en/smuggling.md:{line}: mailto: link to "someone@example.org", '
         "which is not an active e-mail in the registry",
         mark="mailto:someone"),
    Case("WhatsApp link not in the registry", "docs/en/smuggling.md", "\n## ",
         "\n[Chat](https://wa.me/923001234567)\n\n## ",
         'docs/en/smuggling.md:{line}: WhatsApp link to "+923001234567", which is not an active number in the registry',
         mark="wa.me"),
    Case("http:// link", "docs/en/smuggling.md", "\n## ", "\n[Portal](http://citizenportal.gov.pk/)\n\n## ",
         'docs/en/smuggling.md:{line}: "http://citizenportal.gov.pk/" uses http://', mark="http://citizenportal"),
    Case("broken internal link", "docs/en/smuggling.md", "(get-help.md)", "(get-hepl.md)",
         "Doc file 'en/smuggling.md' contains a link 'get-hepl.md', but the target 'en/get-hepl.md' is not found "
         "among documentation files."),
    Case("broken anchor", "docs/ur/warning-signs.md", "(get-help.md)", "(get-help.md#no-such-section)",
         "Doc file 'ur/warning-signs.md' contains a link 'get-help.md#no-such-section', but the doc 'ur/get-help.md' "
         "does not contain an anchor '#no-such-section'."),
    Case("invalid front matter", "docs/en/smuggling.md", "description: ", "description: Smuggling: ",
         "docs/en/smuggling.md:{line}: the front matter is not valid YAML", mark="description: Smuggling"),
    Case("front matter without a title", "docs/ur/smuggling.md", "title: ", "heading: ",
         "docs/ur/smuggling.md:1: the front matter has no title; expected title: ...", mark="---"),
    Case("raw <script> in a page", "docs/en/smuggling.md", "\n## ", "\n<script>alert(1)</script>\n\n## ",
         "docs/en/smuggling.md:{line}: raw HTML <script> is not allowed in pages", mark="<script>"),
    Case("raw <iframe> in a page", "docs/ur/smuggling.md", "\n## ",
         '\n<iframe src="https://example.org/"></iframe>\n\n## ',
         "docs/ur/smuggling.md:{line}: raw HTML <iframe> is not allowed in pages", mark="<iframe"),
    Case("raw <object> in a page", "docs/en/smuggling.md", "\n## ", '\n<object data="x.swf"></object>\n\n## ',
         "raw HTML <object> is not allowed in pages", mark="<object"),
    Case("raw <embed> in a page", "docs/en/smuggling.md", "\n## ", '\n<embed src="x.swf">\n\n## ',
         "raw HTML <embed> is not allowed in pages", mark="<embed"),
    Case("raw <style> in a page", "docs/en/smuggling.md", "\n## ", "\n<style>body{display:none}</style>\n\n## ",
         "docs/en/smuggling.md:{line}: raw HTML <style> is not allowed in pages", mark="<style>"),
    Case("on...= handler in a page", "docs/en/smuggling.md", "\n## ", '\n<p onclick="steal()">Hi</p>\n\n## ',
         'docs/en/smuggling.md:{line}: the HTML attribute onclick="..." runs script and is not allowed',
         mark="onclick"),
    Case("image from another host in a page", "docs/en/smuggling.md", "\n## ",
         "\n![map](https://maps.example.org/x.png)\n\n## ",
         "smuggling.html: the page would load <img> https://maps.example.org/x.png from outside this site"),
    Case("javascript: link in a page", "docs/en/smuggling.md", "\n## ", "\n[Hi](javascript:alert(1))\n\n## ",
         'docs/en/smuggling.md:{line}: the link "javascript:alert(1)" runs script and is not allowed',
         mark="javascript:"),
]


def _expected(case: Case, changed: str) -> str:
    if "{line}" not in case.message:
        return case.message
    mark = case.mark or case.new.strip("\n").splitlines()[0]
    line = changed[: changed.index(mark)].count("\n") + 1 + (len(mark) - len(mark.lstrip("\n")))
    return case.message.replace("{line}", str(line))


REGISTRY_CASES = [case for case in CASES if case.file == REG]
BUILD_CASES = [case for case in CASES if case.file != REG]


@pytest.mark.parametrize("case", REGISTRY_CASES, ids=[case.name for case in REGISTRY_CASES])
def test_each_registry_mistake_gets_one_clear_message(case):
    text = (ROOT / REG).read_text("utf-8")
    assert case.old in text, f"{case.old!r} not in {REG}: the test's input no longer matches the file"
    changed = text.replace(case.old, case.new, 1)
    expected = _expected(case, changed)
    with pytest.raises(registry.RegistryError) as raised:
        registry.parse(changed.encode("utf-8"), tuple(languages()), REG, dt.date.today())
    assert expected in str(raised.value), f"expected message not found:\n{expected}\n--- raised ---\n{raised.value}"
    assert all(line.startswith(REG) for line in str(raised.value).splitlines()), raised.value


@pytest.mark.parametrize("case", BUILD_CASES, ids=[case.name for case in BUILD_CASES])
def test_each_mistake_gets_one_clear_message_and_keeps_the_last_good_site(case, workspace, good_site):
    import shutil
    shutil.copytree(good_site, workspace.root / "site")
    before = tree(workspace.root / "site")

    workspace.replace(case.file, case.old, case.new)
    expected = _expected(case, workspace.read(case.file))

    result = workspace.build()

    assert_refused(result, workspace, before, expected, case.name)


def test_registry_problems_are_all_reported_at_once(workspace):
    workspace.replace(REG, "address: info@mrc.org.pk", "address: info@mrc")
    workspace.replace(REG, "https://citizenportal.gov.pk/", "http://citizenportal.gov.pk/")
    result = workspace.build()
    assert result.code != 0
    assert "data/contacts.yaml has 2 problems:" in result.output
    assert "mrc-pakistan: emails[0].address" in result.output and "citizen-portal: web[0]" in result.output


def test_stale_entry_is_a_warning_that_fails_the_strict_build(workspace):
    workspace.replace(REG, "    last_checked: 2026-11-23\n\n  - id: rescue-1122",
                      "    last_checked: 2020-01-01\n\n  - id: rescue-1122")
    result = workspace.build()
    assert result.code != 0
    assert "WARNING: data/contacts.yaml:" in result.output
    assert "police-emergency: last_checked: last checked on 2020-01-01, more than 12 months ago" in result.output


def test_a_good_build_replaces_site_and_leaves_nothing_behind(workspace):
    first = workspace.build()
    assert first.code == 0, first.output
    (workspace.root / "site" / "stale-file.html").write_text("old")
    second = workspace.build()
    assert second.code == 0, second.output
    assert not (workspace.root / "site" / "stale-file.html").exists()
    assert not list(workspace.root.glob(".site-*"))


def test_dates_in_text_are_not_taken_for_phone_numbers():
    import page_checks
    found = [m.raw_string for m in page_checks.typed_numbers(
        "Checked on 2026-11-23 and 2025-06-01. Call 111-345-786 or 0304 1112123, not 2026-13-45.")]
    assert found == ["111-345-786", "0304 1112123", "2026-13-45"]
