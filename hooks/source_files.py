"""Source files: docs/ holds only Markdown pages that MkDocs can read safely.

Events: on_config checks the addresses typed in mkdocs.yml (the quick exit must lead to an https://
page that shows where it leads); on_files, before MkDocs reads any page. A file in docs/ that is
not Markdown (.html, .js, an image...) would be copied to the site as it is, unchecked: it is
refused by name. Every page must be UTF-8, and its front matter valid YAML without anchors or
aliases (which could make MkDocs' own reader hang), with a title and a description. Each problem
is one line `docs/<file>:<line>: ...`; all of them stop the build together (PluginError, no traceback).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

import checks
import pages
import yaml_source


def on_config(config):
    problem = checks.url_problem(str(config.extra.get("quick_exit_url", "")))
    if problem:
        text = Path(config.config_file_path).read_text("utf-8").splitlines()
        line = next((n for n, row in enumerate(text, 1) if "quick_exit_url:" in row), 1)
        raise PluginError(f"mkdocs.yml:{line}: extra.quick_exit_url: {problem}")
    return config


def on_files(files, *, config):
    docs = Path(config.docs_dir).resolve()
    problems = []
    for file in files:
        path = Path(file.abs_src_path or "").resolve()
        if not file.abs_src_path or docs not in path.parents:
            continue  # the theme's own files
        shown = f"docs/{path.relative_to(docs).as_posix()}"
        if path.suffix.lower() != ".md":
            problems.append(f"{shown}:1: a {path.suffix or 'extensionless'} file in docs/, which would be published "
                            "as it is without any check; expected only Markdown pages (.md): delete it, or ask "
                            "for it to be added through the templates")
            continue
        try:
            text = yaml_source.decode(path.read_bytes(), shown)
        except yaml_source.SourceError as error:
            problems.append(error.message)
            continue
        problem = pages.front_matter_problem(text, shown)
        if problem:
            problems.append(problem)
    if problems:
        raise PluginError("\n".join(problems))
    return files
