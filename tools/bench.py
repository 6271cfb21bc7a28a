"""make bench: this site against the same content built with mkdocs-material's default settings.

Both builds are served with gzip on 127.0.0.1 and every page of both languages is loaded in
headless Chromium (Debian's chromium, driven by Playwright) as a 360x640 phone on a throttled
connection (400 ms round trip, 400 kbit/s down and up) with the CPU slowed 4x, each page ROUNDS
times from a cold cache. It reports the median of: bytes transferred, requests, requests to other
hosts (blocked here, since this machine has no network; a real phone would make them), first
contentful paint, and the time until the first tap-to-call number is visible on the first screen.
Then Lighthouse (npm package, pointed at the same chromium) scores every page of this site with
its mobile defaults.

Writes BENCHMARK.md (every page) and docs/<lang>/performance.md (the summary shown on the site).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build as site_build  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps"]
ROUNDS = 5
RTT_MS, KBIT, CPU = 400, 400, 4
LANGS = ("en", "ur")
TEL_WATCH = """(() => {
  const check = () => {
    const a = document.querySelector('a[href^="tel:"]');
    if (a) { const b = a.getBoundingClientRect();
      if (b.width > 0 && b.top >= 0 && b.bottom <= innerHeight) { window.__telVisible = performance.now(); return; } }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();"""


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser asks, as a web server would send them."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Bytes(body)

    def log_message(self, *args):
        pass


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/", httpd


def build_default(out: Path, work: Path) -> None:
    """The same pages and registry with mkdocs-material's defaults: its own layout, CSS, JS and fonts."""
    partials = work / "theme" / "partials"
    partials.mkdir(parents=True)
    for card in (ROOT / "overrides" / "partials").glob("contact-*.html"):  # the markers need these
        shutil.copy(card, partials / card.name)
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    theme = text[text.index("theme:\n"):text.index("\nnav:")]
    text = text.replace(theme, f"theme:\n  name: material\n  custom_dir: {work / 'theme'}\n  language: en\n")
    hooks = text[text.index("hooks:\n"):text.index("\nmarkdown_extensions:")]
    text = text.replace(hooks, f"hooks:\n  - {ROOT / 'hooks' / 'markers.py'}\n")
    text = text.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}").replace("strict: true", "strict: false")
    text = text.replace("  - offline\n", "")
    text = text.replace("registry: data/contacts.yaml", f"registry: {ROOT / 'data' / 'contacts.yaml'}")
    text = text.replace("strings: data/strings.yaml", f"strings: {ROOT / 'data' / 'strings.yaml'}")
    config = work / "mkdocs.yml"
    config.write_text(text, "utf-8")
    site_build.build_into(config, out)


def pages(site: Path) -> list[str]:
    """The pages built from docs/ (the same in both builds), every language."""
    names = sorted(f"{md.stem}.html" for md in (ROOT / "docs" / "en").glob("*.md"))
    return [f"{'' if lang == 'en' else lang + '/'}{name}" for lang in LANGS for name in names]


def load_once(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, bypass_csp=True)
    stats = {"bytes": 0, "requests": 0, "third_party": 0}

    def route(request_route):
        if urlsplit(request_route.request.url).hostname in ("127.0.0.1", None):
            return request_route.continue_()
        stats["third_party"] += 1
        return request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": RTT_MS,
                                                   "downloadThroughput": KBIT * 1000 / 8,
                                                   "uploadThroughput": KBIT * 1000 / 8})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU})
    cdp.on("Network.requestWillBeSent", lambda event: stats.__setitem__("requests", stats["requests"] + 1))
    cdp.on("Network.loadingFinished", lambda event: stats.__setitem__("bytes", stats["bytes"] + event["encodedDataLength"]))
    page.add_init_script(TEL_WATCH)
    page.goto(url, wait_until="load", timeout=120_000)
    try:
        page.wait_for_load_state("networkidle", timeout=60_000)
    except Exception:  # noqa: BLE001 - a page that never idles is measured as it stands
        pass
    try:
        page.wait_for_function("() => window.__telVisible !== undefined", timeout=3_000)
    except Exception:  # noqa: BLE001 - no number on the first screen
        pass
    stats["fcp"] = page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
    stats["tel"] = page.evaluate("() => window.__telVisible ?? null")
    context.close()
    return stats


def measure(browser, base: str, names: list[str], label: str) -> dict[str, dict]:
    results = {}
    for number, name in enumerate(names, 1):
        runs = [load_once(browser, base + name) for _ in range(ROUNDS)]
        result = {}
        for key in ("bytes", "requests", "third_party", "fcp", "tel"):
            values = [run[key] for run in runs if run[key] is not None]
            result[key] = statistics.median(values) if len(values) == len(runs) else None
        results[name] = result
        print(f"  {label} {number}/{len(names)} {name}: {result}", file=sys.stderr, flush=True)
    return results


def lighthouse(base: str, names: list[str], work: Path) -> dict[str, dict]:
    tools = ROOT / "tools" / "lighthouse"
    binary = tools / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=tools, check=True)
    scores = {}
    for number, name in enumerate(names, 1):
        report = work / "lighthouse.json"
        subprocess.run([str(binary), base + name, "--quiet", "--output=json", f"--output-path={report}",
                        "--chrome-flags=--headless=new " + " ".join(FLAGS)],
                       check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
        categories = json.loads(report.read_text("utf-8"))["categories"]
        scores[name] = {key: round(categories[key]["score"] * 100) for key in
                        ("performance", "accessibility", "best-practices", "seo")}
        print(f"  lighthouse {number}/{len(names)} {name}: {scores[name]}", file=sys.stderr, flush=True)
    return scores


def fmt_kb(value):
    return "–" if value is None else f"{value / 1024:.1f}"


def fmt_s(value, none="not on first screen"):
    return none if value is None else f"{value / 1000:.2f}"


def ratio(ours, theirs):
    return "–" if not ours or not theirs else f"{theirs / ours:.1f}×"


def summary(ours: dict, theirs: dict, names: list[str]) -> dict[str, tuple]:
    def med(results, key):
        values = [results[n][key] for n in names if results[n][key] is not None]
        return statistics.median(values) if values else None
    rows = {key: (med(ours, key), med(theirs, key)) for key in ("bytes", "requests", "third_party", "fcp", "tel")}
    rows["on_screen"] = tuple(f"{sum(1 for n in names if r[n]['tel'] is not None)} / {len(names)}" for r in (ours, theirs))
    return rows


LABELS = {
    "en": {"title": "How fast is this site?", "nav": "Performance",
           "description": "How many bytes and seconds this site takes on a cheap phone, measured.",
           "intro": "We measure every page on a small phone screen (360 by 640) over a slow connection "
                    "(400 ms round trip, 400 kbit/s) with the processor slowed four times, and compare it with "
                    "the same pages in the standard design of the tool we use. These are the medians over all pages.",
           "rows": {"bytes": "Data used on the first visit (KB)", "requests": "Requests",
                    "third_party": "Requests to other websites", "fcp": "First text on screen (seconds)",
                    "tel": "First number to call on screen (seconds, pages where it is)",
                    "on_screen": "Pages with a number to call on the first screen"},
           "cols": ("Measure", "This site", "Standard design", "Standard ÷ this site"),
           "lh": "Lighthouse scores (out of 100), lowest over all pages",
           "lh_cols": ("Performance", "Accessibility", "Best practices", "SEO"),
           "when": "Measured on {date} on a 2-core test machine; every number is the median of {rounds} loads. "
                   "Requests to other websites were blocked in the test; a phone would make them.",
           "lh_scope": "in English and in Urdu", "none": "not on the first screen"},
    "ur": {"title": "یہ ویب سائٹ کتنی تیز ہے؟", "nav": "رفتار",
           "description": "سستے فون پر یہ ویب سائٹ کتنا ڈیٹا اور وقت لیتی ہے، ناپ کر۔",
           "intro": "ہم ہر صفحہ چھوٹی فون اسکرین (360 ضرب 640) پر، سست کنکشن (400 ملی سیکنڈ، 400 کلوبٹ فی سیکنڈ) اور "
                    "چار گنا سست پروسیسر کے ساتھ کھول کر ناپتے ہیں، اور انہی صفحات کے معیاری ڈیزائن سے موازنہ کرتے ہیں۔ "
                    "یہ تمام صفحات کی درمیانی قدریں ہیں۔",
           "rows": {"bytes": "پہلی بار کھولنے پر ڈیٹا (کلوبائٹ)", "requests": "درخواستیں",
                    "third_party": "دوسری ویب سائٹوں کو درخواستیں", "fcp": "اسکرین پر پہلا متن (سیکنڈ)",
                    "tel": "اسکرین پر کال کرنے کا پہلا نمبر (سیکنڈ، جن صفحات پر ہو)",
                    "on_screen": "وہ صفحات جن کی پہلی اسکرین پر کال کا نمبر ہے"},
           "cols": ("پیمائش", "یہ ویب سائٹ", "معیاری ڈیزائن", "معیاری ÷ یہ ویب سائٹ"),
           "lh": "لائٹ ہاؤس اسکور (100 میں سے)، تمام صفحات میں سب سے کم",
           "lh_cols": ("کارکردگی", "رسائی", "بہترین طریقے", "ایس ای او"),
           "when": "{date} کو 2 کور والی ٹیسٹ مشین پر ناپا گیا؛ ہر عدد {rounds} بار کھولنے کی درمیانی قدر ہے۔ "
                   "ٹیسٹ میں دوسری ویب سائٹوں کی درخواستیں روک دی گئیں؛ فون پر وہ جاتیں۔",
           "lh_scope": "انگریزی اور اردو میں", "none": "پہلی اسکرین پر نہیں"},
}


def value_cell(key, value, lang="en"):
    if key == "on_screen":
        return value
    if key == "bytes":
        return fmt_kb(value)
    if key in ("fcp", "tel"):
        return fmt_s(value, LABELS[lang]["none"])
    return "–" if value is None else f"{value:g}"


def site_page(lang: str, ours: dict, theirs: dict, names: list[str], scores: dict, today: str) -> str:
    text = LABELS[lang]
    rows = summary(ours, theirs, names)
    lines = ["---", f"title: {text['nav']}", f"description: {text['description']}", "---", "",
             f"# {text['title']}", "", text["intro"], "",
             "| " + " | ".join(text["cols"]) + " |", "|" + "---|" * len(text["cols"])]
    for key, (mine, standard) in rows.items():
        lines.append(f"| {text['rows'][key]} | {value_cell(key, mine, lang)} | {value_cell(key, standard, lang)} | "
                     f"{ratio(mine, standard) if key not in ('third_party', 'on_screen') else '–'} |")
    lows = {key: min(score[key] for score in scores.values()) for key in
            ("performance", "accessibility", "best-practices", "seo")} if scores else {}
    if lows:
        lines += ["", f"{text['lh']}, {text['lh_scope']}:", "", "| " + " | ".join(text["lh_cols"]) + " |",
                  "|---|---|---|---|", "| " + " | ".join(str(v) for v in lows.values()) + " |"]
    lines += ["", text["when"].format(date=today, rounds=ROUNDS), ""]
    return "\n".join(lines)


def full_table(ours: dict, theirs: dict, names: list[str], scores: dict, today: str) -> str:
    out = ["# Benchmark", "", f"`make bench`, {today}. {__doc__.split(chr(10), 2)[2].strip()}", "",
           f"Phone 360×640, {RTT_MS} ms round trip, {KBIT} kbit/s down and up, CPU ×{CPU}, median of {ROUNDS} cold loads.",
           "“Help visible” is the time until the first tap-to-call link is on the first screen. Bytes are the page's own "
           "network log: the service worker's background fetch of the two home pages after load (about 12 KB, "
           "counted by the byte-budget test) is not in it.", "",
           "| page | KB (this) | KB (default) | requests (this / default) | 3rd-party (this / default) | "
           "FCP s (this / default) | help visible s (this / default) | help: default ÷ this | "
           "Lighthouse perf / a11y / best / SEO |",
           "|---|---|---|---|---|---|---|---|---|"]
    for name in names:
        a, b = ours[name], theirs.get(name, {})
        lh = scores.get(name)
        out.append(f"| {name} | {fmt_kb(a['bytes'])} | {fmt_kb(b.get('bytes'))} | {a['requests']:g} / {b.get('requests', 0):g} | "
                   f"{a['third_party']:g} / {b.get('third_party', 0):g} | {fmt_s(a['fcp'])} / {fmt_s(b.get('fcp'))} | "
                   f"{fmt_s(a['tel'])} / {fmt_s(b.get('tel'))} | {ratio(a['tel'], b.get('tel'))} | "
                   + (" / ".join(str(lh[k]) for k in ("performance", "accessibility", "best-practices", "seo")) if lh else "–")
                   + " |")
    rows = summary(ours, theirs, names)
    out += ["", "Medians over all pages:", "", "| | this site | Material default | default ÷ this |", "|---|---|---|---|"]
    for key, (mine, standard) in rows.items():
        out.append(f"| {LABELS['en']['rows'][key]} | {value_cell(key, mine)} | {value_cell(key, standard)} | "
                   f"{ratio(mine, standard) if key not in ('third_party', 'on_screen') else '–'} |")
    pairs = [(ours[n]["tel"], theirs.get(n, {}).get("tel")) for n in names]
    halved = sum(1 for mine, standard in pairs if mine is not None and (standard is None or mine * 2 <= standard))
    out += ["", f"Goal (help visible in at most half the time of the default build): met on {halved} of {len(names)} "
                f"pages (a page where the default build never shows a number on the first screen counts as met)."]
    if scores:
        worst = {k: min(s[k] for s in scores.values()) for k in ("performance", "accessibility", "best-practices", "seo")}
        out.append(f"Lighthouse lowest over all pages: {worst} (goal: 100 for accessibility, best practices and SEO, "
                   f"at least 95 for performance).")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--pages", nargs="*", help="only these pages (e.g. index.html ur/get-help.html)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not update the repository")
    args = parser.parse_args(argv)
    globals()["ROUNDS"] = args.rounds
    from playwright.sync_api import sync_playwright

    site_build.console_logging()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print("building this site and the default build ...", file=sys.stderr)
        site_build.build_into(ROOT / "mkdocs.yml", work / "ours")
        build_default(work / "default", work / "default-config")
        names = args.pages or pages(work / "ours")
        ours_url, ours_server = serve(work / "ours")
        default_url, default_server = serve(work / "default")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            ours = measure(browser, ours_url, names, "this site")
            theirs = measure(browser, default_url, names, "default")
            browser.close()
        scores = {} if args.no_lighthouse else lighthouse(ours_url, names, work)
        ours_server.shutdown()
        default_server.shutdown()

    today = dt.date.today().isoformat()
    table = full_table(ours, theirs, names, scores, today)
    print(table)
    if not args.no_write:
        (ROOT / "BENCHMARK.md").write_text(table, "utf-8")
        for lang in LANGS:
            mine = [n for n in names if (n.startswith(f"{lang}/") if lang != "en" else "/" not in n)]
            (ROOT / "docs" / lang / "performance.md").write_text(
                site_page(lang, ours, theirs, mine or names, scores, today), "utf-8")
        import translations as translation_tool  # tools/translations.py: the pages were written in step
        for lang in LANGS[1:]:
            translation_tool.mark_page(ROOT, ROOT / "docs" / lang / "performance.md")
        print("Wrote BENCHMARK.md and docs/*/performance.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
