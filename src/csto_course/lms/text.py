"""The course's question text, as an LMS wants it.

Banks hold plain text with two bits of Markdown: ``*emphasis*`` and ``<https://...>``
links. Moodle XML and QTI take HTML, so the text is escaped and those two are
turned into tags; GIFT takes its own Markdown-like text, so its special
characters are backslashed.
"""

from __future__ import annotations

import html
import re

_EMPHASIS = re.compile(r"(?<![\w*])\*([^*\n]+?)\*(?![\w*])")
_LINK = re.compile(r"&lt;(https?://[^\s<>&]+)&gt;")
_GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")


def to_html(text: str) -> str:
    """Escaped HTML: paragraphs, emphasis and links, nothing else."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", str(text).strip()) if p.strip()]
    out = []
    for p in paragraphs:
        escaped = html.escape(" ".join(p.split()), quote=False)
        escaped = _EMPHASIS.sub(r"<em>\1</em>", escaped)
        escaped = _LINK.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', escaped)
        out.append(f"<p>{escaped}</p>")
    return "".join(out)


def feedback_html(explanation: str, source: str) -> str:
    """The explanation and the source, as every question in the course shows them."""
    return to_html(explanation) + to_html(f"Source: {source}")


def gift_escape(text: str) -> str:
    """One line of GIFT text with its special characters backslashed."""
    return _GIFT_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def plain(text: str) -> str:
    return " ".join(str(text).split())
