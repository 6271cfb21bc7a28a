"""Real-browser checks: every page, both languages, on a 360x640 phone, served as a partner would
(under a sub-folder of a web server, and from file://), with Debian's chromium driven by Playwright.

Without chromium these tests skip with a one-line reason; under CI (CI set) that is a failure.
The browser fixture is in conftest.py: one Playwright per test session, shared by every browser test.
No request may leave 127.0.0.1: any other host is answered locally and counted as a failure.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import browser as shared_browser  # tools/browser.py: chromium, flags, the phone
import locales
from conftest import DEFAULT, ROOT, contacts, lang_dir, languages, mkdocs_config, strings

MIRROR = "/mirror/trafficking-help/"


class _Mirror(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under MIRROR, as a partner's web server would; 404.html for the rest."""

    def translate_path(self, path):
        path = urlsplit(path).path
        inside = path[len(MIRROR):] if path.startswith(MIRROR) else "\0missing"
        return super().translate_path("/" + inside)

    def send_error(self, code, message=None, explain=None):
        if code == 404 and (Path(self.directory) / "404.html").is_file():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site):
    handler = functools.partial(_Mirror, directory=str(site.root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{MIRROR}"
    httpd.shutdown()


def _pages():
    names = sorted(p.stem for p in (ROOT / "docs" / DEFAULT).glob("*.md"))
    return [(lang, name) for lang in languages() for name in names]


def _url(base: str, lang: str, name: str) -> str:
    return f"{base}{'' if lang == DEFAULT else lang + '/'}{name}.html"


@pytest.fixture
def phone(open_phone):
    return open_phone()


FIRST_NUMBER_VISIBLE = """() => {
  const link = document.querySelector('a[href^="tel:"]');
  if (!link) return 'no tel: link';
  const box = link.getBoundingClientRect();
  const style = getComputedStyle(link);
  if (style.visibility === 'hidden' || style.display === 'none') return 'hidden';
  return box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth && box.width > 0
    ? 'visible' : `off screen at ${Math.round(box.top)},${Math.round(box.left)}`;
}"""

SMALL_TARGETS = """() => Array.from(document.querySelectorAll(
    '.exit, .strip a, .top a, .contact a, .topics li a, #site-search input'))
  .filter(el => el.getClientRects().length)
  .map(el => [el.textContent.trim().slice(0, 40) || el.outerHTML.slice(0, 40), el.getBoundingClientRect()])
  .filter(([, box]) => box.width < 44 || box.height < 44)
  .map(([name, box]) => `${name}: ${Math.round(box.width)}x${Math.round(box.height)}`)"""

REVERSED_NUMBERS = """() => Array.from(document.querySelectorAll('a[href^="tel:"] bdi, a[href^="tel:"][dir="ltr"]'))
  .filter(el => el.getClientRects().length && el.textContent.replace(/\\D/g, '').length > 1)
  .filter(el => {
    const node = el.firstChild; const text = node.textContent;
    const first = text.search(/\\d/); const last = text.length - 1 - [...text].reverse().join('').search(/\\d/);
    const range = document.createRange();
    range.setStart(node, first); range.setEnd(node, first + 1); const a = range.getBoundingClientRect();
    range.setStart(node, last); range.setEnd(node, last + 1); const b = range.getBoundingClientRect();
    return Math.abs(a.top - b.top) >= 4 || a.left > b.left;  /* wrapped, or shown backwards */
  }).map(el => el.textContent)"""

# content-visibility clips what a box paints to the box. Nastaliq letters reach above their line
# (the top stroke of گ) and a focus ring lies outside its link: every such box moves its clip out.
CLIPPED_BOXES = """() => Array.from(document.querySelectorAll('body *'))
  .map(el => [el, getComputedStyle(el)])
  .filter(([, style]) => style.contentVisibility !== 'visible')
  .filter(([, style]) => parseFloat(style.overflowClipMargin) < parseFloat(style.fontSize))
  .map(([el, style]) => `${el.tagName.toLowerCase()} ${JSON.stringify(el.textContent.trim().slice(0, 30))}: `
    + `content-visibility ${style.contentVisibility}, overflow-clip-margin ${style.overflowClipMargin}`)"""

# Every layout shift while the page loads, as Lighthouse counts them: all of them, since nothing is
# typed or tapped here (chromium flags the first ones "had recent input" under screen emulation, and
# Lighthouse counts those too). A block below a content-visibility placeholder that is on screen
# moves when the placeholder is drawn at its real height.
LAYOUT_SHIFTS = """(() => {
  window.__shifts = [];
  const name = (node) => node
    ? `${node.nodeName.toLowerCase()} ${JSON.stringify(node.textContent.trim().slice(0, 30))}` : '?';
  new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) {
      const moved = shift.sources.map((source) => name(source.node)).join(', ');
      window.__shifts.push(`${shift.value.toFixed(4)} at ${Math.round(shift.startTime)} ms: ${moved}`);
    }
  }).observe({type: 'layout-shift', buffered: true});
})();"""
SHIFTS_AFTER_LOAD = """() => new Promise((done) =>
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(window.__shifts), 200))))"""


def _load_watching_shifts(page, url: str):
    page.add_init_script(LAYOUT_SHIFTS)
    response = page.goto(url)
    assert response.status == 200
    page.wait_for_load_state("load")
    return page.evaluate(SHIFTS_AFTER_LOAD)


@pytest.mark.parametrize("lang,name", _pages())
def test_every_page_on_a_phone_over_http_in_a_sub_folder(phone, server, lang, name):
    page, watch = phone
    assert _load_watching_shifts(page, _url(server, lang, name)) == []
    direction = {language.locale: language.direction for language in locales.from_file()}[lang]
    assert page.evaluate("() => document.documentElement.dir") == direction
    assert page.evaluate("() => getComputedStyle(document.body).direction") == direction
    assert page.evaluate(FIRST_NUMBER_VISIBLE) == "visible"
    assert page.evaluate(SMALL_TARGETS) == []
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= innerWidth"), "horizontal scrolling"
    assert page.evaluate(REVERSED_NUMBERS) == []
    assert page.evaluate(CLIPPED_BOXES) == []
    assert page.locator("h1").count() == 1
    # The language switcher reaches this page's counterpart.
    for link in page.locator("a.lang-switch").all():
        target = page.evaluate("(a) => a.href", link.element_handle())
        other = link.get_attribute("hreflang")
        assert target == _url(server, other, name)
        assert page.request.get(target).status == 200
    watch.assert_quiet()


@pytest.mark.parametrize("lang,name", _pages())
def test_no_page_moves_while_it_loads_on_lighthouses_larger_phone(open_phone, server, lang, name):
    page, watch = open_phone(phone=shared_browser.LARGE_PHONE)
    assert _load_watching_shifts(page, _url(server, lang, name)) == []
    watch.assert_quiet()


@pytest.mark.parametrize("lang,name", _pages())
def test_every_page_from_file_with_javascript_off(open_phone, site, lang, name):
    page, watch = open_phone(javascript=False)
    page.goto((lang_dir(site.root, lang) / f"{name}.html").as_uri())
    box = page.locator('a[href^="tel:"]').first.bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= 640, f"first number at {box}"
    expected = {phone.tel for entry in contacts().active for phone in entry.phones}
    found = {a.get_attribute("href") for a in page.locator('#site-helplines a[href^="tel:"]').all()}
    assert found == expected
    watch.assert_quiet()


@pytest.mark.parametrize("lang,name", [(lang, "get-help") for lang in languages()])
def test_from_file_with_javascript_on(open_phone, site, lang, name):
    page, watch = open_phone()
    page.goto((lang_dir(site.root, lang) / f"{name}.html").as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate(FIRST_NUMBER_VISIBLE) == "visible"
    watch.assert_quiet()


SEARCH_WORDS = {"en": "smuggling", "ur": "اسمگلنگ"}


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize("lang", languages())
def test_search_finds_a_word_in_the_page_language(open_phone, site, server, lang, where):
    page, watch = open_phone()
    page.goto(_url(server, lang, "index") if where == "http" else (lang_dir(site.root, lang) / "index.html").as_uri())
    field = page.locator("#site-search input")
    field.scroll_into_view_if_needed()
    field.fill(SEARCH_WORDS[lang])
    results = page.locator("#site-search ol a")
    results.first.wait_for(timeout=5000)
    hrefs = [a.get_attribute("href") for a in results.all()]
    assert hrefs and all(("/ur/" in h) == (lang == "ur") for h in [page.evaluate("(a) => a.href", a.element_handle())
                                                                   for a in results.all()])
    results.first.click()
    page.wait_for_load_state("load")
    assert page.evaluate("() => document.documentElement.lang") == lang
    watch.assert_quiet()


def test_after_one_visit_the_site_works_offline(open_phone, server):
    page, _ = open_phone()
    page.goto(_url(server, DEFAULT, "warning-signs"))
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the worker, which stores what it serves
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.reload()
    assert page.locator("h1").count() == 1
    page.goto(_url(server, "ur", "index"))  # precached at install
    assert page.evaluate("() => document.documentElement.lang") == "ur"


def _exit_url() -> str:
    return mkdocs_config().extra["quick_exit_url"]


@pytest.mark.parametrize("lang", languages())
def test_quick_exit_with_javascript_replaces_history(open_phone, server, lang):
    page, watch = open_phone(allowed=(_exit_url(),))
    page.goto(_url(server, lang, "index"))
    page.goto(_url(server, lang, "get-help"))
    button = page.locator("#site-quick-exit")
    assert button.text_content().strip() == strings()[lang]["quick_exit"]
    box = button.bounding_box()
    assert box["y"] < 10 and box["width"] >= 350 and box["height"] >= 44, box
    button.click()
    page.wait_for_url(_exit_url())
    page.go_back()
    # Back skips the page that was left: it was replaced in history, not added to it.
    assert not page.url.endswith("get-help.html")
    watch.assert_quiet()


def test_quick_exit_fires_on_shift_pressed_three_times(open_phone, server):
    page, _ = open_phone(allowed=(_exit_url(),))
    page.goto(_url(server, DEFAULT, "get-help"))
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(_exit_url())


def test_quick_exit_without_javascript_is_a_plain_link(open_phone, server):
    page, _ = open_phone(javascript=False, allowed=(_exit_url(),))
    page.goto(_url(server, "ur", "get-help"))
    page.locator("#site-quick-exit").click()
    page.wait_for_url(_exit_url())


@pytest.mark.parametrize("lang", languages())
def test_print_shows_the_page_and_helplines_without_navigation_or_quick_exit(open_phone, server, lang):
    page, _ = open_phone()
    page.goto(_url(server, lang, "warning-signs"))
    page.emulate_media(media="print")
    for hidden in ["#site-quick-exit", ".strip", ".top", "#site-topics", ".skip"]:
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator("#site-helplines").is_visible()
    assert page.locator("article h1").is_visible()


@pytest.mark.parametrize("lang,name", _pages())
def test_accessibility_axe_finds_no_violation(open_phone, server, lang, name):
    from axe_playwright_python.sync_playwright import Axe
    page, _ = open_phone()
    page.goto(_url(server, lang, name))
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                                              "wcag21aa", "best-practice"]}})
    violations = results.response["violations"]
    assert violations == [], "\n".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x) e.g. {v['nodes'][0]['html'][:120]}" for v in violations)


@pytest.mark.parametrize("lang", languages())
def test_single_file_edition_opens_from_disk_with_every_section(open_phone, site, lang):
    page, watch = open_phone()
    page.goto((lang_dir(site.root, lang) / "help-notes.html").as_uri())
    assert page.evaluate("() => document.documentElement.lang") == lang
    expected = [p.stem for p in site.pages(lang) if p.stem != "performance"]
    sections = page.evaluate("() => Array.from(document.querySelectorAll('main > section[id]')).map(s => s.id)")
    assert sorted(set(sections) - {"site-helplines"}) == sorted(expected)
    box = page.locator('a[href^="tel:"]').first.bounding_box()
    assert box and box["y"] + box["height"] <= 640
    first_link = page.locator('main nav a[href^="#"]').nth(3)
    target = first_link.get_attribute("href")
    first_link.click()
    assert page.evaluate("() => location.hash") == target
    watch.assert_quiet()


@pytest.mark.parametrize("lang", languages())
def test_print_shows_where_links_lead(open_phone, server, lang):
    page, _ = open_phone()
    page.goto(_url(server, lang, "get-help"))
    page.emulate_media(media="print")
    link = page.locator('article a[href^="https://"]').first
    after = page.evaluate("(a) => getComputedStyle(a, '::after').content", link.element_handle())
    assert link.get_attribute("href") in after


@pytest.mark.parametrize("paper", ["A5", "A4"])
@pytest.mark.parametrize("lang", languages())
def test_helpline_card_prints_on_one_page(open_phone, site, lang, paper):
    """A5 as the card asks for (CSS @page), and A4 as an office printer's default; QR code included."""
    import re as regex
    page, _ = open_phone(phone=False)
    page.goto((lang_dir(site.root, lang) / "helpline-card.html").as_uri())
    assert page.locator(".card-qr svg").count() == 1
    pdf = page.pdf(prefer_css_page_size=True, print_background=True) if paper == "A5" else \
        page.pdf(format="A4", prefer_css_page_size=False, print_background=True)
    pages = regex.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == 1, f"{len(pages)} pages"
    boxes = {tuple(round(float(v)) for v in box.split()) for box in regex.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)}
    expected = {"A5": (420, 595), "A4": (595, 842)}[paper]  # in points
    assert len(boxes) == 1 and all(abs(a - b) <= 1 for a, b in zip(boxes.pop(), (0, 0, *expected), strict=True)), boxes
