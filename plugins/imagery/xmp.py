"""XMP packets and C2PA payloads read as raw bytes with regular expressions.

No XML parser sees the packet, so no DTD or entity in it is ever expanded (a "billion
laughs" packet is just text here). Values are unescaped with ``html.unescape``, which knows
only the standard character references.
"""

from __future__ import annotations

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
    text = "\n".join(p.decode("utf-8", "replace") for p in packets)
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


def _prop(text: str, name: str) -> str:
    """A property's value in attribute, element or rdf:resource form, any namespace prefix."""
    attribute = re.search(rf"[\w-]+:{name}\s*=\s*([\"'])(.{{0,2000}}?)\1", text)
    if attribute:
        return _clean(attribute.group(2))
    element = re.search(rf"<([\w-]+:{name})\b([^>]{{0,2000}})>(.{{0,20000}}?)</\1\s*>", text, re.S)
    if element:
        resource = re.search(r"rdf:resource\s*=\s*([\"'])(.{0,2000}?)\1", element.group(2))
        if resource:
            return _clean(resource.group(2))
        items = re.findall(r"<rdf:li\b[^>]{0,500}>(.{0,5000}?)</rdf:li>", element.group(3), re.S)
        return _clean(items[0] if items else element.group(3))
    empty = re.search(
        rf"<[\w-]+:{name}\b[^>]{{0,2000}}rdf:resource\s*=\s*([\"'])(.{{0,2000}}?)\1", text
    )
    return _clean(empty.group(2)) if empty else ""


def _clean(value: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", value))).strip()[:500]


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
