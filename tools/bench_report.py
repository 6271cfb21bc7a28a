"""Turn the bench's raw results (BENCHMARK.json, written by tools/bench.py) into BENCHMARK.md and
docs/<lang>/performance.md for every language of mkdocs.yml.

    python tools/bench_report.py [BENCHMARK.json]

The performance pages' words come from data/strings.yaml (the perf_* keys), the languages from
hooks/locales.py. Medians are over every load: a load where no number reached the first screen
counts as slower than any other, so a page's median is "not on the first screen" when most of its
loads had none. This script never marks a translation: after a run, read docs/<lang>/performance.md
and record it with `make translations MARK=docs/<lang>/performance.md`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
import sys
from pathlib import Path

import yaml
from babel.dates import format_date

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
import locales  # noqa: E402  hooks/locales.py
import translation_status  # noqa: E402  hooks/translation_status.py

KEYS = ("bytes", "requests", "third_party", "fcp", "tel")
LIGHTHOUSE = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"urdu_vs_english": 1.1, "floor": 1.2, "search_kb": 25}
FLOOR_WINDOW = 5  # floor loads whose median is "the floor" for a page's load (floor_ratios)


def median(values: list) -> float | None:
    """The median, a missing value (None) counting as the slowest; None if that is the median."""
    value = statistics.median(math.inf if v is None else v for v in values)
    return None if value == math.inf else value


def medians(load: dict) -> dict:
    return {key: median([run[key] for run in load["runs"]]) for key in KEYS}


def runs(results: dict, run: str, lang: str | None = None) -> dict[str, dict]:
    """Page -> medians, for one run (site, naskh, default, floor), optionally one language."""
    return {load["page"]: medians(load) for load in results["loads"]
            if load["run"] == run and (lang is None or load["lang"] == lang)}


def floor_ms(results: dict) -> float:
    return next(iter(runs(results, "floor").values()))["tel"]


def floor_ratios(results: dict, run: str, lang: str | None = None) -> dict[str, float | None]:
    """Page -> the median over its loads of help visible ÷ the floor at that moment of the run: the
    median of the FLOOR_WINDOW floor loads nearest in time. The window follows a machine that slows
    down during a run (a busy moment slows both sides of a ratio alike), and no single floor load
    weighs on a ratio: a floor load scatters far more than the machine drifts (2026-12-02, 21 loads:
    standard deviation 29 ms of 561, correlation with the next floor load 0.13), so dividing by the
    one nearest load added the floor's whole scatter to every ratio. (Results without load positions,
    from before they were recorded, are divided by the floor's median.)"""
    floors = [(one.get("at"), one["tel"])
              for load in results["loads"] if load["run"] == "floor" for one in load["runs"]]

    def floor_then(one):
        if one.get("at") is None or any(at is None for at, _ in floors):
            return floor_ms(results)
        near = sorted(floors, key=lambda floor: abs(floor[0] - one["at"]))[:FLOOR_WINDOW]
        return median([tel for _, tel in near])

    def ratio(one):
        floor = floor_then(one)
        return None if one["tel"] is None or floor is None else one["tel"] / floor

    return {load["page"]: median([ratio(one) for one in load["runs"]])
            for load in results["loads"] if load["run"] == run and (lang is None or load["lang"] == lang)}


def median_ratios(results: dict, run: str) -> dict[str, float | None]:
    """Page -> its median help visible ÷ the floor's median in the same run: the arithmetic of the
    issue's own table, which does not follow the machine through the run as floor_ratios does."""
    floor = floor_ms(results)
    return {page: None if row["tel"] is None else row["tel"] / floor for page, row in runs(results, run).items()}


def floor_goal(label: str, ratios: dict[str, float | None]) -> str:
    """`label` with the worst page, then how many pages (and which) are above the floor goal."""
    page = max(ratios, key=lambda p: math.inf if ratios[p] is None else ratios[p])
    above = sorted(p for p, ratio in ratios.items() if ratio is None or ratio > GOALS["floor"])
    listed = f" ({', '.join(above)})" if above else ""
    return (f"{label} {ratio_text(ratios[page])} ({page}); "
            f"pages above {GOALS['floor']}×: {len(above)} of {len(ratios)}{listed}")


def over(rows: dict[str, dict], key: str) -> float | None:
    values = [row[key] for row in rows.values() if row[key] is not None]
    return statistics.median(values) if values else None


def middle(ratios: dict[str, float | None]) -> float | None:
    """The median over pages, of the pages where a number reached the first screen (as over())."""
    values = [value for value in ratios.values() if value is not None]
    return statistics.median(values) if values else None


def worst(rows: dict[str, dict], key: str = "tel") -> tuple[str, float | None]:
    page = max(rows, key=lambda p: math.inf if rows[p][key] is None else rows[p][key])
    return page, rows[page][key]


def ms(value) -> str:
    return "–" if value is None else f"{value:.0f} ms"


def ratio_text(value) -> str:
    return "–" if value is None else f"{value:.2f}×"


def times(value, base) -> str:
    return "–" if value is None or not base else f"{value / base:.2f}×"


def summary_table(results: dict) -> str:
    floor = floor_ms(results)
    out = ["| run | pages | help visible, median | worst page | median ÷ floor | worst ÷ floor | FCP, median "
           "| KB, median |",
           "|---|---|---|---|---|---|---|---|",
           f"| the floor: the smallest page with the number in its header | 1 | {ms(floor)} | – | 1.00× | – | "
           f"{ms(over(runs(results, 'floor'), 'fcp'))} | {over(runs(results, 'floor'), 'bytes') / 1024:.1f} |"]
    labels = {"site": "this site, {lang}", "naskh": "this site, {lang}, Nastaliq hidden (Naskh renders)",
              "default": "Material default build (a sample), {lang}"}
    for run, label in labels.items():
        for lang in results["languages"]:
            rows = runs(results, run, lang)
            if not rows:
                continue
            page, slowest = worst(rows)
            shown = ms(slowest) if slowest is not None else "no number on the first screen"
            ratio = floor_ratios(results, run, lang)
            highest = max(ratio.values(), key=lambda v: math.inf if v is None else v)
            out.append(f"| {label.format(lang=lang)} | {len(rows)} | {ms(over(rows, 'tel'))} | {shown} ({page}) | "
                       f"{ratio_text(middle(ratio))} | {ratio_text(highest)} | {ms(over(rows, 'fcp'))} | "
                       f"{over(rows, 'bytes') / 1024:.1f} |")
    return "\n".join(out) + "\n\n" + "\n".join(f"- {line}" for line in goals(results)) + "\n"


def goals(results: dict) -> list[str]:
    """The goals of issue 15, each with its number and whether it is met."""
    default = results["languages"][0]
    lines = []
    first = over(runs(results, "site", default), "tel")
    for lang in results["languages"][1:]:
        for run, fonts in (("site", "fonts as installed"), ("naskh", "Naskh")):
            mine = over(runs(results, run, lang), "tel")
            if mine is not None and first:
                met = "met" if mine / first <= GOALS["urdu_vs_english"] else "NOT met"
                lines.append(f"{lang} ({fonts}) help visible ÷ {default}: {mine / first:.2f}× "
                             f"(goal ≤ {GOALS['urdu_vs_english']}×: {met})")
    for run in ("site", "naskh"):
        if runs(results, run):
            lines.append(floor_goal(f"{run}: worst page ÷ floor", floor_ratios(results, run)))
            lines.append(floor_goal(f"{run}, a page's median ÷ the floor's median: worst", median_ratios(results, run)))
    for lang, search in results.get("search", {}).items():
        kb = search["bytes"] / 1024
        lines.append(f"first search, {lang}: {kb:.1f} KB as sent ({', '.join(search['files'])}); goal ≤ "
                     f"{GOALS['search_kb']} KB: {'met' if kb <= GOALS['search_kb'] else 'NOT met'}")
    if results.get("lighthouse"):
        below = {page: s["scores"] for page, s in results["lighthouse"].items() if min(s["scores"].values()) < 100}
        lines.append(f"Lighthouse mobile: {len(results['lighthouse']) - len(below)} of {len(results['lighthouse'])} "
                     f"pages at 100/100/100/100" + (f"; below: {below}" if below else ""))
    for where, fonts in results.get("fonts", {}).items():
        lines.append(f"fonts drawing the heading, {where}: {', '.join(fonts)}")
    return lines


def full_report(results: dict) -> str:
    phone = results["phone"]
    site, naskh = runs(results, "site"), runs(results, "naskh")
    site_ratio, naskh_ratio = floor_ratios(results, "site"), floor_ratios(results, "naskh")
    out = ["# Benchmark", "",
           f"`make bench ROUNDS={results['rounds']}` ({results['minutes']} minutes), {results['date']}, "
           f"{results['cores']} cores, chromium "
           f"{results['chromium']}, Lighthouse {results['lighthouse_version']}. Raw results: BENCHMARK.json; this file "
           "and docs/*/performance.md are written from it by tools/bench_report.py.", "",
           f"Phone {phone['width']}×{phone['height']}, {phone['rtt_ms']} ms round trip, {phone['kbit']} kbit/s down "
           f"and up, CPU ×{phone['cpu']}; every number is the median of {results['rounds']} cold loads, all runs "
           "interleaved in one session. “Help visible” is the time until the first tel: link is painted on the first "
           "screen (its Element Timing render time, the clock of FCP). "
           "The floor is the smallest possible page with the number in its header, loaded all through the run; "
           f"“÷ floor” is the median over a page's loads of its time ÷ the median of the {FLOOR_WINDOW} floor loads "
           "nearest in time.", "",
           "## Summary", "", summary_table(results),
           "## Every page", "",
           "| page | KB | requests | 3rd-party | FCP | help visible | ÷ floor | help visible, Naskh | ÷ floor | "
           "Lighthouse perf / a11y / best / SEO |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for page, row in site.items():
        other = naskh.get(page, {"tel": None})
        scores = results.get("lighthouse", {}).get(page)
        out.append(f"| {page} | {row['bytes'] / 1024:.1f} | {row['requests']:g} | {row['third_party']:g} | "
                   f"{ms(row['fcp'])} | {ms(row['tel'])} | {ratio_text(site_ratio[page])} | "
                   f"{ms(other['tel']) if page in naskh else '–'} | {ratio_text(naskh_ratio.get(page))} | "
                   + (" / ".join(str(scores["scores"][k]) for k in LIGHTHOUSE) if scores else "–") + " |")
    return "\n".join(out) + "\n"


def number(value: str, language: locales.Language) -> str:
    """A number kept left to right (and on one line) inside right-to-left text."""
    return f'<bdi dir="ltr">{value}</bdi>' if language.direction == "rtl" else value


def performance_page(results: dict, language: locales.Language, text: dict, old: str) -> str:
    """docs/<lang>/performance.md; its front matter keeps what a person recorded there (source_hash)."""
    mine, theirs = runs(results, "site", language.locale), runs(results, "default", language.locale)
    def n(value, form="{}"):
        return "–" if value is None else number(form.format(value), language)

    def seconds(value, key):
        return text["perf_none"] if value is None and key == "tel" else n(value and value / 1000, "{:.2f}")

    def ratio(a, b):
        return "–" if not a or not b else n(b / a, "{:.1f}×")

    def on_screen(rows):
        return "–" if not rows else n(f"{sum(1 for row in rows.values() if row['tel'] is not None)} / {len(rows)}")

    med = {key: (over(mine, key), over(theirs, key)) for key in KEYS}
    rows = [("perf_bytes", *(n(v and v / 1024, "{:.1f}") for v in med["bytes"]), ratio(*med["bytes"])),
            ("perf_requests", *(n(v, "{:g}") for v in med["requests"]), ratio(*med["requests"])),
            ("perf_third_party", *(n(v, "{:g}") for v in med["third_party"]), "–"),
            ("perf_fcp", *(seconds(v, "fcp") for v in med["fcp"]), ratio(*med["fcp"])),
            ("perf_tel", *(seconds(v, "tel") for v in med["tel"]), ratio(*med["tel"])),
            ("perf_floor", *(n(middle(floor_ratios(results, run, language.locale)) if rows_ else None,
                                 "{:.2f}×") for run, rows_ in (("site", mine), ("default", theirs))), "–"),
            ("perf_on_screen", on_screen(mine), on_screen(theirs), "–")]
    phone = results["phone"]
    meta = translation_status.split(old)[0] if old else {}
    meta.update(title=text["perf_nav"], description=text["perf_description"])
    lines = ["---", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000).strip(), "---", "",
             f"# {text['perf_title']}", "",
             text["perf_intro"].format(width=phone["width"], height=phone["height"], rtt=phone["rtt_ms"],
                                       kbit=phone["kbit"], cpu=phone["cpu"], count=len(mine), language=language.name),
             "", "| " + " | ".join(text[k] for k in ("perf_col_measure", "perf_col_site", "perf_col_standard",
                                                       "perf_col_ratio")) + " |", "|---|---|---|---|"]
    lines += [f"| {text[key]} | {a} | {b if theirs else '–'} | {c} |" for key, a, b, c in rows]
    if theirs:
        lines += ["", text["perf_sample"].format(count=n(len(theirs)))]
    naskh = over(runs(results, "naskh", language.locale), "tel")
    if naskh is not None:
        lines += ["", text["perf_naskh"].format(seconds=n(naskh / 1000, "{:.2f}"))]
    if results.get("lighthouse"):
        lows = [min(s["scores"][key] for s in results["lighthouse"].values()) for key in LIGHTHOUSE]
        lines += ["", text["perf_lighthouse"], "",
                  "| " + " | ".join(text["perf_lh_" + key.replace("-", "_")] for key in LIGHTHOUSE) + " |",
                  "|---|---|---|---|", "| " + " | ".join(n(v) for v in lows) + " |"]
    date = format_date(dt.date.fromisoformat(results["date"]), format="long", locale=language.locale)
    lines += ["", text["perf_when"].format(date=date, cores=n(results["cores"]), rounds=n(results["rounds"])),
              ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    source = Path(argv[0]) if argv else ROOT / "BENCHMARK.json"
    results = json.loads(source.read_text("utf-8"))
    table = yaml.safe_load((ROOT / "data" / "strings.yaml").read_text("utf-8"))
    languages = locales.from_file()
    (ROOT / "BENCHMARK.md").write_text(full_report(results), "utf-8")
    for language in languages:
        path = ROOT / "docs" / language.locale / "performance.md"
        text = {**table[languages[0].locale], **table.get(language.locale, {})}
        old = path.read_text("utf-8") if path.is_file() else ""
        path.write_text(performance_page(results, language, text, old), "utf-8")
    print(summary_table(results))
    behind = [f"docs/{lang.locale}/performance.md" for lang in languages[1:]
              if translation_status.page_status(ROOT / "docs", languages[0].locale, lang.locale, "performance.md")
              != "up to date"]
    print("Wrote BENCHMARK.md and " + ", ".join(f"docs/{lang.locale}/performance.md" for lang in languages) + ".",
          file=sys.stderr)
    for page in behind:
        print(f"{page}: not marked as translated. Read it, then: make translations MARK={page}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
