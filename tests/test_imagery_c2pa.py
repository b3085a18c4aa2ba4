"""Content Credentials validated with the optional extra provcheck[c2pa] (c2pa-python).

A throwaway certificate chain is made for each test run; nothing is fetched. Skipped when
the extra is not installed.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest

from provcheck.testing import make_session
from tests.imagery_helpers import article, jpeg, write

c2pa = pytest.importorskip("c2pa")
x509 = pytest.importorskip("cryptography.x509")

from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID  # noqa: E402

AI_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Harbour Courier Test"),
        ]
    )


def _usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=not signing,
        crl_sign=not signing, encipher_only=False, decipher_only=False,
    )  # fmt: skip


def _chain() -> tuple[bytes, bytes]:
    """(PEM chain leaf+root, PEM private key) of a throwaway ES256 signer."""
    now = datetime.datetime.now(datetime.UTC)
    root_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())

    def base(subject: x509.Name, issuer: x509.Name, public: object) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .public_key(public).serial_number(x509.random_serial_number())  # type: ignore[arg-type]
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=7))
        )  # fmt: skip

    root = (
        base(_name("Test Root"), _name("Test Root"), root_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(signing=False), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    leaf = (
        base(_name("Test Signer"), root.subject, key.public_key())
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signing=True), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    chain = leaf.public_bytes(pem) + root.public_bytes(pem)
    private = key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return chain, private


@pytest.fixture(scope="module")
def signed_jpeg() -> bytes:
    chain, private = _chain()
    manifest = {
        "claim_generator_info": [{"name": "Courier Imaging", "version": "2.1"}],
        "title": "lead.jpg",
        "assertions": [{"label": "c2pa.actions", "data": {"actions": [
            {"action": "c2pa.created", "digitalSourceType": AI_TYPE}]}}],
    }  # fmt: skip
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(b"es256", chain, private, None))
    out = io.BytesIO()
    with c2pa.Builder(manifest) as builder:
        builder.sign(signer, "image/jpeg", io.BytesIO(jpeg()), out)
    return out.getvalue()


def _scan(tmp_path: Path, data: bytes, caption: str) -> list:  # type: ignore[type-arg]
    write(tmp_path, "lead.jpg", data)
    path = write(tmp_path, "story.html", article([("lead.jpg", caption)]))
    report = make_session().scan(str(path))
    return [f for f in report.findings if f.code.startswith("IMG")]


def test_signed_image_validates_and_names_generator_and_signer(
    tmp_path: Path, signed_jpeg: bytes
) -> None:
    found = _scan(tmp_path, signed_jpeg, "AI-generated illustration of the quay.")
    assert sorted(f.code for f in found) == ["IMG101", "IMG106"]
    (credentials,) = [f for f in found if f.code == "IMG106"]
    assert "Courier Imaging 2.1" in credentials.message
    assert "Test Signer" in credentials.message
    assert "validation: valid" in credentials.message
    assert dict(credentials.data)["validation"].startswith("valid")


def test_manifest_declaring_ai_without_disclosure_is_img102(
    tmp_path: Path, signed_jpeg: bytes
) -> None:
    found = _scan(tmp_path, signed_jpeg, "The quay on Monday.")
    assert sorted(f.code for f in found) == ["IMG102", "IMG106"]
    assert "C2PA manifest" in next(f for f in found if f.code == "IMG102").message


def test_a_flipped_byte_makes_the_manifest_invalid(tmp_path: Path, signed_jpeg: bytes) -> None:
    at = len(signed_jpeg) - 300  # inside the compressed picture, after the manifest
    tampered = signed_jpeg[:at] + bytes([signed_jpeg[at] ^ 0xFF]) + signed_jpeg[at + 1 :]
    found = _scan(tmp_path, tampered, "AI-generated illustration of the quay.")
    assert sorted(f.code for f in found) == ["IMG101", "IMG107"]
    (invalid,) = [f for f in found if f.code == "IMG107"]
    assert "dataHash.mismatch" in invalid.message
