"""Writers of a story brief: JSON (the contract), Markdown, and one self-contained HTML page."""

from newsprism.render.html import render_html
from newsprism.render.json import render_json
from newsprism.render.markdown import render_markdown

__all__ = ["render_html", "render_json", "render_markdown"]
