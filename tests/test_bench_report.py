"""tools/bench_report.py: the goal lines of BENCHMARK.md, worked out from a small made-up run.

The numbers are chosen so that the two ways of dividing by the floor disagree: a slow floor load
next to a page's load hides that page, a fast one exposes it. Each line is checked in full.
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
        _load("floor", "en", "floor.html", [(500, 0), (650, 10), (650, 20)]),  # median 650
        # Median 630 (0.97x the floor's median), but its first two loads sat next to the fast floor
        # load: 1.24x and 1.26x, so paired it is above 1.2x.
        _load("site", "en", "a.html", [(620, 1), (630, 2), (700, 11)]),
        _load("site", "ur", "ur/a.html", [(660, 12), (680, 21), (690, 19)]),
        _load("naskh", "ur", "ur/a.html", [(640, 13), (600, 22), (650, 18)]),
        # A page whose number mostly never reached the first screen counts as above every goal.
        _load("site", "en", "b.html", [(None, 4), (None, 14), (700, 23)]),
    ],
}


def test_goal_lines_give_both_divisions_by_the_floor_and_list_the_pages_above():
    assert bench_report.goals(RESULTS) == [
        "ur (fonts as installed) help visible ÷ en: 1.08× (goal ≤ 1.1×: met)",
        "ur (Naskh) help visible ÷ en: 1.02× (goal ≤ 1.1×: met)",
        "site: worst page ÷ floor – (b.html); pages above 1.2×: 2 of 3 (a.html, b.html)",
        "site, a page's median ÷ the floor's median: worst – (b.html); pages above 1.2×: 1 of 3 (b.html)",
        "naskh: worst page ÷ floor 0.98× (ur/a.html); pages above 1.2×: 0 of 1",
        "naskh, a page's median ÷ the floor's median: worst 0.98× (ur/a.html); pages above 1.2×: 0 of 1",
    ]
