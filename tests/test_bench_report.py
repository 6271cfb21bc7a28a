"""tools/bench_report.py: the goal lines of BENCHMARK.md, worked out from a small made-up run.

The floor of the made-up run has one stray fast load (at 10) and gets slower in its second half
(from 40 on), as a shared machine might. "÷ floor" divides each load by the median of the five
floor loads nearest in time: the stray load does not decide a page, the slow half is followed. The
issue's arithmetic (a page's median ÷ the floor's median) does not follow the machine. Each line is
checked in full.
"""

from __future__ import annotations

import bench_report


def _load(run: str, lang: str, page: str, loads: list[tuple[float | None, int]]) -> dict:
    """One page of one run: (help visible in ms, place in the run) per load."""
    return {"run": run, "lang": lang, "page": page,
            "runs": [{"bytes": 9000, "requests": 2, "third_party": 0, "fcp": tel, "tel": tel, "at": at}
                     for tel, at in loads]}


RESULTS = {
    "languages": ["en", "ur"],
    "loads": [
        _load("floor", "en", "floor.html",
              [(500, 0), (380, 10), (500, 20), (500, 30), (650, 40), (650, 50), (650, 60)]),  # median 500
        # Loaded while the machine was slow: 1.08x, 1.09x and 1.11x the floor then (650 ms), but
        # 1.42x the floor's median.
        _load("site", "en", "a.html", [(700, 52), (710, 55), (720, 58)]),
        # Next to the stray fast floor load (380 ms, which alone would make it 1.47x), yet 1.14x
        # the five floor loads nearest in time (500 ms) and 1.14x the floor's median.
        _load("site", "en", "c.html", [(560, 9), (570, 11), (580, 12)]),
        _load("site", "ur", "ur/a.html", [(560, 12), (580, 21), (590, 19)]),
        _load("naskh", "ur", "ur/a.html", [(540, 13), (500, 22), (550, 18)]),
        # A page whose number mostly never reached the first screen counts as above every goal.
        _load("site", "en", "b.html", [(None, 4), (None, 14), (700, 23)]),
    ],
}


def test_goal_lines_give_both_divisions_by_the_floor_and_list_the_pages_above():
    assert bench_report.goals(RESULTS) == [
        "ur (fonts as installed) help visible ÷ en: 0.91× (goal ≤ 1.1×: met)",
        "ur (Naskh) help visible ÷ en: 0.84× (goal ≤ 1.1×: met)",
        "site: worst page ÷ floor – (b.html); pages above 1.2×: 1 of 4 (b.html)",
        "site, a page's median ÷ the floor's median: worst – (b.html); pages above 1.2×: 2 of 4 (a.html, b.html)",
        "naskh: worst page ÷ floor 1.08× (ur/a.html); pages above 1.2×: 0 of 1",
        "naskh, a page's median ÷ the floor's median: worst 1.08× (ur/a.html); pages above 1.2×: 0 of 1",
    ]


def test_each_load_is_divided_by_the_median_of_the_five_floor_loads_nearest_in_time():
    ratios = bench_report.floor_ratios(RESULTS, "site")
    assert round(ratios["a.html"], 3) == round(710 / 650, 3)
    assert round(ratios["c.html"], 3) == round(570 / 500, 3)
    assert ratios["b.html"] is None
    assert round(ratios["ur/a.html"], 3) == round(580 / 500, 3)


def test_the_report_names_the_command_that_made_it_rounds_included():
    run = {**RESULTS, "rounds": 9, "minutes": 17.6, "date": "2026-12-03", "cores": 2, "chromium": "156",
           "lighthouse_version": "13", "phone": {"width": 360, "height": 640, "rtt_ms": 400, "kbit": 400, "cpu": 4}}
    first = bench_report.full_report(run).splitlines()[2]
    assert first.startswith("`make bench ROUNDS=9` (17.6 minutes), 2026-12-03, 2 cores,")
