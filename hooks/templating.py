"""The template environment's one rule: everything the project's own templates print is escaped.

Not a hook: hooks/escaping.py applies it to the environment MkDocs renders pages with, and
hooks/markers.py to the one it renders contact markers with. Every template found in overrides/
is compiled with autoescape on, so text from data/*.yaml, front matter or mkdocs.yml is always
data, never markup. The few values that are markup by design reach the templates as
markupsafe.Markup (the inlined stylesheet, the QR code's SVG) or are marked `|safe` where the
template prints them (a page's HTML, made from reviewed Markdown and audited after the build).
Material's own templates, which this site does not render as pages, are left as they are.
"""

from __future__ import annotations


import jinja2

import sitedata


def escape_by_default(env: jinja2.Environment, config) -> jinja2.Environment:
    overrides = (sitedata.root(config) / "overrides").resolve()

    def ours(name: str | None) -> bool:
        if name is None:
            return False
        path = (overrides / name).resolve()
        return path.is_file() and overrides in path.parents

    env.autoescape = ours
    return env
