"""IMG105: the same picture across the articles of one run and on a known-images list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from provcheck.config import Config
from provcheck.errors import ConfigError
from provcheck.plugins.imagery.hashstore import main as hash_main
from provcheck.testing import make_session
from tests.imagery_helpers import article, jpeg, picture, png, write


def codes(report: object) -> list[str]:
    return [f.code for f in report.findings if f.code.startswith("IMG")]  # type: ignore[attr-defined]


def recompressed(image: Image.Image, scale: float, quality: int) -> bytes:
    size = (round(image.width * scale), round(image.height * scale))
    return jpeg(image.resize(size, Image.Resampling.LANCZOS), quality=quality)


def test_resized_recompressed_copy_in_another_article_is_reported(tmp_path: Path) -> None:
    original = picture(5, size=(900, 600))
    write(tmp_path, "one/lead.png", png(original))
    write(tmp_path, "two/lead-small.jpg", recompressed(original, 0.45, 60))
    first = write(tmp_path, "one/story.html", article([("lead.png", "The harbour.")]))
    second = write(tmp_path, "two/story.html", article([("lead-small.jpg", "Another town.")],
                                                      title="Ferry strike ends"))  # fmt: skip
    session = make_session()
    assert codes(session.scan(str(first))) == []
    report = session.scan(str(second))
    (finding,) = [f for f in report.findings if f.code == "IMG105"]
    assert str(first) in finding.message
    assert finding.text == "lead-small.jpg"
    assert dict(finding.data)["matches"] == [str(first)]


def test_different_pictures_are_not_reused(tmp_path: Path) -> None:
    session = make_session()
    for n in range(1, 5):
        write(tmp_path, f"{n}/lead.jpg", jpeg(picture(n * 11)))
        path = write(tmp_path, f"{n}/story.html", article([("lead.jpg", "A picture.")]))
        assert "IMG105" not in codes(session.scan(str(path)))


def test_scanning_the_same_article_twice_is_not_reuse(tmp_path: Path) -> None:
    write(tmp_path, "lead.jpg", jpeg())
    path = write(tmp_path, "story.html", article([("lead.jpg", "A picture.")]))
    session = make_session()
    session.scan(str(path))
    assert "IMG105" not in codes(session.scan(str(path)))


def test_logos_and_small_icons_are_never_reused_illustrations(tmp_path: Path) -> None:
    session = make_session()
    for n in (1, 2):
        write(tmp_path, f"{n}/site-logo.png", png(picture(2, size=(400, 300))))
        write(tmp_path, f"{n}/badge.png", png(picture(3, size=(90, 90))))
        figures = [("site-logo.png", "The paper."), ("badge.png", "Badge.")]
        path = write(tmp_path, f"{n}/story.html", article(figures))
        assert "IMG105" not in codes(session.scan(str(path)))


def test_known_images_list_matches_any_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stock = picture(9, size=(800, 500))
    write(tmp_path, "stock.jpg", jpeg(stock))
    assert hash_main([str(tmp_path / "stock.jpg")]) == 0
    line = capsys.readouterr().out.strip()
    phash, dhash, _ = line.split(" ", 2)
    known = write(
        tmp_path, "known.txt", f"# stock AI art\n{phash} {dhash} Stock flood illustration\n"
    )
    write(tmp_path, "lead.jpg", recompressed(stock, 0.6, 70))
    path = write(tmp_path, "story.html", article([("lead.jpg", "The quay.")]))
    config = Config(plugins=(("imagery", {"known-images": str(known)}),))
    report = make_session(config=config).scan(str(path))
    (finding,) = [f for f in report.findings if f.code == "IMG105"]
    assert "Stock flood illustration" in finding.message


def test_known_images_may_be_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stock = picture(12, size=(700, 450))
    write(tmp_path, "stock.png", png(stock))
    hash_main([str(tmp_path / "stock.png")])
    phash, dhash, _ = capsys.readouterr().out.split(" ", 2)
    entries = [{"phash": phash, "dhash": dhash, "label": "Generic server-room picture"}]
    known = write(tmp_path, "known.json", json.dumps(entries))
    write(tmp_path, "lead.jpg", recompressed(stock, 0.8, 75))
    path = write(tmp_path, "story.html", article([("lead.jpg", "Servers.")]))
    config = Config(plugins=(("imagery", {"known-images": str(known)}),))
    report = make_session(config=config).scan(str(path))
    assert (
        "Generic server-room picture"
        in next(f for f in report.findings if f.code == "IMG105").message
    )


def test_malformed_known_images_file_is_a_config_error(tmp_path: Path) -> None:
    known = write(tmp_path, "known.txt", "not-hex also-not-hex label\n")
    with pytest.raises(ConfigError, match=r"known\.txt:1"):
        make_session(config=Config(plugins=(("imagery", {"known-images": str(known)}),)))


def test_unknown_imagery_setting_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="fetch-image"):
        make_session(config=Config(plugins=(("imagery", {"fetch-image": True}),)))


def test_cli_known_images_option_reaches_the_check(
    tmp_path: Path,
    run_cli,
    monkeypatch,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.chdir(tmp_path)
    stock = picture(4)
    write(tmp_path, "stock.jpg", jpeg(stock))
    hash_main([str(tmp_path / "stock.jpg")])
    line = capsys.readouterr().out.replace(str(tmp_path / "stock.jpg"), "stock picture")
    write(tmp_path, "known.txt", line)
    write(tmp_path, "lead.jpg", jpeg(stock, quality=50))
    write(tmp_path, "story.html", article([("lead.jpg", "The quay.")]))
    plain = run_cli("scan", "story.html", "--select", "IMG", "--format", "jsonl")
    assert '"IMG105"' not in plain.out
    result = run_cli("scan", "story.html", "--select", "IMG", "--known-images", "known.txt",
                     "--format", "jsonl")  # fmt: skip
    assert '"IMG105"' in result.out
    assert "stock picture" in result.out
