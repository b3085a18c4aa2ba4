"""Time per image for the IMG check: metadata read (with the decode it needs) and hashing.

    python bench/images.py [--repeat N]

Images are drawn here with Pillow (no files are needed): typical web sizes in each format
the check reads, a 12-megapixel camera JPEG, a PNG with generator text chunks, and the
refusals (a 100-megapixel PNG bomb, a truncated JPEG). Prints the median and best time of
``read_image`` (container walk, XMP/EXIF/IPTC/PNG text, decode to a 256 px thumbnail) and
of the pHash+dHash step, the one-off cost of importing imagehash (scipy) and, when the
provcheck[c2pa] extra is installed, of validating a signed manifest. Figures go in
docs/rules/imagery.md.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, PngImagePlugin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from provcheck.plugins.imagery import lex as imagelex  # noqa: E402
from provcheck.plugins.imagery.credentials import Validator  # noqa: E402
from provcheck.plugins.imagery.facts import Unreadable  # noqa: E402
from provcheck.plugins.imagery.hashstore import compute  # noqa: E402
from provcheck.plugins.imagery.meta import read_image  # noqa: E402
from tests.imagery_helpers import bomb_png, xmp_packet  # noqa: E402


def drawing(size: tuple[int, int]) -> Image.Image:
    """A photo-like picture: gradients and shapes, so encoders have real work to do."""
    image = Image.radial_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(40):
        x, y = (i * 97) % size[0], (i * 61) % size[1]
        draw.ellipse((x, y, x + size[0] // 8, y + size[1] // 8), fill=(i * 6, 255 - i * 5, i * 3))
    return image


def encoded(fmt: str, size: tuple[int, int], **kwargs: object) -> bytes:
    out = io.BytesIO()
    drawing(size).save(out, fmt, **kwargs)
    return out.getvalue()


def cases() -> dict[str, bytes]:
    xmp = xmp_packet("trainedAlgorithmicMedia")
    chunks = PngImagePlugin.PngInfo()
    chunks.add_text("parameters", "a harbour\nSteps: 30, Sampler: Euler a, CFG scale: 7")
    full = encoded("JPEG", (1200, 800), quality=85, xmp=xmp)
    return {
        "JPEG 1200x800 + XMP": full,
        "JPEG 4000x3000 (12 MP)": encoded("JPEG", (4000, 3000), quality=90),
        "PNG 1200x800 + text chunks": encoded("PNG", (1200, 800), pnginfo=chunks),
        "WebP 1200x800 + XMP": encoded("WEBP", (1200, 800), quality=80, xmp=xmp),
        "GIF 800x600": encoded("GIF", (800, 600)),
        "refused: PNG bomb 100 MP": bomb_png(),
        "refused: truncated JPEG": full[: len(full) // 2],
    }


def timed(step: Callable[[], object], repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000, min(runs) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    lex, validator = imagelex.load(), Validator(enabled=False)
    command = [sys.executable, "-X", "importtime", "-c", "import imagehash"]
    imports = subprocess.run(command, capture_output=True, text=True, check=False).stderr
    total = imports.strip().splitlines()[-1].split("|")[1].strip() if imports else "?"
    print(f"import imagehash (with scipy, numpy), once per process: {int(total) / 1000:.0f} ms")
    print(f"\n{'image':<30} {'bytes':>9} {'read median/best ms':>20} {'hash median/best ms':>20}")
    for name, data in cases().items():

        def read(data: bytes = data) -> object:
            try:
                return read_image(data, lex, validator)
            except Unreadable:
                return None

        found = read()
        read_ms = timed(read, args.repeat)
        hash_ms = (0.0, 0.0)
        if isinstance(found, tuple) and found[1] is not None:
            hash_ms = timed(lambda thumbnail=found[1]: compute(thumbnail), args.repeat)
        print(f"{name:<30} {len(data):>9,} {read_ms[0]:>11.1f} / {read_ms[1]:<7.1f}"
              f" {hash_ms[0]:>11.1f} / {hash_ms[1]:<7.1f}")  # fmt: skip
    _c2pa(args.repeat)
    return 0


def _c2pa(repeat: int) -> None:
    try:
        import c2pa

        from tests.test_imagery_c2pa import _chain
    except ImportError:
        print("\nc2pa validation: the provcheck[c2pa] extra is not installed")
        return
    chain, key = _chain()
    manifest = {
        "claim_generator_info": [{"name": "bench"}],
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
                        }
                    ]
                },
            }
        ],
    }
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(b"es256", chain, key, None))
    out = io.BytesIO()
    with c2pa.Builder(manifest) as builder:
        builder.sign(signer, "image/jpeg", io.BytesIO(encoded("JPEG", (1200, 800))), out)
    data, lex, validator = out.getvalue(), imagelex.load(), Validator(enabled=True)
    start = time.perf_counter()
    read_image(data, lex, validator)
    first = (time.perf_counter() - start) * 1000
    median, best = timed(lambda: read_image(data, lex, validator), repeat)
    print(f"\nsigned JPEG 1200x800, validated: first {first:.0f} ms (loads the library), "
          f"then {median:.1f} / {best:.1f} ms median/best")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
