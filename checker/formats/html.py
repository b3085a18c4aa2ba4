"""The HTML report: one self-contained page showing each article with its sentences marked.

Everything on the page comes from ``report_data(report, body=True)`` - the same data the JSON
format writes, plus the article text - laid out by ``htmlview``. The page must be safe to
email and open offline: inline CSS, no script, no request to any address (a
Content-Security-Policy tells the browser so too), and remote images are never put in
``<img src>``. Several articles go into the same file, with an index linking to each.

Local images inside the scanned file's own folder are embedded as small re-encoded JPEG
thumbnails; nothing outside that folder is read, so a hostile page cannot pull a private
file from the reader's disk into a report that then gets shared.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provcheck.formats import FormatContext
from provcheck.formats.jsonfmt import report_data
from provcheck.report import Report

if TYPE_CHECKING:
    import jinja2

THUMB_BOX = 480  # px: the longest side of an embedded thumbnail
THUMB_MAX_BYTES = 96_000  # an encoded thumbnail larger than this is left out
IMAGE_MAX_BYTES = 20_000_000  # local files larger than this are not opened at all
IMAGE_MAX_PIXELS = 50_000_000  # nor are images larger than this (decompression bombs)
# Characters HTML does not allow in a document (controls, lone surrogates, non-characters);
# pages do carry them, and one would make the whole report invalid.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


class HtmlFormat:
    name = "html"
    summary = "one self-contained HTML page: each article with its sentences marked by source"

    def render(self, reports: Sequence[Report], ctx: FormatContext) -> str:
        # Imported here, like jinja2 and Pillow: only runs that write HTML pay for them.
        from provcheck.formats.htmlview import ArticleView, roles

        views = [
            ArticleView(report_data(r, body=True), n, thumbnail) for n, r in enumerate(reports, 1)
        ]
        labels = {r.key: r.label for r in roles()}
        template = _environment().get_template("report.html.j2")
        return template.render(articles=views, roles=roles(), labels=labels, version=ctx.version)


def thumbnail(resolved: str, source: str) -> str:
    """A data: URI for a small JPEG copy of a local image in the scanned file's folder, or ""."""
    if not resolved or ":" in resolved.split("/", 1)[0] or source in ("", "-"):
        return ""  # a URL (http:, data:, file:...) or no scanned file to be relative to
    try:
        path, root = Path(resolved).resolve(), Path(source).resolve().parent
        if not path.is_relative_to(root) or not path.is_file():
            return ""
        if path.stat().st_size > IMAGE_MAX_BYTES:
            return ""
        data = _jpeg(path)
    except (OSError, ValueError, SyntaxError, MemoryError):
        return ""  # anything Pillow cannot decode simply gets the placeholder
    if not data or len(data) > THUMB_MAX_BYTES:
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


def _jpeg(path: Path) -> bytes:
    from PIL import Image

    with Image.open(path) as im:
        width, height = im.size
        if width * height > IMAGE_MAX_PIXELS:
            return b""
        im.draft("RGB", (THUMB_BOX, THUMB_BOX))
        im.thumbnail((THUMB_BOX, THUMB_BOX))
        rgba = im.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")  # transparency shows as white, not black
    flat.paste(rgba, mask=rgba.getchannel("A"))
    buffer = io.BytesIO()
    flat.save(buffer, "JPEG", quality=78)  # re-encoding also drops the file's own metadata
    return buffer.getvalue()


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _without(data: Any, *keys: str) -> dict[str, Any]:
    """A summary minus the keys a template already showed in its own way."""
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if k not in keys}


def _printable(value: Any) -> Any:
    """Every value written into the page: forbidden characters become U+FFFD."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return _FORBIDDEN.sub("\ufffd", value)
    return value  # Markup from a macro was made of values that already passed here


# Explicit bidi formatting characters: an unclosed U+202E in a headline would reverse the text
# after it (the source, the next cell). Such text is isolated in <bdi>, which ends them.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _bdi(value: Any) -> Any:
    """Text content from the article, isolated in ``<bdi>`` when it carries bidi controls."""
    import markupsafe

    text = _printable(value)
    if isinstance(text, str) and not hasattr(text, "__html__") and _BIDI.search(text):
        return markupsafe.Markup("<bdi>%s</bdi>") % text
    return text


def _filled(data: Any) -> Any:
    """Drops empty values ("", None, [], {}) so a summary shows what it says, not its shape."""
    if isinstance(data, dict):
        kept = {k: _filled(v) for k, v in data.items()}
        return {k: v for k, v in kept.items() if v not in ("", None, [], {})}
    return data


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    from provcheck.formats.htmlview import TEMPLATES

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # article text, captions and messages are untrusted input
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_printable,
    )
    env.filters.update(clip=_clip, without=_without, filled=_filled, bdi=_bdi)
    return env
