"""Hostile and huge inputs (issue 12): time and peak memory of ``provcheck scan`` per case.

    python bench/hostile.py                    # every case
    python bench/hostile.py --only fifo,yaml-alias-bomb --timeout 30 --max-mb 3000
    python bench/hostile.py --list

Every input is generated at run time in a temporary folder (nothing is committed). Each case
runs ``provcheck scan`` in a fresh process, as a user would, under a wall-clock limit
(``--timeout``, the process is killed past it) and an address-space limit (``--max-mb``, so a
memory bomb fails instead of taking the machine). Peak memory is the child's maximum resident
set (``wait4``'s ``ru_maxrss``). The last column is what a user saw: the first error line, or a
check of the case's own (was the input kept, was the report escaped, ...).
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Verdict = Callable[[int, str, str, Path], str]

SPEECH = ("said", "officials said", "Minister Arden Vale said", "according to the ministry",
          "a spokesperson told reporters", "he added", "analysts say")  # fmt: skip


def page(title: str, body: str, head: str = "") -> str:
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>{head}"
        f"</head><body><article><h1>{title}</h1><p class=byline>By Mira Okafor</p>{body}"
        "</article></body></html>"
    )


def speech_run(size: int) -> str:
    """One paragraph, no full stop, a speech word every few words."""
    words, n = [], 0
    while sum(len(w) + 1 for w in words) < size:
        words.append(f"the council budget rose {n} percent {SPEECH[n % len(SPEECH)]}")
        n += 1
    return page("Budget", f"<p>{' '.join(words)}</p>")


def realistic_paragraph(size: int) -> str:
    parts, n = [], 0
    while sum(len(p) + 1 for p in parts) < size:
        parts.append(
            f"The harbour authority said {n} ferries were late, and “we expect delays to "
            f"continue into week {n % 52},” said Dana Ruiz, a port official. According to "
            f"the union, {n % 90} percent of crews walked out, officials said."
        )
        n += 1
    return page("Ferries", f"<p>{' '.join(parts)}</p>")


def image_bytes(kind: str, payload: bytes = b"") -> bytes:
    from PIL import Image

    picture = Image.new("RGB", (640, 420), (90, 120, 150))
    out = io.BytesIO()
    if kind == "jpeg-xmp":
        picture.save(out, "JPEG", quality=80, xmp=payload)
    elif kind == "gif":
        picture.convert("P").save(out, "GIF")
        return out.getvalue() + payload
    elif kind == "png-chunks":
        picture.save(out, "PNG")
        data = out.getvalue()
        return data[:-12] + payload + data[-12:]  # before IEND
    else:
        picture.save(out, "PNG")
    return out.getvalue()


def png_xmp_chunks(count: int, inflated: int) -> bytes:
    import struct
    import zlib

    body = b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + zlib.compress(b"x" * inflated, 9)
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body
    return (chunk + struct.pack(">I", zlib.crc32(b"iTXt" + body))) * count


def warc_record(target: str, http: bytes, warc_extra: bytes = b"") -> bytes:
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        b"WARC-Target-URI: " + target.encode() + b"\r\n" + warc_extra
        + b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n"
    )  # fmt: skip
    return head + http + b"\r\n\r\n"


def gzip_stream(parts: list[bytes]) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as handle:
        for part in parts:
            handle.write(part)
    return out.getvalue()


# --- verdicts ----------------------------------------------------------------------------


def first_error(rc: int, out: str, err: str, tmp: Path) -> str:
    """The first error line on either stream, else the first line on stderr."""
    lines = [line.strip() for line in (err + "\n" + out).splitlines() if line.strip()]
    errors = [line for line in lines if "error:" in line or "PC901" in line or "Error" in line]
    chosen = errors or [line.strip() for line in err.splitlines() if line.strip()]
    if not chosen:
        return f"{len(out):,} bytes of report"
    more = len(err.strip().splitlines()) - 1
    return chosen[0][:110] + (f" (+{more} lines on stderr)" if more > 0 else "")


def score_of(rc: int, out: str, err: str, tmp: Path) -> str:
    for line in out.splitlines():
        if "overall" in line.lower() or "/100" in line:
            return " ".join(line.split())[:80]
    return first_error(rc, out, err, tmp)


def input_kept(rc: int, out: str, err: str, tmp: Path) -> str:
    text = (tmp / "a.html").read_text(encoding="utf-8", errors="replace")
    kept = "input kept" if "Ferry" in text else "INPUT LOST"
    return f"{kept}; {first_error(rc, out, err, tmp)}"


def escaped(rc: int, out: str, err: str, tmp: Path) -> str:
    raw = [c for c in ("\u202e", "\x1b", "\x07") if c in out]
    where = "RAW " + ", ".join(f"U+{ord(c):04X}" for c in raw) if raw else "escaped"
    return f"{where}; {first_error(rc, out, err, tmp)}"


def bdi(rc: int, out: str, err: str, tmp: Path) -> str:
    path = tmp / "report.html"
    report = path.read_text(encoding="utf-8") if path.exists() else ""
    isolated = re.search("<h2[^>]*><bdi>[^<]*\u202e", report) is not None  # the headline
    seen = "isolated in <bdi>" if isolated else "NOT isolated"
    return f"{seen}; {first_error(rc, out, err, tmp)}"


def secret_read(rc: int, out: str, err: str, tmp: Path) -> str:
    leaked = "Secret Camera" in out or ("private/secret" in out and '"status": "read"' in out)
    return ("READ outside the root" if leaked else "not read") + f"; exit {rc}"


def img105(rc: int, out: str, err: str, tmp: Path) -> str:
    return f"IMG105 x{out.count('IMG105')}; {first_error(rc, out, err, tmp)}"


# --- cases --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    group: str
    build: Callable[[Path], list[str]]  # writes inputs, returns the scan arguments
    verdict: Verdict = first_error
    note: str = ""


def _write(tmp: Path, name: str, data: str | bytes) -> str:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


def _figures(tmp: Path) -> list[str]:
    figures = "".join(
        f"<figure><img src='p{n}.jpg' alt='Photo {n}'><figcaption>Harbour {n}. Photo: Ana Li"
        "</figcaption></figure>" for n in range(8000)
    )  # fmt: skip
    return [_write(tmp, "figures.html", page("Pictures", "<p>The port said so.</p>" + figures))]


def _md_images(tmp: Path) -> list[str]:
    lines = [f"![Harbour scene {n}](img/harbour-{n}.jpg \"Photo: Ana Li\")\n" for n in range(8000)]
    text = "---\ntitle: Pictures\nauthor: Mira Okafor\n---\n\n" + "\n".join(lines)
    return [_write(tmp, "images.md", text)]


def _with_image(tmp: Path, name: str, data: bytes) -> list[str]:
    _write(tmp, name, data)
    body = f"<figure><img src='{name}' alt='A port'><figcaption>The port.</figcaption></figure>"
    return [_write(tmp, "story.html", page("Port", "<p>The port reopened.</p>" + body))]


def _xmp_word_run(tmp: Path) -> list[str]:
    packet = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><" + b"w" * 60_000 + b"</x:xmpmeta>"
    return _with_image(tmp, "xmp.jpg", image_bytes("jpeg-xmp", packet))


def _gif_openers(tmp: Path) -> list[str]:
    return _with_image(tmp, "openers.gif", image_bytes("gif", b"<x:xmpmeta " * 20_000))


def _png_chunks(tmp: Path) -> list[str]:
    return _with_image(tmp, "chunks.png", image_bytes("png-chunks", png_xmp_chunks(200, 4_000_000)))


def _yaml_bomb(tmp: Path) -> list[str]:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[n]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = "---\ntitle: Bomb\n" + "\n".join(lines) + "\nauthor: *i\n---\n\nThe port reopened.\n"
    return [_write(tmp, "bomb.md", text)]


def _warc(tmp: Path, where: str) -> list[str]:
    """A gzipped archive whose one header line (WARC or HTTP) is 512 MB of one letter."""
    mb = [b"a" * (1 << 20)] * 512
    if where == "warc":
        parts = [b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: ", *mb, b"\r\n\r\n"]
    else:
        body = page("Port", "<p>The port reopened, officials said.</p>").encode()
        start = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Long: "
        end = b"\r\n\r\n" + body
        length = len(start) + (512 << 20) + len(end)
        head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
                b"WARC-Target-URI: https://example.org/a\r\n"
                b"Content-Type: application/http; msgtype=response\r\n"
                b"Content-Length: " + str(length).encode() + b"\r\n\r\n")  # fmt: skip
        parts = [head, start, *mb, end, b"\r\n\r\n"]
    return [_write(tmp, f"{where}.warc.gz", gzip_stream(parts))]


def _damaged_warc(tmp: Path) -> list[str]:
    good = page("Port", "<p>The port reopened, officials said.</p>").encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + good
    record = warc_record("https://example.org/a", http)
    data = gzip.compress(record) + gzip.compress(record)[:-40] + b"\x1f\x8b garbage" * 20
    return [_write(tmp, "damaged.warc.gz", data)]


def _suppressions(tmp: Path) -> list[str]:
    comment = "<!-- provcheck: ignore[SRC102] a reason long enough to be kept -->\n"
    comments = comment * (5_000_000 // len(comment))
    return [_write(tmp, "suppress.html", page("Port", comments + "<p>The port reopened.</p>"))]


class _Trickle(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"a" * 400:
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.2)

    def log_message(self, *args: object) -> None:
        pass


def _trickle(tmp: Path) -> list[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/story"
    return [url, "--timeout", "2", "--allow-private-network"]


def _fifo(tmp: Path) -> list[str]:
    os.mkfifo(tmp / "pipe.html")
    return [str(tmp / "pipe.html"), _write(tmp, "ok.html", page("Port", "<p>Fine.</p>"))]


def _output_is_input(tmp: Path) -> list[str]:
    path = _write(tmp, "a.html", page("Ferry strike", "<p>The ferries stopped, Ana Li said.</p>"))
    return [path, "-o", path]


def _outside_root(tmp: Path) -> list[str]:
    from PIL import Image

    exif = Image.Exif()
    exif[0x0110] = "Secret Camera"  # Model
    out = io.BytesIO()
    Image.new("RGB", (640, 420), (1, 2, 3)).save(out, "JPEG", exif=exif)
    _write(tmp, "private/secret.jpg", out.getvalue())
    body = "<figure><img src='../private/secret.jpg'><figcaption>Port.</figcaption></figure>"
    return [_write(tmp, "site/story.html", page("Port", body)), "--format", "json"]


def _deep(tmp: Path, kind: str) -> list[str]:
    depth = 100_000
    if kind == "jsonld":
        ld = "[" * depth + "]" * depth
        head = f"<script type='application/ld+json'>{ld}</script>"
        return [_write(tmp, "deep.html", page("Port", "<p>The port reopened.</p>", head))]
    if kind == "yaml":
        return [_write(tmp, "deep.md", "---\ntitle: " + "[" * depth + "]" * depth + "\n---\nx\n")]
    return [_write(tmp, "deep.md", "+++\ntitle = " + "[" * depth + "]" * depth + "\n+++\nx\n")]


def _bidi(tmp: Path) -> list[str]:
    title = "Port \u202ereopens\u202c \x1b[31mred\x07"
    body = "<p class=byline>By Ana \u202eLi</p><p>The port reopened, officials said.</p>"
    body += "<p><a href='https://example.org/\u202egnp.exe'>link</a></p>"
    return [_write(tmp, "bidi.html", page(title, body)), "--color", "never"]


def _img105(tmp: Path) -> list[str]:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (900, 600), (30, 80, 140))
    ImageDraw.Draw(picture).ellipse((100, 100, 500, 400), fill=(240, 200, 10))
    paths = []
    for n in range(4):
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=85 - n * 5)
        _write(tmp, f"{n}/lead.jpg", out.getvalue())
        fig = "<figure><img src='lead.jpg' alt='x'><figcaption>The port.</figcaption></figure>"
        paths.append(_write(tmp, f"{n}/story.html", page(f"Story {n}", "<p>Text.</p>" + fig)))
    return [*paths, "--jobs", "2", "--format", "concise"]


CASES = [
    Case("speech-100k", "time", lambda t: [_write(t, "s.html", speech_run(100_000))], score_of),
    Case("speech-1m", "time", lambda t: [_write(t, "s.html", speech_run(1_000_000))], score_of),
    Case("paragraph-1m", "time",
         lambda t: [_write(t, "p.html", realistic_paragraph(1_000_000))], score_of),
    Case("figures-8000", "time", _figures, score_of),
    Case("markdown-images-400k", "time", _md_images, score_of),
    Case("jpeg-xmp-word-run", "time", _xmp_word_run, score_of),
    Case("gif-xmp-openers", "time", _gif_openers, score_of),
    Case("page-timeout-0.5s", "time",
         lambda t: [_write(t, "s.html", speech_run(1_000_000)),
                    _write(t, "ok.html", page("Port", "<p>Fine.</p>")), "--page-timeout", "0.5"],
         note="a 1 MB page cut off, the next one still scored"),
    Case("png-200-xmp-chunks", "memory", _png_chunks, score_of),
    Case("yaml-alias-bomb", "memory", _yaml_bomb),
    Case("warc-header-line-512m", "memory", lambda t: _warc(t, "warc")),
    Case("http-header-line-512m", "memory", lambda t: _warc(t, "http")),
    Case("suppressions-5mb", "memory", _suppressions, score_of),
    Case("header-trickle", "hang", _trickle),
    Case("fifo-source", "hang", _fifo),
    Case("output-is-input", "lost input", _output_is_input, input_kept),
    Case("output-missing-dir", "lost input",
         lambda t: [_write(t, "a.html", page("Port", "<p>x</p>")), "-o", str(t / "no/dir/r.txt")]),
    Case("output-dir-is-file", "lost input",
         lambda t: [_write(t, "a.html", page("Port", "<p>x</p>")), "--output-dir",
                    _write(t, "file.txt", "x")]),
    Case("local-image-outside-root", "lost input", _outside_root, secret_read),
    Case("deep-jsonld", "reason", lambda t: _deep(t, "jsonld"), score_of),
    Case("deep-yaml", "reason", lambda t: _deep(t, "yaml")),
    Case("deep-toml", "reason", lambda t: _deep(t, "toml")),
    Case("yaml-invalid-date", "reason",
         lambda t: [_write(t, "d.md", "---\ntitle: Port\ndate: 2024-13-45\n---\n\nText.\n")]),
    Case("charset-punycode", "reason",
         lambda t: [_write(t, "p.html", "<meta charset=punycode><title>x</title><p>Port.")],
         score_of),
    Case("warc-30-bytes", "reason",
         lambda t: [_write(t, "tiny.warc", b"WARC/1.0\r\nWARC-Type: request\r\n")]),
    Case("broken-jsonld", "reason",
         lambda t: [_write(t, "b.html", page("Port", "<p>The port reopened, Ana Li said.</p>",
                                             "<script type='application/ld+json'>{\"@type\": "
                                             "</script>"))], score_of),
    Case("empty-md", "reason", lambda t: [_write(t, "e.md", "")]),
    Case("empty-html", "reason", lambda t: [_write(t, "e.html", "")]),
    Case("bidi-text", "reason", _bidi, escaped),
    Case("bidi-html-report", "reason",
         lambda t: [*_bidi(t)[:1], "--format", "html", "-o", str(t / "report.html")], bdi),
    Case("damaged-warc", "reason", _damaged_warc),
    Case("img105-jobs-2", "also", _img105, img105,
         "4 articles, one picture: 3 repeats expected"),
]


def run_case(case: Case, timeout: float, max_mb: int) -> tuple[float, float, int, str]:
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        tmp = Path(folder)
        argv = case.build(tmp)
        limit = max_mb << 20

        def limits() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        command = [sys.executable, "-m", "provcheck.cli", "scan", *argv]
        start = time.perf_counter()
        child = subprocess.Popen(
            command, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, preexec_fn=limits,
        )  # fmt: skip
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        out, err = (b"", b"")
        readers = [threading.Thread(target=lambda: setattr(child, "o", child.stdout.read())),  # type: ignore[union-attr]
                   threading.Thread(target=lambda: setattr(child, "e", child.stderr.read()))]  # type: ignore[union-attr]
        for reader in readers:
            reader.start()
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        timer.cancel()
        for reader in readers:
            reader.join()
        out, err = getattr(child, "o", b""), getattr(child, "e", b"")
        child.returncode = os.waitstatus_to_exitcode(status)
        rc = child.returncode
        peak = usage.ru_maxrss / 1024
        text_out, text_err = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        if elapsed >= timeout:
            return elapsed, peak, rc, f"KILLED after {timeout:g} s"
        if rc < 0 or "MemoryError" in text_err:
            what = "MemoryError" if "MemoryError" in text_err else f"signal {-rc}"
            return elapsed, peak, rc, f"{what} (address space capped at {max_mb:,} MB)"
        return elapsed, peak, rc, case.verdict(rc, text_out, text_err, tmp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated case names")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per case (60)")
    parser.add_argument("--max-mb", type=int, default=4000, help="address-space cap (4000)")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    args = parser.parse_args(argv)
    cases = CASES
    if args.only:
        wanted = set(args.only.split(","))
        cases = [c for c in CASES if c.name in wanted]
        missing = wanted - {c.name for c in cases}
        if missing:
            parser.error(f"no such case: {', '.join(sorted(missing))}")
    if args.list:
        for case in cases:
            print(f"{case.group:<11} {case.name}  {case.note}")
        return 0
    print("| case | class | time | peak memory | exit | what the user sees |")
    print("|---|---|---:|---:|---:|---|")
    for case in cases:
        elapsed, peak, rc, seen = run_case(case, args.timeout, args.max_mb)
        seen = seen.replace("|", "\\|")
        print(f"| {case.name} | {case.group} | {elapsed:.1f} s | {peak:,.0f} MB | {rc} | {seen} |",
              flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
