"""The Content-Security-Policy of every page: only the site's own files, and exactly the inlined
stylesheet (by its SHA-256). Not a hook: hooks/assets.py writes it, hooks/output_audit.py checks it."""

from __future__ import annotations

import base64
import hashlib


def policy(inline_css: str) -> str:
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
