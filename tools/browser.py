"""The browser the tests and the bench share: Debian's chromium driven by Playwright, and the phone.

Not a hook, not a test: plain settings and two helpers. The tests open `PHONE` contexts (and
`LARGE_PHONE` ones, Lighthouse's screen); tools/bench.py opens the same phone and slows it down
with `throttle()` (400 ms round trip, 400 kbit/s down and up, CPU 4x slower), as a cheap phone on a
poor connection. No browser is ever downloaded: CHROMIUM is the system's chromium (or $CHROMIUM).
"""

from __future__ import annotations

import os
import shutil

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps"]
PHONE = {"viewport": {"width": 360, "height": 640}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
# Lighthouse's mobile screen (its default screenEmulation): more of a page is on the first screen.
LARGE_PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
               "has_touch": True}
RTT_MS, KBIT, CPU = 400, 400, 4


def launch(playwright, env: dict[str, str] | None = None):
    """Chromium with the shared flags; `env` is added to this process's environment (e.g. FONTCONFIG_FILE)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS,
                                      env={**os.environ, **env} if env else None)


def throttle(context, page):
    """Slow `page` to the bench's phone: no cache, RTT_MS latency, KBIT both ways, CPU times slower.
    Returns the CDP session, for listening to network events."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": RTT_MS,
                                                   "downloadThroughput": KBIT * 1000 / 8,
                                                   "uploadThroughput": KBIT * 1000 / 8})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU})
    return cdp
