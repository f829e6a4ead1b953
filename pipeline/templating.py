"""The one Jinja environment: autoescape on for every template, StrictUndefined (a template
asking for a value the page does not have fails, naming the template's file and line)."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import jinja2

from pipeline.errors import ConfigError, Problem, UsageError


def make_environment(templates: Path) -> jinja2.Environment:
    """Jinja with autoescape on for every template and StrictUndefined (a missing key fails)."""
    if not templates.is_dir():
        raise UsageError(f"{templates}: templates folder not found")
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template; template mistakes become a ConfigError naming file and line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as err:
        raise ConfigError(
            [
                Problem(
                    err.filename or name,
                    row=err.lineno,
                    message=f"template syntax error: {err.message}",
                )
            ]
        ) from None
    except jinja2.TemplateNotFound as err:
        raise ConfigError(
            [Problem(str(err.name), message="template not found in the templates folder")]
        ) from None
    except jinja2.UndefinedError as err:
        where = [f for f in traceback.extract_tb(err.__traceback__) if f.filename.endswith(".j2")]
        file, line = (where[-1].filename, where[-1].lineno) if where else (name, None)
        raise ConfigError(
            [
                Problem(
                    file,
                    row=line,
                    message=f"template uses a value the page does not have: {err.message}",
                )
            ]
        ) from None
