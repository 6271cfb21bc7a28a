"""Integrity: what a reader sees is exactly what was reviewed.

Each variant is one change an editor (or an attacker with editor access) could make to a page, the
registry, data/strings.yaml or mkdocs.yml, built as `make site` builds. A variant is either refused
(its message, a non-zero exit, no traceback, site/ unchanged, no leftover folder) or accepted in a
normalised, harmless form (text shown as text, digits folded to ASCII), and then the output passes
the audit. The registry and strings loaders are also tested in-process, and fuzzed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, Workspace, assert_refused, lang_dir, languages, tree

import registry

REG = "data/contacts.yaml"
STR = "data/strings.yaml"
EN, UR = "docs/en/smuggling.md", "docs/ur/smuggling.md"
REFRESH = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8))


@dataclass(frozen=True)
class Variant:
    name: str
    file: str
    old: str
    new: str | bytes
    message: str


def _para(text: str) -> tuple[str, str]:
    """Insert a paragraph before the page's second section."""
    return "\n## ", f"\n{text}\n\n## "


REFUSED = [
    # files copied as they are
    Variant("an .html file in docs/", "docs/en/evil.html", "", "<script>alert(1)</script>",
            "docs/en/evil.html:1: a .html file in docs/, which would be published as it is without any check"),
    Variant("a .js file in docs/", "docs/ur/app.js", "", "alert(1)",
            "docs/ur/app.js:1: a .js file in docs/, which would be published as it is without any check"),
    Variant("an .svg file in docs/", "docs/en/logo.svg", "", "<svg onload=alert(1)/>",
            "docs/en/logo.svg:1: a .svg file in docs/"),
    Variant("a forged search form pointing at another script", EN, *_para(
        '<form id="site-search" data-index="evil.js"></form>'), "raw HTML <form> is not allowed in pages"),
    Variant("a page imitating the layout's ids", UR, *_para('<p id="site-helplines">x</p>'),
            '''the id "site-helplines" belongs to the site's own layout and is not allowed in pages'''),
    # markup that acts
    Variant("a raw meta refresh in a page", EN, *_para(REFRESH), "raw HTML <meta> is not allowed in pages"),
    Variant("a meta referrer in an Urdu page", UR, *_para('<meta name="referrer" content="unsafe-url">'),
            "raw HTML <meta> is not allowed in pages"),
    Variant("a style attribute through attr_list", EN, *_para('Hidden text.\n{ style="display:none" }'),
            'the HTML attribute style="..." is not allowed in pages'),
    Variant("an unclosed template swallowing the layout", EN, *_para("<template>"),
            "raw HTML <template> is not allowed in pages"),
    Variant("a hidden div swallowing the layout", UR, *_para("<div hidden>"),
            'the HTML attribute hidden="..." is not allowed in pages'),
    # addresses that lie
    Variant("mailto with a bcc", EN, *_para("[Write](mailto:complaints@fia.gov.pk?bcc=spy@evil.example)"),
            'mailto: link "mailto:complaints@fia.gov.pk?bcc=spy@evil.example" carries parameters'),
    Variant("a link with a user name before the host", UR, *_para("[پورٹل](https://citizenportal.gov.pk@evil.example/)"),
            'has "citizenportal.gov.pk@" before its host, so it leads to evil.example'),
    Variant("a look-alike host in a page link", EN, *_para("[Portal](https://сitizenportal.gov.pk/)"),
            '(U+0441 CYRILLIC SMALL LETTER ES) in its host'),
    Variant("a scheme-relative link", UR, *_para("[x](//evil.example/)"),
            'leads to another host without saying how (//)'),
    # checks that could be slipped past
    Variant("a number split by bold", EN, *_para("Call 0300 **123** 4567 now."),
            'the number "0300 123 4567" is not in data/contacts.yaml'),
    Variant("a number in character references", UR, *_para("فون &#48;&#51;&#48;&#48; 1234567 پر کریں۔"),
            'the number "0300 1234567" is not in data/contacts.yaml'),
    Variant("a number in Urdu digits", UR, *_para("فون ۰۳۰۰ ۱۲۳۴۵۶۷ پر کریں۔"),
            'the number "0300 1234567" is not in data/contacts.yaml'),
    Variant("the number of an unverified entry", EN, *_para("Call 1098 for help."),
            'the number '
            '"1098" of the contact "madadgaar-helpline" is typed in the text, but that contact is unverified'),
    Variant("a marker without a colon", EN, *_para("Call {{phone fia-tip-hotline}}."),
            'found "{{phone fia-tip-hotline}}.", which looks like a misspelt contact marker'),
    Variant("a marker with one brace missing", UR, *_para("کال کریں {{ phone: fia-tip-hotline }۔"),
            "which looks like a misspelt contact marker and would be shown to readers as it is"),
    # the number shown is not the number dialled
    Variant("a right-to-left override in a display", REG, 'display: "111-247-786"', 'display: "\u202e111-247-786"',
            "fia-tip-hotline: phones[0].display: found the invisible character U+202E RIGHT-TO-LEFT OVERRIDE"),
    Variant("a zero-width space in a display", REG, 'display: "1122"', 'display: "11\u200b22"',
            "rescue-1122: phones[0].display: found the invisible character U+200B ZERO WIDTH SPACE"),
    Variant("a superscript digit in a dial", REG, 'dial: "1122"', 'dial: "112²"',
            'rescue-1122: phones[0].dial: found "²" (U+00B2 SUPERSCRIPT TWO), which looks like a digit but is not one'),
    Variant("a number of another country", REG, 'dial: "+92 304 1112123"', 'dial: "+971 50 123 4567"',
            'mrc-pakistan: phones[0].dial: "+971 50 123 4567" is a number in AE, not in PK'),
    # addresses in the registry
    Variant("a look-alike host in the registry", REG, "- https://citizenportal.gov.pk/", "- https://сitizenportal.gov.pk/",
            'citizen-portal: web[0]: "https://сitizenportal.gov.pk/" has the letter "с"'),
    Variant("a web address breaking out of its attribute", REG, "- https://citizenportal.gov.pk/",
            "- 'https://citizenportal.gov.pk/\"><meta http-equiv=refresh content=0;url=https://evil.example>'",
            'citizen-portal: web[0]: "https://citizenportal.gov.pk/"><meta'),
    Variant("an e-mail with a bcc", REG, "address: info@mrc.org.pk", "address: info@mrc.org.pk?bcc=spy@evil.example",
            'mrc-pakistan: emails[0].address: "info@mrc.org.pk?bcc=spy@evil.example" is not a plain e-mail address'),
    # crashes and hangs
    Variant("a registry that is not UTF-8", REG, "", b"contacts:\n  - id: x\n    name: {en: \"caf\xe9\"}\n",
            "data/contacts.yaml:3: found bytes that are not UTF-8 text"),
    Variant("a page that is not UTF-8", UR, "", b"---\ntitle: x\ndescription: y\n---\n\n# \xff\xfe\n",
            "docs/ur/smuggling.md:6: found bytes that are not UTF-8 text"),
    Variant("chained aliases in the registry", REG, "contacts:\n", LAUGHS + "contacts:\n",
            "data/contacts.yaml:{line}: found the anchor &a; expected every value written out in full"),
    Variant("chained aliases in the strings", STR, "en:\n", LAUGHS + "en:\n",
            "data/strings.yaml:{line}: found the anchor &a; expected every value written out in full"),
    Variant("chained aliases in front matter", EN, "---\n", "---\n" + LAUGHS,
            "docs/en/smuggling.md:2: found the anchor &a; expected every value written out in full"),
    Variant("a placeholder typo in the Urdu strings", STR, "({numbers}) صرف", "({numbrs}) صرف",
            "ur.helplines_intro: found"),
    Variant("a placeholder typo in the English strings", STR, "dial {number}.", "dial {numbr}.",
            "en.uan_from_mobile: found \"From a mobile, dial {numbr}.\"; expected Text with the placeholder {number}"),
    Variant("a placeholder in a plain string", STR, "  help_now: Get help now\n", "  help_now: Get {help} now\n",
            'en.help_now: found "Get {help} now"; expected Plain text with no { } placeholder.'),
    Variant("a quick-exit address that is not https", "mkdocs.yml",
            "quick_exit_url: https://www.google.com/search?q=weather", "quick_exit_url: javascript:alert(1)",
            "extra.quick_exit_url: \"javascript:alert(1)\" is not a web address"),
]


def _apply(workspace: Workspace, variant: Variant) -> None:
    if isinstance(variant.new, bytes):
        path = workspace.path(variant.file)
        raw = path.read_bytes() if variant.old else b""
        path.write_bytes(raw.replace(variant.old.encode(), variant.new, 1) if variant.old else variant.new)
    elif not variant.old:
        workspace.write(variant.file, variant.new)
    else:
        workspace.replace(variant.file, variant.old, variant.new)


@pytest.mark.parametrize("variant", REFUSED, ids=[v.name for v in REFUSED])
def test_refused_with_one_clear_message(variant, workspace, good_site):
    import shutil
    shutil.copytree(good_site, workspace.root / "site")
    before = tree(workspace.root / "site")
    _apply(workspace, variant)
    message = variant.message
    if "{line}" in message:  # the line of the changed text's first line
        changed = workspace.read(variant.file)
        message = message.replace("{line}", str(changed[: changed.index(variant.new.splitlines()[0])].count("\n") + 1))
    started = time.monotonic()
    result = workspace.build()
    assert time.monotonic() - started < 120, "the build took minutes: something hangs"
    assert_refused(result, workspace, before, message, variant.name)


# --- accepted, and shown as text ----------------------------------------------------------------------

def _set_meta(workspace: Workspace, file: str, key: str, value: str) -> None:
    lines = workspace.read(file).split("\n")
    index = next(n for n, line in enumerate(lines) if line.startswith(f"{key}: "))
    lines[index] = f"{key}: {json.dumps(value, ensure_ascii=False)}"
    workspace.write(file, "\n".join(lines))


def test_markup_in_titles_registry_strings_and_site_name_is_shown_as_text(workspace):
    """One string with a meta refresh in every place an editor writes text; none may become markup."""
    _set_meta(workspace, EN, "title", f"{REFRESH} Smuggling")
    _set_meta(workspace, UR, "description", f"{REFRESH} اسمگلنگ")
    workspace.replace(REG, "      en: Ambulance, fire and disaster emergencies.", f"      en: Ambulance {REFRESH}")
    workspace.replace(REG, "      ur: ایمبولینس، آگ اور آفات کی ہنگامی صورتحال۔", f"      ur: ایمبولینس {REFRESH}")
    workspace.replace(STR, "  help_now: فوری مدد\n", f"  help_now: {REFRESH} فوری مدد\n")
    workspace.replace(STR, "  footer: Information", "  footer: <script src=x.js></script> Information")
    workspace.replace("mkdocs.yml", "site_name: Help against", f"site_name: {REFRESH} Help against")
    workspace.replace("mkdocs.yml", "          site_name: انسانی", "          site_name: <b>x</b> انسانی")
    result = workspace.build()
    assert result.code == 0, result.output
    shipped = list(result.root.rglob("*.html"))
    assert len(shipped) > 30
    for path in shipped:
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        assert not soup.select('meta[http-equiv="refresh"]'), f"{path}: markup from data became a meta refresh"
        assert all(tag.get("src") in (None, "assets/site.js", "../assets/site.js")
                   or tag.get("src", "").endswith("assets/site.js")
                   for tag in soup.find_all("script")), f"{path}: a script from data"
        assert not soup.find("b", string="x"), f"{path}: markup from mkdocs.yml"
    home = (result.root / "index.html").read_text("utf-8")
    assert "&lt;meta http-equiv=&#34;refresh&#34;" in home or "&lt;meta http-equiv=&quot;refresh&quot;" in home
    assert "&lt;script src=x.js&gt;&lt;/script&gt;" in home


def test_digits_of_any_script_become_ascii_in_every_output(workspace):
    workspace.replace(REG, 'dial: "15"\n        display: "15"', 'dial: "۱۵"\n        display: "١٥"')
    workspace.replace(REG, 'dial: "+92 51 111 345 786"', 'dial: "+۹۲ ۵۱ ۱۱۱ ۳۴۵ ۷۸۶"')
    result = workspace.build()
    assert result.code == 0, result.output
    for lang in languages():
        folder = lang_dir(result.root, lang)
        page = BeautifulSoup((folder / "index.html").read_text("utf-8"), "html.parser")
        hrefs = [a["href"] for a in page.select('a[href^="tel:"]')]
        assert "tel:15" in hrefs and "tel:+9251111345786" in hrefs
        assert all(href.isascii() for href in hrefs)
        assert any(bdi.text == "15" for bdi in page.select(".strip bdi"))
        vcards = (folder / "contacts.vcf").read_text("utf-8")
        assert "tel:15" in vcards and "tel:+9251111345786" in vcards and "۱" not in vcards and "١" not in vcards
        data = json.loads((folder / "contacts.json").read_text("utf-8"))
        numbers = [phone["number"] for service in data["services"] for phone in service["phones"]]
        assert "15" in numbers and "+9251111345786" in numbers


# --- publishing ---------------------------------------------------------------------------------------

def test_site_is_published_readable_by_a_web_server_whatever_the_umask(workspace):
    process = subprocess.run([sys.executable, "-c", "import os,runpy,sys; os.umask(0o077); sys.argv=['build'];"
                              "runpy.run_path('tools/build.py', run_name='__main__')"],
                             cwd=workspace.root, capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stderr
    site = workspace.root / "site"
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {0o755}
    assert {stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*") if p.is_file()} == {0o644}


def test_a_killed_build_leaves_no_folder_behind(workspace):
    process = subprocess.Popen([sys.executable, "tools/build.py"], cwd=workspace.root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(workspace.root.glob(".site-new-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(workspace.root.glob(".site-new-*")), "the build never started"
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    assert process.returncode != 0
    assert not list(workspace.root.glob(".site-*"))
    # A build killed outright (SIGKILL) cannot clean up: the next build sweeps what it left.
    (workspace.root / ".site-new-999999-abc").mkdir()
    result = workspace.build()
    assert result.code == 0, result.output
    assert not list(workspace.root.glob(".site-*"))


def test_a_build_stopped_at_any_moment_leaves_a_whole_site_and_no_folder(workspace):
    # Stopped early, midway, while publishing and after it: site/ is always a whole site (the previous
    # one or the new one), nothing is left beside it, and a build that was still running when it was
    # stopped never exits 0 (it used to, now and then, when the stop came at a bad moment).
    started = time.monotonic()
    assert workspace.build().code == 0
    took = time.monotonic() - started
    for fraction in (0.3, 0.7, 0.9, 1.0, 1.1):
        process = subprocess.Popen([sys.executable, "tools/build.py"], cwd=workspace.root,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(took * fraction)
        running = process.poll() is None
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=120)
        site = workspace.root / "site"
        assert (site / "index.html").is_file() and (site / "ur" / "index.html").is_file(), fraction
        assert not list(workspace.root.glob(".site-*")), fraction
        if running:
            assert process.returncode in (128 + signal.SIGTERM, -signal.SIGTERM), (fraction, stderr)


def test_editor_messages_become_annotations_under_github_actions(workspace):
    workspace.replace(REG, 'display: "1122"', 'display: "11\u200b22"')
    process = subprocess.run([sys.executable, "tools/build.py"], cwd=workspace.root, capture_output=True, text=True,
                             env={**os.environ, "GITHUB_ACTIONS": "true"}, timeout=300)
    assert process.returncode != 0
    line = next(n for n, text in enumerate(workspace.read(REG).splitlines(), 1) if "11\u200b22" in text)
    assert f"::error file=data/contacts.yaml,line={line}::data/contacts.yaml:{line}: rescue-1122: phones[0].display:" \
        in process.stderr


# --- the loaders in-process, and fuzzed -----------------------------------------------------------------

TODAY = dt.date(2026, 11, 24)
LANGS = tuple(languages())


def _registry_text(old: str, new: str) -> str:
    text = (ROOT / REG).read_text("utf-8")
    assert old in text
    return text.replace(old, new, 1)


def expect_error(text: str | bytes, message: str) -> None:
    with pytest.raises(registry.RegistryError) as raised:
        registry.parse(text.encode("utf-8") if isinstance(text, str) else text, LANGS, REG, TODAY)
    lines = str(raised.value).splitlines()
    assert message in lines, f"expected the line:\n{message}\nin:\n{raised.value}"


def test_registry_messages_in_process():
    line = _registry_text("x", "x").splitlines().index('        display: "15"') + 1
    expect_error(_registry_text('display: "15"', 'display: "\u202e15"'),
                 f"{REG}:{line}: police-emergency: phones[0].display: found the invisible character U+202E "
                 'RIGHT-TO-LEFT OVERRIDE in "\\u202e15", which can make a number look different from the one dialled; '
                 "expected digits, spaces, +, - and brackets only")
    expect_error(_registry_text('display: "15"', 'display: "51"'),
                 f'{REG}:{line}: police-emergency: phones[0].display: found "51", which is not the same number as dial '
                 '"15"; expected the same digits in the form people know')
    expect_error("contacts: *a\n", f"{REG}:1: found the alias *a; expected every value written out in full "
                 "(anchors and aliases are not allowed in this file)")
    expect_error(_registry_text("contacts:\n", "contacts: &c\n"),
                 f"{REG}:{_registry_text('x', 'x').splitlines().index('contacts:') + 1}: found the anchor &c; "
                 "expected every value written out in full (anchors and aliases are not allowed in this file)")


def test_a_uans_running_text_form_is_made_from_the_parsed_number():
    """However the display is written, the form with the area code comes from the number dialled."""
    for display in ("111-247-786", "+92 51 111 247 786", "(051) 111 247786"):
        parsed = registry.parse(_registry_text('display: "111-247-786"', f'display: "{display}"').encode(),
                                LANGS, REG, TODAY)
        phone = parsed.by_id["fia-tip-hotline"].phones[0]
        assert (phone.tel, phone.full_display) == ("tel:+9251111247786", "(051) 111-247-786"), display


def test_urdu_digits_in_a_dial_are_folded_in_process():
    parsed = registry.parse(_registry_text('dial: "1122"', 'dial: "۱۱۲۲"').encode(), LANGS, REG, TODAY)
    phone = parsed.by_id["rescue-1122"].phones[0]
    assert (phone.dial, phone.tel, phone.key) == ("1122", "tel:1122", "1122")


FIELDS = ['display: "111-247-786"', "      en: Ambulance, fire and disaster emergencies.",
          "- https://citizenportal.gov.pk/", "address: info@mrc.org.pk", 'dial: "+92 304 1112123"']


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), text=st.text(max_size=40))
def test_fuzzed_registry_fields_are_refused_cleanly_or_loaded_normalised(field, text):
    key, _, _ = field.partition(":") if not field.startswith("-") else ("-", "", "")
    replacement = f"{key}: {json.dumps(text)}" if key != "-" else f"- {json.dumps(text)}"
    source = _registry_text(field, replacement)
    try:
        loaded = registry.parse(source.encode("utf-8", "surrogatepass"), LANGS, REG, TODAY)
    except registry.RegistryError as error:
        assert str(error).startswith(f"{REG}")
        return
    for contact in loaded.active:
        for phone in contact.phones:
            assert phone.tel.isascii() and phone.display.isascii() and phone.display.isprintable()
        for url in contact.web:
            assert url.isascii() and '"' not in url and "<" not in url
        for email in contact.emails:
            assert email.address.isascii() and "?" not in email.address


# --- the output audit on the real site, and on tampered copies of it ------------------------------------

def _page_sources() -> dict[str, tuple[str, str]]:
    import locales
    out = {}
    for language in locales.from_file():
        for md in sorted((ROOT / "docs" / language.locale).glob("*.md")):
            out[f"{language.prefix}{md.stem}.html"] = (f"docs/{language.locale}/{md.name}", md.read_text("utf-8"))
    return out


def test_the_real_site_passes_the_output_audit(site):
    import output_audit
    assert output_audit.audit(site.root, registry.load(ROOT / REG, LANGS, REG), _page_sources()) == []


TAMPERED = [
    ("a meta refresh in the head", "<head>", f"<head>{REFRESH}",
     "the <meta> http-equiv=refresh is not one of the site's own"),
    ("a second script", "</body>", '<script src="x.js"></script></body>',
     "a <script> src=x.js; expected only the site's own"),
    ("an inline handler", "<body>", '<body onload="x()">', 'the attribute onload="x()" on <body> is not allowed'),
    ("a tel: link showing another number", 'class="strip__call" href="tel:15">', 'class="strip__call" href="tel:16">',
     'the tel: link "tel:16" is not an active number of the registry'),
    ("a number shown reversed", '<bdi dir="ltr">111-247-786</bdi>', '<bdi dir="ltr">687-742-111</bdi>',
     'shows "687-742-111"; expected the number as the registry shows it'),
    ("the helplines swallowed by a template element", '<section class="helplines"',
     '<template><section class="helplines"', 'the element <template> is not allowed'),
    ("the quick exit hidden", '<nav class="exit-bar"', '<div hidden><nav class="exit-bar"',
     'of the layout is inside html > body > div'),
    ("a referrer policy that leaks", 'content="no-referrer"', 'content="unsafe-url"',
     'the referrer policy is "unsafe-url"'),
    ("a loosened CSP", "default-src &#39;none&#39;", "default-src *",
     "the Content-Security-Policy is not the site's own"),
    ("a root-absolute image", "</main>", '<img src="/x.png" alt=""></main>',
     "the address \"/x.png\" starts at the server root"),
]


@pytest.mark.parametrize("name,old,new,message", TAMPERED, ids=[t[0] for t in TAMPERED])
def test_the_audit_catches_a_tampered_page(site, tmp_path, name, old, new, message):
    import shutil

    import output_audit
    copy = tmp_path / "site"
    shutil.copytree(site.root, copy)
    page = lang_dir(copy, "ur") / "get-help.html"
    html = page.read_text("utf-8")
    assert old in html, f"{old!r} is no longer in the page: the test's input no longer matches"
    page.write_text(html.replace(old, new, 1), "utf-8")
    problems = output_audit.audit(copy, registry.load(ROOT / REG, LANGS, REG), _page_sources())
    assert problems and all(p.startswith("docs/ur/get-help.md") and "site/ur/get-help.html: " in p
                            for p in problems), problems
    assert any(message in p for p in problems), problems


def test_the_audit_refuses_files_nobody_made(site, tmp_path):
    import shutil

    import output_audit
    copy = tmp_path / "site"
    shutil.copytree(site.root, copy)
    (copy / "ur" / "evil.html").write_text("<p>x</p>", "utf-8")
    (copy / "assets" / "evil.js").write_text("alert(1)", "utf-8")
    problems = output_audit.audit(copy, registry.load(ROOT / REG, LANGS, REG), _page_sources())
    assert "site/assets/evil.js: a file of a type the site does not ship; expected only pages made from Markdown in " \
           "docs/ (delete the file from docs/)" in problems
    assert any(p.startswith("site/ur/evil.html: an HTML file that no page or template made") for p in problems)


# Text an editor could paste: markup, quotes, braces, markers, Urdu, digits of other scripts, bidi and
# zero-width characters, line breaks.
PASTED = st.lists(st.sampled_from(list("<>&\"'{}/=:; \n#*_[]()!") + [
    "{{", "}}", "<meta ", "<script>", "ا", "ی", "۱", "5", "\u202e", "\u200b", "\u200c", "é"]),
    min_size=1, max_size=14).map("".join)


@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(title=PASTED, label=PASTED, purpose=PASTED)
def test_fuzzed_title_string_and_registry_text_build_cleanly_or_are_refused(tmp_path_factory, title, label, purpose):
    """Arbitrary text in a page title, an interface string and a registry text, all in one build: the
    build either refuses with a message (no traceback) or succeeds, and then its output passed the audit
    (which runs inside every build) and shows none of the pasted markup as an element."""
    workspace = Workspace(tmp_path_factory.mktemp("fuzz") / "project")
    _set_meta(workspace, UR, "title", title)
    workspace.replace(STR, "  help_now: Get help now\n", f"  help_now: {json.dumps(label)}\n")
    workspace.replace(REG, "      en: Ambulance, fire and disaster emergencies.", f"      en: {json.dumps(purpose)}")
    result = workspace.build()
    assert "Traceback" not in result.output, result.output
    if result.code != 0:
        assert "ERROR: " in result.output or "WARNING: " in result.output, result.output
        assert "site/ was left as it was" in result.output
        return
    for path in result.root.rglob("*.html"):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        assert not soup.select('meta[http-equiv="refresh"]') and len(soup.find_all("script")) <= 1, path
