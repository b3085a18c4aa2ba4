"""Bytes to text: transport charset, then BOM and <meta charset>, then a detector."""

from __future__ import annotations

import re

from provcheck.errors import SourceError
from provcheck.sources import RawDocument


def decode_html(raw: RawDocument) -> str:
    """Decode a document, refusing binary content with a clear reason."""
    data = raw.data
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(raw.source, "binary content, not an HTML or Markdown document")
    from bs4.dammit import UnicodeDammit  # lazy: only when a document is decoded

    known = [raw.charset] if raw.charset else []
    dammit = UnicodeDammit(data, known_definite_encodings=known, is_html=True)
    if dammit.unicode_markup is None:
        raise SourceError(raw.source, "cannot decode the text in any known character set")
    # lxml refuses control characters; real pages carry them in stray bytes.
    return _CONTROL.sub(" ", dammit.unicode_markup)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
