"""XMP packets and C2PA payloads read as raw bytes with regular expressions.

No XML parser sees the packet, so no DTD or entity in it is ever expanded (a "billion
laughs" packet is just text here). Values are unescaped with ``html.unescape``, which knows
only the standard character references.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

_DST_URI = re.compile(r"cv\.iptc\.org/newscodes/digitalsourcetype/([A-Za-z]+)")
_TAGS = re.compile(r"<[^>]{0,2000}>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class XmpFacts:
    """The XMP properties provenance depends on ("" when absent)."""

    source_type: str = ""  # IPTC Digital Source Type term, e.g. "trainedAlgorithmicMedia"
    creator_tool: str = ""
    ai_system: str = ""  # Iptc4xmpExt:AISystemUsed (IPTC 2025.1)
    description: str = ""
    credit: str = ""
    remote_manifest: str = ""  # dcterms:provenance: a C2PA manifest URL, never fetched


def read_xmp(packets: Iterable[bytes]) -> XmpFacts:
    """The provenance properties of one or more XMP packets (first value wins)."""
    text = "\n".join(p.decode("utf-8", "replace") for p in packets)[:MAX_TEXT]
    if not text:
        return XmpFacts()
    source = _prop(text, "DigitalSourceType")
    term = _DST_URI.search(source) if source else None
    if term is None:
        term = _DST_URI.search(text)  # a URI elsewhere (history, ingredients) still counts
    return XmpFacts(
        source_type=term.group(1) if term else source.rsplit("/", 1)[-1] if source else "",
        creator_tool=_prop(text, "CreatorTool"),
        ai_system=_prop(text, "AISystemUsed"),
        description=_prop(text, "description") or _prop(text, "Headline"),
        credit=_prop(text, "Credit") or _prop(text, "creator"),
        remote_manifest=_prop(text, "provenance"),
    )


# Every search below is anchored on a literal (":Name", "<", "</") and reads a bounded window
# after it, and only the first few candidates are tried: a regular expression starting with
# an unbounded ``[\w-]+`` was retried at every letter of a long word run (73 s on a 68 KB JPEG).
MAX_TEXT = 4_000_000
_TRIES = 8
_VALUE = 2000  # an attribute value, or an element's attributes
_ELEMENT = 20_000  # an element's content


@functools.cache
def _patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    # Starting with a literal lets the engine skip ahead; the prefix before ":" is checked after.
    attribute = re.compile(rf":{name}\s{{0,50}}=\s{{0,50}}([\"'])")
    element = re.compile(rf"<([\w-]{{1,100}}:{name})\b([^>]{{0,{_VALUE}}})>")
    return attribute, element


def _prop(text: str, name: str) -> str:
    """A property's value in attribute, element or rdf:resource form, any namespace prefix."""
    attribute, element = _patterns(name)
    tries = 0
    for opener in attribute.finditer(text):
        before = text[opener.start() - 1 : opener.start()]
        if not (before.isalnum() or before in ("_", "-")):
            continue
        tries += 1
        end = text.find(opener.group(1), opener.end(), opener.end() + _VALUE + 1)
        if end >= 0 and "\n" not in text[opener.end() : end]:
            return _clean(text[opener.end() : end])
        if tries == _TRIES:
            break
    for tries, opener in enumerate(element.finditer(text)):
        resource = _RESOURCE.search(opener.group(2))
        if resource:
            return _clean(resource.group(2))
        if not opener.group(2).endswith("/"):
            content = _content(text, opener.end(), opener.group(1))
            if content is not None:
                return _clean(_first_item(content))
        if tries + 1 == _TRIES:
            break
    return ""


_RESOURCE = re.compile(r"rdf:resource\s{0,50}=\s{0,50}([\"'])(.{0,2000}?)\1")
_CLOSE_REST = re.compile(r"\s{0,50}>")


def _content(text: str, start: int, tag: str) -> str | None:
    """The text from ``start`` up to the element's closing tag, or None when it has none."""
    closer = f"</{tag}"
    at = text.find(closer, start, start + _ELEMENT + len(closer))
    while at >= 0:
        if _CLOSE_REST.match(text, at + len(closer)):
            return text[start:at]
        at = text.find(closer, at + 1, start + _ELEMENT + len(closer))
    return None


def _first_item(content: str) -> str:
    """The first ``rdf:li`` of a list (Alt, Bag, Seq), or the content itself."""
    at = content.find("<rdf:li")
    while at >= 0:
        head = content.find(">", at, at + 500)
        if head < 0:
            break
        if content[at + 7 : at + 8] in (">", " ", "\t", "\n", "\r", "/"):
            end = content.find("</rdf:li>", head, head + 5001)
            return content[head + 1 : end] if end >= 0 else content
        at = content.find("<rdf:li", at + 1)
    return content


def _clean(value: str) -> str:
    # Only the first 500 characters are kept: clean no more than a few times that.
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", value[:4000]))).strip()[:500]


@dataclass(frozen=True, slots=True)
class ManifestFacts:
    """What a C2PA manifest store says, read without validating it."""

    generator: str = ""
    signer: str = ""
    issuer: str = ""
    source_types: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()


_ACTION = re.compile(rb"\x66action(?=[\x60-\x77]c2pa\.)")
_DST_BYTES = re.compile(rb"digitalsourcetype/([A-Za-z]{3,60})")
# An X.509 v3 certificate: SEQUENCE, SEQUENCE (tbs), [0] { INTEGER 2 }.
_CERT = re.compile(rb"\x30\x82..\x30\x82..\xa0\x03\x02\x01\x02", re.S)
_CN, _ORG = b"\x55\x04\x03", b"\x55\x04\x0a"


def read_manifest(payload: bytes) -> ManifestFacts:
    """Generator, signer, actions and source types found in a JUMBF payload's bytes."""
    subject, issuer = _certificate_names(payload)
    return ManifestFacts(
        generator=_generator(payload),
        signer=subject,
        issuer=issuer,
        source_types=_unique(m.decode("ascii") for m in _DST_BYTES.findall(payload)),
        actions=_unique(_cbor_text(payload, m.end()) for m in _ACTION.finditer(payload)),
    )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _generator(payload: bytes) -> str:
    at = payload.find(b"claim_generator_info")
    if at >= 0:
        name_at = payload.find(b"\x64name", at, at + 200)
        if name_at >= 0:
            return _cbor_text(payload, name_at + 5)
    at = payload.find(b"claim_generator")
    return _cbor_text(payload, at + len(b"claim_generator")) if at >= 0 else ""


def _cbor_text(data: bytes, at: int) -> str:
    """The CBOR text string starting at ``at`` ("" when there is none)."""
    if at >= len(data):
        return ""
    head = data[at]
    if 0x60 <= head <= 0x77:
        length, start = head - 0x60, at + 1
    elif head == 0x78 and at + 1 < len(data):
        length, start = data[at + 1], at + 2
    else:
        return ""
    return data[start : start + length].decode("utf-8", "replace")[:200]


def _certificate_names(payload: bytes) -> tuple[str, str]:
    """(subject, issuer) of the first certificate in the payload, as "CN (O)"."""
    match = _CERT.search(payload)
    if not match:
        return "", ""
    at = match.start() + 4  # the tbsCertificate
    at = _skip(payload, _enter(payload, at))  # [0] version
    at = _skip(payload, at)  # serial number
    at = _skip(payload, at)  # signature algorithm
    issuer_end = _skip(payload, at)
    issuer = _name(payload[at:issuer_end])
    validity_end = _skip(payload, issuer_end)
    subject = _name(payload[validity_end : _skip(payload, validity_end)])
    return subject, issuer


def _enter(data: bytes, at: int) -> int:
    """Offset of the first element inside the DER element at ``at``."""
    if at + 1 >= len(data):
        return len(data)
    first = data[at + 1]
    return at + 2 + (first & 0x7F if first & 0x80 else 0)


def _skip(data: bytes, at: int) -> int:
    """Offset just after the DER element at ``at`` (len(data) when it runs past the end)."""
    if at + 1 >= len(data):
        return len(data)
    first = data[at + 1]
    if first & 0x80:
        count = first & 0x7F
        length = int.from_bytes(data[at + 2 : at + 2 + count], "big")
        return min(len(data), at + 2 + count + length)
    return min(len(data), at + 2 + first)


def _name(der: bytes) -> str:
    common, organisation = _attribute(der, _CN), _attribute(der, _ORG)
    if common and organisation and organisation != common:
        return f"{common} ({organisation})"
    return common or organisation


def _attribute(der: bytes, oid: bytes) -> str:
    at = der.find(b"\x06\x03" + oid)
    if at < 0 or at + 7 > len(der):
        return ""
    length = der[at + 6]
    if length & 0x80:
        return ""
    return der[at + 7 : at + 7 + length].decode("utf-8", "replace")
