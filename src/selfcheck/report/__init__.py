"""Renderings of one view of a session (or of many): JSON, text, Markdown, HTML, Rich, CSV."""
