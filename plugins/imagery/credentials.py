"""C2PA manifests: presence from the bytes, validation with the optional extra.

Without ``provcheck[c2pa]`` (the c2pa-python package) a manifest's presence, claim generator,
certificate names and declared source types are read from the raw bytes and the report says
"not validated". With it, the manifest store is validated by the C2PA reference library,
with remote manifest and OCSP fetching switched off: a scan never reaches the network here.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, replace
from typing import Any

from provcheck.plugins.imagery.xmp import read_manifest

NOT_VALIDATED = "not validated"
_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
# Failure codes that do not make a manifest invalid: no trust list is configured here, and
# revocation is never checked online.
_BENIGN = frozenset({"signingCredential.untrusted", "signingCredential.ocsp.skipped"})


@dataclass(frozen=True, slots=True)
class Credentials:
    """Content Credentials of one image."""

    where: str  # "JPEG APP11 segment", ...
    generator: str = ""
    signer: str = ""
    issuer: str = ""
    source_types: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    validation: str = NOT_VALIDATED  # "valid", "valid, signer not on a trust list", "invalid"
    failures: tuple[str, ...] = ()
    note: str = ""  # why it was not validated

    @property
    def invalid(self) -> bool:
        return self.validation == "invalid"


class Validator:
    """Validates manifests when c2pa-python is installed; built lazily, once per check."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._context: Any = None
        self._missing = "" if enabled else "validation switched off in the configuration"

    def credentials(self, data: bytes, fmt: str, payload: bytes, where: str) -> Credentials:
        """What the manifest says, validated when the extra is available."""
        raw = read_manifest(payload)
        found = Credentials(
            where, raw.generator, raw.signer, raw.issuer, raw.source_types, raw.actions
        )
        context = self._load()
        if context is None:
            return replace(found, note=self._missing)
        return self._validate(found, data, fmt, context)

    def _load(self) -> Any:
        if self._context is not None or self._missing:
            return self._context
        try:
            import c2pa
        except Exception as exc:  # ImportError, or a native library that fails to load
            self._missing = (
                "the optional c2pa extra is not installed (pip install 'provcheck[c2pa]')"
                if isinstance(exc, ImportError)
                else f"the c2pa library failed to load: {type(exc).__name__}"
            )
            return None
        settings = c2pa.Settings.from_dict(
            {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}
        )
        self._context = c2pa.Context(settings)
        return self._context

    def _validate(self, found: Credentials, data: bytes, fmt: str, context: Any) -> Credentials:
        import c2pa

        try:
            reader = c2pa.Reader(_MIME.get(fmt, "image/jpeg"), io.BytesIO(data), context=context)
            store = json.loads(reader.json())
        except Exception as exc:  # the library raises C2paError subclasses and ValueError
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            return replace(found, validation="invalid", failures=(f"unreadable: {reason}",))
        manifest = store.get("manifests", {}).get(store.get("active_manifest", ""), {})
        results = store.get("validation_results", {}).get("activeManifest", {})
        failures = tuple(str(f.get("code", "")) for f in results.get("failure", []))
        state = str(store.get("validation_state", "")).lower()
        if state == "invalid" or set(failures) - _BENIGN:
            validation = "invalid"
        elif "signingCredential.untrusted" in failures:
            validation = "valid, signer not on a trust list"
        else:
            validation = "valid"
        signature = manifest.get("signature_info", {})
        return replace(
            found,
            generator=_generator(manifest) or found.generator,
            signer=str(signature.get("common_name", "")) or found.signer,
            issuer=str(signature.get("issuer", "")) or found.issuer,
            source_types=_source_types(manifest) or found.source_types,
            validation=validation,
            failures=tuple(f for f in failures if f not in _BENIGN),
        )


def _generator(manifest: dict[str, Any]) -> str:
    info = manifest.get("claim_generator_info") or []
    if info and isinstance(info[0], dict) and info[0].get("name"):
        version = info[0].get("version")
        return f"{info[0]['name']} {version}" if version else str(info[0]["name"])
    return str(manifest.get("claim_generator", ""))


def _source_types(manifest: dict[str, Any]) -> tuple[str, ...]:
    found: list[str] = []
    for assertion in manifest.get("assertions", []):
        if not str(assertion.get("label", "")).startswith("c2pa.actions"):
            continue
        for action in assertion.get("data", {}).get("actions", []):
            term = str(action.get("digitalSourceType", "")).rstrip("/").rsplit("/", 1)[-1]
            if term and term not in found:
                found.append(term)
    return tuple(found)
