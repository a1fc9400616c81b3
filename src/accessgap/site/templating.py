"""The one Jinja environment every page and chart template is rendered with (autoescaped)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import vocab
from ..labels import label
from .dates import format_date, format_stage_date
from .enrich import quantity_text
from .escape import inline_markdown, md_text, safe_url, yaml_scalar


def environment() -> Environment:
    env = Environment(loader=PackageLoader("accessgap.site", "templates"), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=False)
    env.filters["md"] = lambda v: Markup(md_text(v))
    env.filters["inline_md"] = inline_markdown
    env.filters["human_date"] = format_date
    env.filters["stage_date"] = format_stage_date
    env.filters["quantity"] = quantity_text
    env.filters["safe_href"] = safe_url
    # Markup, not text: the value is YAML for the front matter, where HTML escaping would change it.
    env.filters["yaml"] = lambda v: Markup(yaml_scalar(str(v)))
    env.globals["gap_titles"] = vocab.GAP_TYPE_TITLES
    env.filters["label"] = label
    return env
