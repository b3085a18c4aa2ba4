"""Web archives as input: which records are pages, what is skipped, damage, and the CLI.

Every archive here is written by the test with warcio's WARCWriter (or by hand for ARC);
nothing binary is committed.
"""

from __future__ import annotations

import gzip
import html
import io
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from provcheck.sources.warc import WarcCounts, read_pages

HTML = "text/html; charset=utf-8"

_DESKS = ("city", "health", "courts", "transport", "schools", "weather")
_NAMES = ("Priya Raman", "Tomas Varga", "Amara Okafor", "Lena Brandt", "Kenji Mori")


def news_page(i: int) -> str:
    """A small news page of our own, different for each ``i`` (credits, quotes, figures)."""
    desk, name = _DESKS[i % len(_DESKS)], _NAMES[i % len(_NAMES)]
    url = f"https://news.example/{desk}/story-{i}"
    paragraphs = [
        f"The {desk} committee met on Tuesday to discuss item {i} on its agenda.",
        f"“We will publish the figures next week,” said {name}, who chairs the committee.",
        f"About {120 + i * 7} residents wrote to the council before the meeting, officials said.",
    ]
    if i % 3 == 0:
        paragraphs.append("(With inputs from agencies.)")
    if i % 4 == 1:
        paragraphs.insert(0, "LISBON, May 2 (Reuters) - Officials said the plan would go ahead.")
    if i % 5 == 2:
        paragraphs.append("Experts say the change could take years to show results.")
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    byline = f'<p class="byline">By {name}</p>' if i % 6 != 5 else ""
    figure = (
        '<figure><img src="/img/hall.jpg" alt="The council hall">'
        "<figcaption>The council hall on Tuesday. Photo: Staff</figcaption></figure>"
        if i % 2
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Committee item {i} | News Example</title>
<link rel="canonical" href="{url}">
<meta property="og:url" content="{url}"></head>
<body><header><nav><a href="/">Home</a> <a href="/{desk}">{desk.title()}</a></nav></header>
<article><h1>Committee item {i}</h1>
{byline}
<time datetime="2026-05-{1 + i % 28:02d}">May {1 + i % 28}, 2026</time>
{figure}
{body}
<p>Read the <a href="https://council.example.gov/minutes/{i}">minutes</a>.</p>
</article>
<footer><a href="/corrections">Corrections</a> <a href="/contact">Contact</a></footer>
</body></html>
"""


def page_url(i: int) -> str:
    return f"https://news.example/{_DESKS[i % len(_DESKS)]}/story-{i}"


def response(
    writer: WARCWriter,
    uri: str,
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str = HTML,
    identified: str = "",
    extra_headers: Sequence[tuple[str, str]] = (),
) -> None:
    http = StatusAndHeaders(
        status, [("Content-Type", content_type), *extra_headers], protocol="HTTP/1.1"
    )
    headers = {"WARC-Identified-Payload-Type": identified} if identified else None
    record = writer.create_warc_record(
        uri, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=headers
    )
    writer.write_record(record)


def write_warc(path: Path, pages: Sequence[tuple[str, bytes]], *, gz: bool = True) -> Path:
    """A WARC with a warcinfo record, then a request and a 200 response per page."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for uri, body in pages:
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")])
            writer.write_record(
                writer.create_warc_record(
                    uri, "request", payload=io.BytesIO(b""), http_headers=request
                )
            )
            response(writer, uri, body)
    return path


def generated_pages(count: int, start: int = 0) -> list[tuple[str, bytes]]:
    return [(page_url(i), news_page(i).encode("utf-8")) for i in range(start, start + count)]


def read_all(path: Path, max_bytes: int = 10_000_000) -> tuple[list[object], WarcCounts]:
    counts = WarcCounts()
    return list(read_pages(str(path), counts, max_bytes)), counts


# --- which records are pages ----------------------------------------------------------------


def test_keeps_ok_html_responses_and_counts_every_skip(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc.gz"
    with open(path, "wb") as handle:
        w = WARCWriter(handle, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "tests"}))
        response(w, "https://a.example/ok", b"<html><body><p>Kept.</p></body></html>")
        response(w, "https://a.example/gone", b"<p>Gone</p>", status="404 Not Found")
        response(w, "https://a.example/moved", b"", status="301 Moved Permanently")
        response(w, "https://a.example/logo.png", b"\x89PNG", content_type="image/png")
        response(w, "https://a.example/feed", b"{}", content_type="application/json")
        response(w, "dns:a.example", b"1.2.3.4", content_type="text/dns")
        meta = w.create_warc_record(
            "https://a.example/ok",
            "metadata",
            payload=io.BytesIO(b"fetchTimeMs: 12\n"),
            warc_content_type="application/warc-fields",
        )
        w.write_record(meta)
    pages, counts = read_all(path)
    assert [p.uri for p in pages] == ["https://a.example/ok"]  # type: ignore[attr-defined]
    assert counts.records == 8 and counts.pages == 1 and not counts.error
    assert counts.skipped == {
        "warcinfo records": 1,
        "metadata records": 1,
        "HTTP 404": 1,
        "HTTP 301": 1,
        "not HTML": 2,
        "not http(s)": 1,
    }
    assert "8 records, 1 HTML pages; skipped 2 not HTML" in counts.describe()


def test_identified_payload_type_wins_over_the_servers_content_type(tmp_path: Path) -> None:
    path = tmp_path / "types.warc.gz"
    with open(path, "wb") as handle:
        w = WARCWriter(handle, gzip=True)
        # The server said octet-stream; the crawler sniffed HTML: a page.
        response(
            w,
            "https://a.example/sniffed",
            b"<p>Hi</p>",
            content_type="application/octet-stream",
            identified="text/html",
        )
        # The server said HTML; the crawler sniffed a PDF: not a page.
        response(w, "https://a.example/paper", b"%PDF-1.4", identified="application/pdf")
        response(w, "https://a.example/x", b"<p>x</p>", content_type="application/xhtml+xml")
    pages, counts = read_all(path)
    assert [p.uri for p in pages] == ["https://a.example/sniffed", "https://a.example/x"]  # type: ignore[attr-defined]
    assert counts.skipped == {"not HTML": 1}


def test_a_resource_record_with_an_html_type_is_a_page(tmp_path: Path) -> None:
    path = tmp_path / "resource.warc"
    with open(path, "wb") as handle:
        w = WARCWriter(handle, gzip=False)
        record = w.create_warc_record(
            "https://a.example/saved",
            "resource",
            payload=io.BytesIO(b"<p>Saved page</p>"),
            warc_content_type="text/html",
        )
        w.write_record(record)
    pages, _ = read_all(path)
    assert [(p.uri, p.data) for p in pages] == [("https://a.example/saved", b"<p>Saved page</p>")]  # type: ignore[attr-defined]


def test_the_http_charset_decodes_a_page_without_a_meta_charset(tmp_path: Path, run_cli) -> None:
    title = "Привет из редакции"
    body = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
    path = tmp_path / "cyrillic.warc.gz"
    with open(path, "wb") as handle:
        w = WARCWriter(handle, gzip=True)
        response(
            w,
            "https://a.example/ru",
            body.encode("cp1251"),
            content_type="text/html; charset=windows-1251",
        )
    pages, _ = read_all(path)
    assert pages[0].charset == "windows-1251"  # type: ignore[attr-defined]
    result = run_cli("scan", str(path), "--format", "jsonl", "--jobs", "1", "--isolated")
    assert json.loads(result.out)["article"]["title"] == title


def test_gzip_content_encoding_is_undone(tmp_path: Path) -> None:
    path = tmp_path / "encoded.warc.gz"
    with open(path, "wb") as handle:
        w = WARCWriter(handle, gzip=True)
        response(
            w,
            "https://a.example/z",
            gzip.compress(b"<p>Compressed body</p>"),
            extra_headers=[("Content-Encoding", "gzip")],
        )
    pages, _ = read_all(path)
    assert pages[0].data == b"<p>Compressed body</p>"  # type: ignore[attr-defined]


def test_a_page_over_the_byte_limit_is_an_error_with_its_record(tmp_path: Path, run_cli) -> None:
    big = b"<html><body><p>" + b"long text " * 5000 + b"</p></body></html>"
    path = write_warc(
        tmp_path / "big.warc.gz", [("https://a.example/big", big), *generated_pages(1)]
    )
    result = run_cli(
        "scan", str(path), "--format", "jsonl", "--max-bytes", "20000", "--jobs", "1", "--isolated"
    )
    first, second = (json.loads(line) for line in result.out.splitlines())
    assert first["source"] == "https://a.example/big"
    assert "over the 20,000-byte limit" in first["error"]
    assert first["summaries"]["record"]["id"].startswith("<urn:uuid:")
    assert second["error"] is None and second["score"]["overall"] is not None
    assert result.code == 2


# --- damage ---------------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_a_truncated_archive_keeps_the_pages_before_and_says_so_once(
    tmp_path: Path, run_cli, gz: bool
) -> None:
    whole = write_warc(tmp_path / ("whole.warc" + (".gz" if gz else "")), generated_pages(5), gz=gz)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc" + (".gz" if gz else ""))
    cut.write_bytes(data[: len(data) * 7 // 10])  # inside the 4th page's record
    pages, counts = read_all(cut)
    assert 0 < len(pages) < 5 and counts.error
    result = run_cli("scan", str(cut), "--format", "jsonl", "--jobs", "1", "--isolated")
    reports = [json.loads(line) for line in result.out.splitlines()]
    assert [r["source"] for r in reports[:-1]] == [p.uri for p in pages]  # type: ignore[attr-defined]
    assert all(r["error"] is None for r in reports[:-1])
    assert reports[-1]["source"] == str(cut) and "truncated" in reports[-1]["error"]
    assert result.err.count("provcheck: error:") == 1 and result.code == 2


def test_a_file_that_is_not_an_archive_is_one_error(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "notes.warc.gz"
    path.write_bytes(gzip.compress(b"just some text, not a WARC record\n" * 20))
    pages, counts = read_all(path)
    assert pages == [] and counts.error
    result = run_cli("scan", str(path), "--format", "jsonl", "--jobs", "1", "--isolated")
    (report,) = (json.loads(line) for line in result.out.splitlines())
    assert report["source"] == str(path) and report["error"] and result.code == 2


def _arc_record(url: str, payload: bytes, mime: str = "text/html") -> bytes:
    return f"{url} 127.0.0.1 20260102030405 {mime} {len(payload)}\n".encode() + payload + b"\n"


def test_arc_files_are_read_with_record_ids_that_survive_a_rerun(tmp_path: Path) -> None:
    intro = b"1 0 tests\nURL IP-address Archive-date Content-type Archive-length\n"
    ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>An old page</p>"
    missing = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nno"
    data = b"\n".join(
        [
            _arc_record("filedesc://old.arc", intro, "text/plain"),
            _arc_record("http://old.example/a", ok),
            _arc_record("http://old.example/b", missing),
        ]
    )
    (tmp_path / "old.arc").write_bytes(data)
    first, counts = read_all(tmp_path / "old.arc")
    again, _ = read_all(tmp_path / "old.arc")
    assert [(p.uri, p.data, p.date) for p in first] == [  # type: ignore[attr-defined]
        ("http://old.example/a", b"<p>An old page</p>", "2026-01-02T03:04:05Z")
    ]
    assert first[0].record_id == again[0].record_id  # type: ignore[attr-defined]
    assert counts.skipped == {"HTTP 404": 1, "warcinfo records": 1}


# --- the command line -----------------------------------------------------------------------


def test_each_record_is_reported_by_its_uri_and_record_id(tmp_path: Path, run_cli) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", generated_pages(3))
    ids = [p.record_id for p in read_all(path)[0]]  # type: ignore[attr-defined]
    result = run_cli("scan", str(path), "--format", "jsonl", "--jobs", "1", "--isolated")
    reports = [json.loads(line) for line in result.out.splitlines()]
    assert [r["source"] for r in reports] == [page_url(i) for i in range(3)]
    assert [r["summaries"]["record"]["id"] for r in reports] == ids
    assert {r["summaries"]["record"]["archive"] for r in reports} == {str(path)}
    assert "3 HTML pages; skipped 3 request records, 1 warcinfo records" in result.err


def test_a_folder_picks_up_archives_next_to_articles(tmp_path: Path, run_cli) -> None:
    (tmp_path / "crawl").mkdir()
    write_warc(tmp_path / "crawl" / "part-1.warc.gz", generated_pages(2))
    (tmp_path / "crawl" / "loose.html").write_text(news_page(7), encoding="utf-8")
    result = run_cli(
        "scan", str(tmp_path / "crawl"), "--format", "jsonl", "--jobs", "1", "--isolated"
    )
    sources = [json.loads(line)["source"] for line in result.out.splitlines()]
    assert sources == [str(tmp_path / "crawl" / "loose.html"), page_url(0), page_url(1)]


def test_an_archived_page_never_reads_images_from_local_files(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A picture named like the page's relative <img src> sits in the working folder: a
    # page from an archive must not pick it up as if the page were a local file.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "hall.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    page = news_page(1).replace('src="/img/hall.jpg"', 'src="img/hall.jpg"').encode()
    path = write_warc(tmp_path / "crawl.warc.gz", [("https://news.example/city/x", page)])
    result = run_cli(
        "scan", str(path), "--format", "jsonl", "--select", "IMG", "--jobs", "1", "--isolated"
    )
    images = json.loads(result.out)["summaries"].get("images", [])
    assert images and all(image["bytes"]["status"] != "read" for image in images)
