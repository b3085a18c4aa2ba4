"""Bytes to text: BOM, then the transport charset, then <meta charset>, then UTF-8, then a
detector (charset-normalizer).

This used bs4's UnicodeDammit until start-up was measured: importing bs4 for it cost about
0.15 s of a single-file pre-commit run's 0.5 s budget, for the same order of decisions.
"""

from __future__ import annotations

import codecs
import re

from provcheck.errors import SourceError
from provcheck.sources.local import RawDocument

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.-]+)""",
    re.IGNORECASE,
)
# Browsers read these labels as windows-1252 (WHATWG Encoding Standard).
_AS_1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "l1"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_CONTROL_BYTES = bytes(
    0x20 if (b < 0x20 and b not in (0x09, 0x0A, 0x0D)) or b == 0x7F else b for b in range(256)
)
_NOT_FOR_PAGES = frozenset(
    {"punycode", "idna", "undefined", "unicode-escape", "raw-unicode-escape", "utf-7"}
)
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    if label in _AS_1252:
        return "cp1252"
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # Python codecs no browser offers for a page (punycode, idna, escapes, "undefined") are
    # ignored as unknown labels are, so the bytes go to UTF-8 and the detector instead.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FOR_PAGES:
        return None
    return info.name


def _declared(data: bytes) -> str | None:
    match = _META.search(data[:4096])
    if not match:
        return None
    return _codec((match.group(1) or match.group(2)).decode("ascii", "replace"))


def charset_of(content_type: str) -> str:
    """The ``charset`` parameter of a Content-Type header value ("" when it has none)."""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return ""


def decode_bytes(data: bytes, transport: str = "") -> str | None:
    """Decode a document's bytes; None when no character set fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    declared = (_codec(transport) if transport else None) or _declared(data)
    for candidate in (declared, "utf-8") if declared != "utf-8" else ("utf-8",):
        if candidate is None:
            continue
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            if candidate != declared:
                continue
            # A few stray bytes in a page that is otherwise its declared charset become U+FFFD,
            # as in browsers; a page wholly in another charset goes to the detector below.
            text = data.decode(candidate, "replace")
            if text.count("\ufffd") <= max(3, len(data) // 2000):
                return text
        except (LookupError, UnicodeError):  # a codec that fails in its own way: not this one
            continue
    from charset_normalizer import from_bytes  # lazy: only for undeclared, non-UTF-8 pages

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        return None
    return data.decode(best.encoding, "replace")


def decode_html(raw: RawDocument) -> str:
    """Decode a document, refusing binary content with a clear reason."""
    data = raw.data
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(raw.source, "binary content, not an HTML or Markdown document")
    # UTF-16/32 and ISO-2022 (which escapes with ESC) need the text-level pass instead.
    wide = data.startswith(_WIDE_BOMS) or b"\x1b" in data
    if not wide:
        # lxml refuses control characters; real pages carry them in stray bytes. In the bytes
        # of an ASCII-compatible charset this is one C-speed pass (a regex over the decoded
        # text cost more than parsing the page); UTF-8 never uses these bytes inside a letter.
        data = data.translate(_CONTROL_BYTES)
    text = decode_bytes(data, raw.charset)
    if text is None:
        raise SourceError(raw.source, "cannot decode the text in any known character set")
    if wide:
        return _CONTROL.sub(" ", text)
    if "\ufffe" in text or "\uffff" in text:
        text = text.replace("\ufffe", " ").replace("\uffff", " ")
    return text
