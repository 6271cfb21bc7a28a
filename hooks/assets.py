"""Page assets: the inlined stylesheet, the Content-Security-Policy, and no unused theme files.

Events: on_env minifies overrides/assets/site.css with rcssmin (a real minifier: it never changes
what a selector means), hands it to the templates to inline (so the page paints from the first
response) together with the CSP of hooks/csp.py; on_post_build deletes mkdocs-material's own CSS
and JavaScript, which no page loads, so that mirrors and bundles carry only what is used.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import rcssmin
from markupsafe import Markup

import csp
import sitedata

UNUSED_THEME_FOLDERS = ("assets/javascripts", "assets/stylesheets", "assets/images")


def on_env(env, *, config, files):
    css = rcssmin.cssmin((sitedata.root(config) / "overrides" / "assets" / "site.css").read_text("utf-8"))
    env.globals["inline_css"] = Markup(css)  # the project's own file, not editors' data: inlined as it is
    env.globals["csp"] = csp.policy(css)
    return env


def on_post_build(*, config):
    for folder in UNUSED_THEME_FOLDERS:
        shutil.rmtree(Path(config.site_dir) / folder, ignore_errors=True)
    (Path(config.site_dir) / "assets" / "site.css").unlink(missing_ok=True)  # inlined in every page
