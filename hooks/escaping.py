"""Templates escape by default: autoescape for every template of overrides/ (hooks/templating.py).

Events: on_env, first of all hooks, before any template is compiled.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

import templating


@event_priority(100)
def on_env(env, *, config, files):
    return templating.escape_by_default(env, config)
