"""Partners' mirrors: the shipped nginx configuration against the real nginx (headers, the 404,
an update reaching a reader), and the service worker on a host with several copies.

nginx (Debian package nginx-light) runs as a subprocess on 127.0.0.1 with a configuration
generated in a temporary folder around tools/mirror/nginx.conf. Without nginx or chromium these
tests skip with a one-line reason; under CI (CI set) that is a failure.
"""

from __future__ import annotations

import functools
import getpass
import http.server
import os

import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

import locales
from conftest import DEFAULT, ROOT, contacts, lang_dir, languages, strings

SHIPPED = ROOT / "tools" / "mirror" / "nginx.conf"
EXAMPLE_PATH = "/mirror/trafficking-help/"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _need_nginx():
    if not Path(NGINX).is_file():
        reason = "nginx is not installed (Debian package nginx-light)"
        if os.environ.get("CI"):
            pytest.fail(f"the nginx test cannot run under CI: {reason}; .ci/run installs it")
        pytest.skip(f"{reason}; CI installs it")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _csp(value: str) -> dict[str, str]:
    return dict((rule.strip().split(" ", 1) + [""])[:2] for rule in value.split(";") if rule.strip())


class Nginx:
    """nginx serving a copy of the built site under a sub-folder, with the shipped configuration."""

    def __init__(self, site: Path, tmp: Path, path: str = "/mirror/copy/") -> None:
        _need_nginx()
        self.path = path
        self.www = tmp / "www"
        self.folder = self.www / path.strip("/")
        shutil.copytree(site, self.folder)
        self.port = _free_port()
        shipped = SHIPPED.read_text("utf-8")
        for placeholder in (EXAMPLE_PATH, "root /srv/www;", "listen 80;"):
            assert placeholder in shipped, f"tools/mirror/nginx.conf no longer holds {placeholder!r}"
        server = (shipped.replace(EXAMPLE_PATH, path).replace("root /srv/www;", f"root {self.www};")
                  .replace("listen 80;", f"listen 127.0.0.1:{self.port};"))
        (tmp / "site.conf").write_text(server, "utf-8")
        user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
        kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        temp = " ".join(f"{kind}_temp_path {tmp / kind};" for kind in kinds)
        (tmp / "nginx.conf").write_text(f"""
{user}
daemon off;
worker_processes 1;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"};
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp / "access.log"};
    {temp}
    include {tmp / "site.conf"};
}}
""", "utf-8")
        self.log = tmp / "error.log"
        self.process = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(self.log)],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError as error:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise AssertionError(f"nginx did not start: {self.process.stdout.read().decode()} "
                                         f"{self.log.read_text() if self.log.exists() else ''}") from error
                time.sleep(0.05)
        self.base = f"http://127.0.0.1:{self.port}{path}"

    def get(self, relative: str, **headers):
        request = urllib.request.Request(urljoin(self.base, relative), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def nginx(site, tmp_path_factory):
    server = Nginx(site.root, tmp_path_factory.mktemp("nginx"))
    yield server
    server.stop()


def test_nginx_sends_cache_security_and_type_headers(nginx):
    for lang in languages():
        home = f"{'' if lang == DEFAULT else lang + '/'}"
        status, headers, body = nginx.get(home + "index.html")
        assert status == 200
        assert headers["Cache-Control"] == "no-cache", "pages must be revalidated, or updates reach readers late"
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["Referrer-Policy"] == "no-referrer" and headers["X-Content-Type-Options"] == "nosniff"
        # The header policy never contradicts the page's own: each rule it shares is the same, and it
        # leaves style-src (the inlined stylesheet's hash) to the page.
        tag = BeautifulSoup(body, "html.parser").select_one('meta[http-equiv="Content-Security-Policy"]')
        meta = _csp(tag["content"])
        header = _csp(headers["Content-Security-Policy"])
        assert "style-src" not in header and "default-src" not in header
        for rule, value in header.items():
            assert value == meta.get(rule, value), f"{rule}: header {value!r}, page {meta[rule]!r}"
        assert header["frame-ancestors"] == "'none'" and header["script-src"] == "'self'"
        assert "unsafe" not in headers["Content-Security-Policy"]
        status, headers, _ = nginx.get(home + "contacts.vcf")
        assert status == 200 and headers["Content-Type"].startswith("text/vcard")
        status, headers, _ = nginx.get(home + "contacts.json")
        assert status == 200 and headers["Content-Type"].startswith("application/json")
        assert headers["Cache-Control"] == "public, max-age=600"
    status, headers, _ = nginx.get("")
    assert status == 200 and headers["Cache-Control"] == "no-cache"
    status, headers, _ = nginx.get("sw.js")
    assert status == 200 and headers["Cache-Control"] == "no-cache"
    assert headers["Content-Type"].startswith("application/javascript")
    status, headers, _ = nginx.get("assets/site.js")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=600"
    status, headers, body = nginx.get("ur/index.html", **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in headers["Vary"]
    assert len(body) * 3 < (nginx.folder / "ur" / "index.html").stat().st_size


def _not_found_sections(body: bytes):
    soup = BeautifulSoup(body, "html.parser")
    return {section["lang"]: section for section in soup.select("main section[lang]")}


@pytest.mark.parametrize("missing", ["no-such-page.html", "ur/no-such-page.html", "old/deeper/folder/page.html"])
def test_nginx_answers_a_missing_address_with_the_404_page_in_every_language(nginx, missing):
    status, headers, body = nginx.get(missing)
    assert status == 404
    assert headers["Cache-Control"] == "no-cache"
    sections = _not_found_sections(body)
    assert list(sections) == languages()
    expected = {phone.tel for entry in contacts().active for phone in entry.phones}
    requested = urljoin(nginx.base, missing)
    for lang, section in sections.items():
        assert section["dir"] == {language.locale: language.direction for language in locales.from_file()}[lang]
        assert section.h1.get_text(strip=True) == strings()[lang]["not_found_title"]
        assert {a["href"] for a in section.select('a[href^="tel:"]')} == expected
        home = section.select_one("a[hreflang]")
        assert home["hreflang"] == lang
        # The home link resolves from the address that was asked for, however deep.
        target = urljoin(requested, home["href"])
        assert target == urljoin(nginx.base, f"{'' if lang == DEFAULT else lang + '/'}index.html")
        status, _, page = nginx.get(target)
        assert status == 200
        assert BeautifulSoup(page, "html.parser").html["lang"] == lang


def test_the_404_page_in_a_browser_without_javascript(open_phone, nginx):
    """Styled (the header policy leaves the page's own stylesheet alone), each language in its
    direction, and its home links lead home from a deep missing address."""
    page, watch = open_phone(javascript=False)
    response = page.goto(nginx.base + "old/deeper/page.html")
    assert response.status == 404
    for lang in languages():
        section = page.locator(f"main section[lang={lang}]")
        direction = {language.locale: language.direction for language in locales.from_file()}[lang]
        assert section.evaluate("(s) => getComputedStyle(s).direction") == direction
    background = page.evaluate("() => getComputedStyle(document.querySelector('.exit')).backgroundColor")
    assert background != "rgba(0, 0, 0, 0)", \
        "the inlined stylesheet was blocked"
    page.locator("main section[lang=ur] a[hreflang]").click()
    page.wait_for_load_state("load")
    assert page.url == nginx.base + "ur/index.html"
    assert [e for e in watch.errors if "404" not in e] == [] and watch.external == []  # only the page itself


def test_the_404_page_works_from_a_memory_card(site):
    """Opened from disk, its home links are relative to the site's top folder."""
    body = (site.root / "404.html").read_bytes()
    assert b"<script" not in body
    for lang, section in _not_found_sections(body).items():
        target = (site.root / section.select_one("a[hreflang]")["href"]).resolve()
        assert target == (lang_dir(site.root, lang) / "index.html").resolve()


def _wait_for_worker(page) -> None:
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def _visit_with_worker(page, address: str) -> None:
    """Open `address`, wait until the service worker controls it, and load it again through the worker."""
    page.goto(address)
    _wait_for_worker(page)
    page.reload()


def test_an_update_reaches_the_next_navigation(open_phone, nginx):
    """A reader with the service worker follows a link after the mirror was updated: new text at once,
    even when the updated file carries an old date (as `cp -a` from an old build gives)."""
    page, watch = open_phone()
    page.goto(nginx.base + "index.html")
    _wait_for_worker(page)
    page.goto(nginx.base + "ur")  # the server's redirect to ur/ passes through the worker as it is
    assert page.url == nginx.base + "ur/" and page.evaluate("() => document.documentElement.lang") == "ur"
    page.goto(nginx.base + "warning-signs.html")
    old = page.locator("h1").text_content()
    page.goto(nginx.base + "index.html")
    target = nginx.folder / "warning-signs.html"
    html = target.read_text("utf-8")
    new = "Updated heading for the mirror test"
    target.write_text(html.replace(f">{old}<", f">{new}<", 1), "utf-8")
    os.utime(target, (946684800, 946684800))  # 2000-01-01
    page.locator('#site-topics a[href="warning-signs.html"]').click()
    page.wait_for_load_state("load")
    assert page.locator("h1").text_content() == new
    assert watch.errors == [] and watch.external == []


# The service worker on one host with several copies, with a server that can be made to fail.


class _Copies(http.server.SimpleHTTPRequestHandler):
    """The built site at every path in `copies`; `broken` maps a path to the status it answers."""

    copies: tuple[str, ...] = ()
    broken: dict[str, int] = {}

    def do_GET(self):
        path = urlsplit(self.path).path
        if path in self.broken:
            self.send_error(self.broken[path])
            return
        super().do_GET()

    def translate_path(self, path):
        path = urlsplit(path).path
        copy = next((c for c in self.copies if path.startswith(c)), None)
        return super().translate_path("/" + path[len(copy):] if copy else "/\0missing")

    def log_message(self, *args):
        pass


@pytest.fixture
def copies(site):
    broken: dict[str, int] = {}
    handler = functools.partial(type("Handler", (_Copies,), {"copies": ("/a/", "/b/"), "broken": broken}),
                                directory=str(site.root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", broken
    httpd.shutdown()


def test_worker_shows_the_stored_page_when_the_server_answers_with_an_error(open_phone, copies):
    host, broken = copies
    page, _ = open_phone()
    _visit_with_worker(page, host + "/a/get-help.html")  # stored by the worker
    title = page.locator("h1").text_content()
    for status in (403, 500):
        broken["/a/get-help.html"] = status
        response = page.goto(host + "/a/get-help.html")
        assert response.status == 200, f"the server's {status} reached the reader"
        assert page.locator("h1").text_content() == title


def test_two_copies_on_one_host_keep_their_own_caches(open_phone, copies):
    host, _ = copies
    page, _ = open_phone()
    context = page.context
    _visit_with_worker(page, host + "/a/get-help.html")
    _visit_with_worker(page, host + "/b/index.html")
    names = page.evaluate("() => caches.keys()")
    assert any(f"{host}/a/" in name for name in names) and any(f"{host}/b/" in name for name in names), names
    context.set_offline(True)
    page.goto(host + "/a/get-help.html")
    assert page.locator('a[href^="tel:"]').count() > 0
    assert page.evaluate("() => document.documentElement.lang") == DEFAULT


def test_the_worker_removes_the_caches_of_its_unscoped_predecessor(open_phone, copies):
    host, _ = copies
    page, _ = open_phone()
    page.goto(host + "/a/contacts.json")  # a document of the origin that registers no worker
    page.evaluate("""() => caches.open('site-0123456789abcdef').then(c => c.put('/a/old.html', new Response('old')))""")
    page.goto(host + "/a/index.html")
    _wait_for_worker(page)
    names = page.evaluate("() => caches.keys()")
    assert "site-0123456789abcdef" not in names and any(name.startswith(f"site {host}/a/ ") for name in names), names


@pytest.mark.parametrize("lang", languages())
def test_offline_an_unvisited_page_gives_the_home_page_of_its_language(open_phone, copies, lang):
    host, _ = copies
    prefix = "" if lang == DEFAULT else lang + "/"
    page, _ = open_phone()
    context = page.context
    page.goto(host + "/a/index.html")
    _wait_for_worker(page)
    context.set_offline(True)
    page.goto(f"{host}/a/{prefix}smuggling.html")
    assert page.url == f"{host}/a/{prefix}index.html"
    assert page.evaluate("() => document.documentElement.lang") == lang
    for link in page.locator("a.lang-switch").all():  # the switcher is right from the fallback
        other = link.get_attribute("hreflang")
        expected = f"{host}/a/{'' if other == DEFAULT else other + '/'}index.html"
        assert page.evaluate("(a) => a.href", link.element_handle()) == expected
        page.goto(expected)
        assert page.evaluate("() => document.documentElement.lang") == other
        break


@pytest.mark.parametrize("lang", languages())
def test_keep_this_site_on_my_phone_then_every_page_of_the_language_opens_offline(open_phone, site, copies, lang):
    host, _ = copies
    prefix = "" if lang == DEFAULT else lang + "/"
    text = strings()[lang]
    page, watch = open_phone()
    context = page.context
    page.goto(f"{host}/a/{prefix}index.html")
    _wait_for_worker(page)
    keep = page.locator("#site-keep")
    assert keep.is_visible()
    assert keep.get_attribute("lang") is None and page.evaluate("() => document.documentElement.lang") == lang
    assert re.fullmatch(r"\d+\u00a0KB", keep.locator(".keep__size").text_content()), "the size, computed at build time"
    page.evaluate("""() => { window.seen = []; const status = document.querySelector('#site-keep .keep__status');
        new MutationObserver(() => window.seen.push(status.textContent)).observe(status, {childList: true}); }""")
    keep.locator("button").click()
    page.wait_for_function("(done) => document.querySelector('#site-keep .keep__status').textContent === done",
                           arg=text["keep_done"], timeout=20000)
    seen = page.evaluate("() => window.seen")
    total = len([p for p in lang_dir(site.root, lang).iterdir() if p.is_file() and p.name != "404.html"
                 and p.suffix != ".gz" and p.name not in {"sw.js", "sitemap.xml"}]) + 1  # + assets/site.js
    assert text["keep_progress"].format(done=1, total=total) in seen, seen
    context.set_offline(True)
    names = sorted(p.name for p in lang_dir(site.root, lang).glob("*.html") if p.name != "404.html")
    assert len(names) >= len(site.pages(lang))
    for name in names:
        url = f"{host}/a/{prefix}{name}"
        page.goto(url)
        assert page.url == url, f"{name} was not kept: the worker fell back to {page.url}"
        assert page.evaluate("() => document.documentElement.lang") == lang
    for name in ("contacts.vcf", "contacts.json"):
        status = page.evaluate("(url) => fetch(url).then(r => r.status, () => 'failed')", f"{host}/a/{prefix}{name}")
        assert status == 200, name
    # Back at the home page, offline, the control says it is done.
    page.goto(f"{host}/a/{prefix}index.html")
    page.wait_for_function("(done) => document.querySelector('#site-keep .keep__status').textContent === done",
                           arg=text["keep_done"])
    assert watch.external == []


def test_without_the_choice_nothing_more_is_kept(open_phone, copies):
    host, _ = copies
    page, _ = open_phone()
    _visit_with_worker(page, host + "/a/index.html")
    stored = page.evaluate("""() => caches.keys().then(names => Promise.all(names.map(n => caches.open(n)
        .then(c => c.keys())))).then(lists => lists.flat().map(r => r.url))""")
    assert len({url for url in stored if url.endswith(".html")}) <= 2, stored  # the home pages, no more
    assert page.locator("#site-keep .keep__status").text_content() == ""


def test_keep_lists_every_file_of_the_language_and_shows_its_size(site):
    import json

    import service_worker
    worker = (site.root / "sw.js").read_text("utf-8")
    kept = {lang["prefix"]: lang for lang in json.loads(re.search(r"var LANGUAGES = (\[.*?\]);", worker).group(1))}
    for lang in languages():
        prefix = "" if lang == DEFAULT else lang + "/"
        folder = lang_dir(site.root, lang)
        files = sorted(prefix + p.name for p in folder.iterdir()
                       if p.is_file() and p.name not in service_worker.NOT_KEPT)
        assert sorted(kept[prefix]["files"]) == sorted(files + ["assets/site.js"])
        assert {f"{prefix}{p.name}" for p in site.pages(lang)} <= set(files)
        size = sum((site.root / name).stat().st_size for name in kept[prefix]["files"])
        assert abs(size - kept[prefix]["bytes"]) < 100  # the home page gained the size text afterwards
        shown = site.soup(folder / "index.html").select_one("#site-keep .keep__size").text
        assert shown == service_worker.about(kept[prefix]["bytes"]) and shown.endswith("\u00a0KB")
