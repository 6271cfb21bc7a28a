"""Page assets: the inlined stylesheet, the Content-Security-Policy, and no unused theme files.

Events: on_env minifies overrides/assets/site.css, hands it to the templates to inline (so the
page paints from the first response) together with a CSP that allows only the site's own files
and exactly that stylesheet (by its SHA-256); on_post_build deletes mkdocs-material's own CSS and
JavaScript, which no page loads, so that mirrors and bundles carry only what is used.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

import sitedata

UNUSED_THEME_FOLDERS = ("assets/javascripts", "assets/stylesheets", "assets/images")


def minify(css: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{}:;,>])\s*", r"\1", css)
    return css.replace(";}", "}").strip()


def content_security_policy(inline_css: str) -> str:
    digest = base64.b64encode(hashlib.sha256(inline_css.encode("utf-8")).digest()).decode("ascii")
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        f"style-src 'sha256-{digest}'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def on_env(env, config, files):
    css = minify((sitedata.root(config) / "overrides" / "assets" / "site.css").read_text("utf-8"))
    env.globals["inline_css"] = css
    env.globals["csp"] = content_security_policy(css)
    return env


def on_post_build(config):
    for folder in UNUSED_THEME_FOLDERS:
        shutil.rmtree(Path(config.site_dir) / folder, ignore_errors=True)
    (Path(config.site_dir) / "assets" / "site.css").unlink(missing_ok=True)  # inlined in every page
