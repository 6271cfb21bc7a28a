"""make bench: measure the site on a slow phone and write the raw results to BENCHMARK.json.

    python tools/bench.py                 every page of every language, ROUNDS cold loads each (about 10
                                          minutes on a quiet 2-core machine, 20 when other jobs share it)
    python tools/bench.py --rounds 9      a longer, steadier run
    python tools/bench.py --quick         a few pages, no Lighthouse, no default build (~2 min); writes
                                          build/bench-quick.json and prints the table, nothing else

Everything is served with gzip on 127.0.0.1 and loaded in Debian's chromium (tools/browser.py) as a
360x640 phone, 400 ms round trip, 400 kbit/s down and up, CPU 4x slower, from a cold cache. The
runs, in one interleaved order so that a busy moment of a shared machine falls on all of them alike:
  site     every page of every language (fonts as installed: Urdu in Noto Nastaliq Urdu)
  naskh    the right-to-left pages again with Nastaliq hidden from the browser (a fontconfig file,
           FONTCONFIG_FILE): Naskh renders, as on most Android phones
  floor    the smallest possible page with the number in its header: the floor of this connection
  default  a sample of the pages built with mkdocs-material's defaults (same content and registry)
Each load records bytes, requests, requests to other hosts (blocked: this machine has no network),
first contentful paint and "help visible", the time until the first tel: link is painted on the
first screen (Element Timing: when the frame with it was presented, not when it was laid out).
Then Lighthouse (tools/lighthouse, npm, pointed at the same chromium) scores every page with its
mobile defaults, and the first search of each language is weighed.

tools/bench_report.py turns the JSON into BENCHMARK.md and docs/<lang>/performance.md (run by this
script unless --quick or --no-write). It never marks a translation: check docs/<lang>/performance.md
and record it with `make translations MARK=...`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import html
import http.server
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "hooks"))
import browser as phone  # noqa: E402  tools/browser.py
import build as site_build  # noqa: E402  tools/build.py
import locales  # noqa: E402  hooks/locales.py

ROUNDS = 3
RESULTS = ROOT / "BENCHMARK.json"
QUICK_RESULTS = ROOT / "build" / "bench-quick.json"
SAMPLE = ("index", "get-help", "how-traffickers-recruit")  # --quick, and the default build's pages
HIDE_NASTALIQ = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><pattern>
    <patelt name="family"><string>Noto Nastaliq Urdu</string></patelt>
  </pattern></rejectfont></selectfont>
</fontconfig>
"""
TEL_WATCH = """(() => {
  /* "Help visible": when the first tel: link's text is painted inside the first screen (Element
     Timing's renderTime, the clock of first-contentful-paint). The attribute is set as the parser
     inserts the link, before it is painted; chromium times text by its block, so an inline link's
     parent is timed. */
  new MutationObserver((records, observer) => {
    const a = document.querySelector('a[href^="tel:"]');
    if (!a) return;
    const timed = getComputedStyle(a).display === 'inline' ? a.parentElement : a;
    timed.setAttribute('elementtiming', 'bench-help');
    observer.disconnect();
  }).observe(document, {childList: true, subtree: true});
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const box = entry.intersectionRect;
      if (entry.identifier === 'bench-help' && window.__telVisible === undefined
          && box.height > 0 && box.top >= 0 && box.bottom <= innerHeight) window.__telVisible = entry.renderTime;
    }
  }).observe({type: 'element', buffered: true});
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
    """The same pages and registry with mkdocs-material's defaults: its own layout, CSS, JS and fonts.
    Only the markers hook stays (it turns the pages' contact markers into cards), with the card partials."""
    from mkdocs.utils.yaml import yaml_load

    partials = work / "theme" / "partials"
    partials.mkdir(parents=True)
    for card in (ROOT / "overrides" / "partials").glob("contact-*.html"):
        (partials / card.name).write_bytes(card.read_bytes())
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        raw = yaml_load(file)
    plugins = [plugin for plugin in raw["plugins"] if plugin != "offline"]
    config = locales.load_config(ROOT / "mkdocs.yml", site_dir=str(out), strict=False, plugins=plugins,
                                 theme={"name": "material", "custom_dir": str(work / "theme"), "language": "en"},
                                 hooks=[str(ROOT / "hooks" / "markers.py")])
    site_build.build_config(config)


def build_floor(out: Path, site: Path, language: locales.Language) -> str:
    """The smallest possible page with the site's first number in its header; returns its file name."""
    from bs4 import BeautifulSoup

    link = BeautifulSoup((site / language.home).read_text("utf-8"), "html.parser").select_one('a[href^="tel:"]')
    out.mkdir(parents=True, exist_ok=True)
    (out / "floor.html").write_text(
        f'<!doctype html><html lang="{language.locale}"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1"><title>Help</title>'
        f'<header><a href="{html.escape(link["href"])}">{html.escape(link.get_text(" ", strip=True))}</a></header>\n',
        "utf-8")
    return "floor.html"


def load_once(browser, url: str) -> dict:
    """One cold load on the throttled phone."""
    context = browser.new_context(**phone.PHONE, bypass_csp=True)
    try:
        stats = {"bytes": 0, "third_party": 0}
        seen, pending = set(), set()

        def route(request_route):
            if urlsplit(request_route.request.url).hostname in ("127.0.0.1", None):
                return request_route.continue_()
            stats["third_party"] += 1
            return request_route.abort()

        def finished(event):
            pending.discard(event["requestId"])
            stats["bytes"] += event.get("encodedDataLength", 0)

        context.route("**/*", route)
        page = context.new_page()
        cdp = phone.throttle(context, page)
        cdp.on("Network.requestWillBeSent",
               lambda event: (seen.add(event["requestId"]), pending.add(event["requestId"])))
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.loadingFailed", lambda event: pending.discard(event["requestId"]))
        page.add_init_script(TEL_WATCH)
        page.goto(url, wait_until="load", timeout=120_000)
        deadline = time.monotonic() + 30
        while pending and time.monotonic() < deadline:  # what the page still fetches after load
            page.wait_for_timeout(50)
        try:
            page.wait_for_function("() => window.__telVisible !== undefined", timeout=3_000)
        except Exception:  # noqa: BLE001 - no number on the first screen: recorded as null
            pass
        stats["requests"] = len(seen)
        stats["fcp"] = page.evaluate(
            "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
        stats["tel"] = page.evaluate("() => window.__telVisible ?? null")
        return stats
    finally:
        context.close()


def fonts_used(browser, url: str) -> list[str]:
    """The fonts chromium actually drew the page's heading with (unthrottled, once)."""
    context = browser.new_context(**phone.PHONE)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        cdp = context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return [font["familyName"] for font in sorted(fonts, key=lambda font: -font["glyphCount"])]
    finally:
        context.close()


def first_search(browser, url: str) -> dict:
    """Bytes (as sent, gzip) that the first search on `url` downloads, and the files (from the
    network: the service worker, which might answer from its store, is blocked)."""
    context = browser.new_context(**phone.PHONE, service_workers="block")
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        files, sizes = {}, []
        cdp.on("Network.requestWillBeSent",
               lambda event: files.__setitem__(event["requestId"], event["request"]["url"]))
        cdp.on("Network.loadingFinished", lambda event: sizes.append((event["requestId"], event["encodedDataLength"])))
        field = page.locator("#site-search input")
        field.scroll_into_view_if_needed()
        field.fill(page.evaluate("() => document.querySelector('h1').textContent.trim().split(/\\s+/)[0]"))
        page.locator("#site-search ol li").first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        return {"bytes": sum(size for _, size in sizes),
                "files": sorted(urlsplit(files.get(rid, "?")).path for rid, _ in sizes)}
    finally:
        context.close()


def lighthouse(base: str, paths: list[str]) -> dict[str, dict]:
    """Lighthouse's mobile defaults on every page, one chromium for all (tools/lighthouse/run.mjs)."""
    tools = ROOT / "tools" / "lighthouse"
    if not (tools / "node_modules" / "lighthouse").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=tools, check=True)
    process = subprocess.Popen(["node", "run.mjs", *phone.FLAGS, "--", *(base + path for path in paths)], cwd=tools,
                               stdout=subprocess.PIPE, text=True, env={**os.environ, "CHROME_PATH": phone.CHROMIUM})
    scores = {}
    for number, line in enumerate(process.stdout, 1):
        result = json.loads(line)
        path = result.pop("url")[len(base):]
        scores[path] = result
        print(f"  lighthouse {number}/{len(paths)} {path}: {result['scores']}", file=sys.stderr, flush=True)
    if process.wait() != 0 or len(scores) != len(paths):
        raise SystemExit("Lighthouse failed (see above)")
    return scores


def plan(languages, names: list[str], quick: bool) -> list[dict]:
    """Every (run, language, page) to load, each ROUNDS times."""
    items = [{"run": "site", "lang": lang.locale, "page": lang.prefix + f"{name}.html"}
             for lang in languages for name in names]
    items += [{"run": "naskh", "lang": lang.locale, "page": lang.prefix + f"{name}.html"}
              for lang in languages if lang.direction == "rtl" for name in names]
    if not quick:
        items += [{"run": "default", "lang": lang.locale, "page": lang.prefix + f"{name}.html"}
                  for lang in languages for name in names if name in SAMPLE]
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print the table; write neither Markdown nor JSON")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    import bench_report

    started = time.monotonic()
    languages = locales.from_file()
    names = sorted(md.stem for md in (ROOT / "docs" / languages[0].locale).glob("*.md"))
    if args.quick:
        names = [name for name in names if name in SAMPLE]
    items = plan(languages, names, args.quick)
    site_build.console_logging()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print("building this site" + ("" if args.quick else " and the default build") + " ...", file=sys.stderr)
        site_build.build_into(ROOT / "mkdocs.yml", work / "site")
        floor = build_floor(work / "floor", work / "site", languages[0])
        if not args.quick:
            build_default(work / "default", work / "default-config")
        fontconfig = work / "naskh-fonts.conf"
        fontconfig.write_text(HIDE_NASTALIQ, "utf-8")
        servers = {run: serve(work / folder) for run, folder in
                   (("site", "site"), ("naskh", "site"), ("floor", "floor"), ("default", "default"))
                   if (work / folder).is_dir()}
        loads = {(item["run"], item["page"]): dict(item, runs=[]) for item in items}
        floor_item = {"run": "floor", "lang": languages[0].locale, "page": floor, "runs": []}
        with sync_playwright() as p:
            browsers = {"site": phone.launch(p), "naskh": phone.launch(p, env={"FONTCONFIG_FILE": str(fontconfig)})}
            browser_of = lambda run: browsers["naskh" if run == "naskh" else "site"]  # noqa: E731
            total = args.rounds * (len(items) + (len(items) + 7) // 8)
            done = 0
            for round_number in range(args.rounds):
                order = list(loads.values())
                random.Random(round_number).shuffle(order)
                for position, item in enumerate(order):
                    batch = [floor_item, item] if position % 8 == 0 else [item]  # the floor, all through the run
                    for one in batch:
                        result = load_once(browser_of(one["run"]), servers[one["run"]][0] + one["page"])
                        one["runs"].append({**result, "at": done})  # its place in the run: the nearest floor
                        done += 1
                        print(f"  {done}/{total} {one['run']} {one['page']}: {one['runs'][-1]}", file=sys.stderr,
                              flush=True)
            fonts = {f"{run} {lang.locale}": fonts_used(browsers[run], servers[run][0] + lang.home)
                     for lang in languages for run in (("site", "naskh") if lang.direction == "rtl" else ("site",))}
            search = {lang.locale: first_search(browsers["site"], servers["site"][0] + lang.home) for lang in languages}
            chromium = browsers["site"].version
            for instance in browsers.values():
                instance.close()
        site_pages = [item["page"] for item in items if item["run"] == "site"]
        scores = {} if args.quick or args.no_lighthouse else lighthouse(servers["site"][0], site_pages)
        for _, server in servers.values():
            server.shutdown()

    results = {
        "date": dt.date.today().isoformat(), "rounds": args.rounds, "quick": args.quick,
        "minutes": round((time.monotonic() - started) / 60, 1), "cores": os.cpu_count(), "chromium": chromium,
        "lighthouse_version": json.loads((ROOT / "tools" / "lighthouse" / "package.json").read_text())
        ["dependencies"]["lighthouse"],
        "phone": {"width": phone.PHONE["viewport"]["width"], "height": phone.PHONE["viewport"]["height"],
                  "rtt_ms": phone.RTT_MS, "kbit": phone.KBIT, "cpu": phone.CPU},
        "languages": [lang.locale for lang in languages], "pages": names, "default_sample": list(SAMPLE),
        "loads": [floor_item, *loads.values()], "fonts": fonts, "search": search, "lighthouse": scores,
    }
    if args.no_write:
        print(bench_report.summary_table(results))
        return 0
    out = QUICK_RESULTS if args.quick else RESULTS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"Wrote {out.relative_to(ROOT)} ({results['minutes']} minutes)", file=sys.stderr)
    if args.quick:
        print(bench_report.summary_table(results))
        return 0
    return bench_report.main([str(out)])


if __name__ == "__main__":
    sys.exit(main())
