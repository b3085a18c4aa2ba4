"""IMG: AI-generated imagery and image provenance.

For each picture of the article (figures, inline images, og:image, JSON-LD images; og:image
and the first figure counted once) this ties what the page tells the reader (caption, credit,
alt text, the paragraph beside it, JSON-LD digitalSourceType) to what the picture's own bytes
say (XMP Digital Source Type, C2PA, IPTC, EXIF, PNG text chunks), and finds the same picture
in earlier articles of the run or on a known-images list. The check object lives for the
whole session, so pictures seen in earlier articles are remembered.

Options: ``--fetch-images``, ``--known-images FILE``, ``--max-images N``; or in config::

    [tool.provcheck.plugins.imagery]
    fetch-images = false       # download remote images (through the URL-scan guard)
    image-root = "."           # local images are read only under this folder
    known-images = "stock-ai-illustrations.txt"
    max-images = 8             # pictures read per article
    max-pixels = 50_000_000    # larger images are refused, not decoded
    max-image-bytes = 10_000_000
    validate-c2pa = true       # with the provcheck[c2pa] extra installed
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provcheck import (
    Article,
    Check,
    CheckContext,
    Config,
    ConfigError,
    Finding,
    builtin_rules,
    hookimpl,
)  # fmt: skip
from provcheck.plugins.imagery import lex as imagelex
from provcheck.plugins.imagery.credentials import Validator
from provcheck.plugins.imagery.download import ImageLoader
from provcheck.plugins.imagery.facts import DEFAULT_MAX_PIXELS, ImageFacts, Unreadable
from provcheck.plugins.imagery.findings import detached_findings, picture_findings, summary
from provcheck.plugins.imagery.hashstore import HashStore, Seen, compute, load_known
from provcheck.plugins.imagery.picture import Picture, collect, merge_by_hash
from provcheck.plugins.imagery.reuse import illustration_sized, repeat_message
from provcheck.plugins.imagery.source import SourceText
from provcheck.plugins.imagery.text import (
    Layout,
    detached_disclosures,
    image_disclosures,
    jsonld_disclosure,
    photo_claim,
)  # fmt: skip

NAME = "imagery"


@dataclass(frozen=True, slots=True)
class Settings:
    fetch_images: bool = False
    known_images: str = ""
    max_images: int = 8
    max_pixels: int = DEFAULT_MAX_PIXELS
    max_image_bytes: int = 10_000_000
    validate_c2pa: bool = True
    image_root: str = ""


class ImageryCheck:
    prefix = "IMG"

    def __init__(self, settings: Settings, config: Config) -> None:
        self.rules = builtin_rules(NAME, plugin=NAME)
        self._rule = {rule.code: rule for rule in self.rules}
        self.settings = settings
        self.lex = imagelex.load()
        self.validator = Validator(settings.validate_c2pa)
        self.loader = ImageLoader(
            fetch=settings.fetch_images, allow_private=config.allow_private_network,
            timeout=config.timeout, max_bytes=settings.max_image_bytes,
            root=settings.image_root, project=config.root,
        )  # fmt: skip
        self.store = HashStore(self.lex.phash_distance, self.lex.dhash_distance)
        if settings.known_images:
            self.store.known = load_known(settings.known_images)

    def run(self, article: Article, ctx: CheckContext) -> Iterator[Finding]:
        pictures = collect(article)
        source = SourceText(article.source)
        for picture in pictures:
            picture.position = source.place(picture.image.src, picture.position)
        self._read(article, pictures)
        limits = (self.lex.phash_distance, self.lex.dhash_distance)
        pictures = merge_by_hash(pictures, limits)
        near: set[int] = set()
        layout = Layout.of(article)
        for picture in pictures:
            self._disclosures(article, picture, layout)
            near.update(b.index for b in layout.adjacent(picture.image))
        detached = list(detached_disclosures(article, near, self.lex, layout))
        shown = [p for p in pictures if p.visible or p.facts is not None]
        if any(p.visible for p in pictures) or any(p.facts for p in pictures):
            ctx.mark_applicable("imagery")
        for picture in shown:
            yield from picture_findings(picture, bool(detached), self._rule, self.lex)
        yield from self._reuse(article, shown)
        yield from detached_findings(detached, self._rule["IMG103"])
        if shown:
            ctx.summaries["images"] = [summary(p, bool(detached)) for p in shown]

    def _read(self, article: Article, pictures: list[Picture]) -> None:
        """Load and read the bytes of up to ``max_images`` pictures, visible ones first."""
        order = sorted(pictures, key=lambda p: not p.visible)
        for picture in order[: self.settings.max_images]:
            picture.loaded = self.loader.load(article.source, article.url, picture.image)
            if picture.loaded.status != "read":
                continue
            data = picture.loaded.data
            if len(data) > self.settings.max_image_bytes:
                picture.facts = ImageFacts("unreadable", "the file is over the byte limit")
                continue
            from provcheck.plugins.imagery.meta import read_image  # Pillow: only when reading

            try:
                facts, thumbnail = read_image(
                    data, self.lex, self.validator, self.settings.max_pixels
                )
            except Unreadable as exc:
                picture.facts = ImageFacts("unreadable", str(exc))
                continue
            except Exception as exc:  # hostile bytes reach deep into decoders: one image only
                picture.facts = ImageFacts(
                    "unreadable", f"cannot decode: {type(exc).__name__}: {exc}"
                )
                continue
            picture.facts = facts
            if thumbnail is not None:
                picture.hashes = compute(thumbnail)

    def _disclosures(self, article: Article, picture: Picture, layout: Layout) -> None:
        image = picture.image
        if picture.visible:
            picture.disclosures.extend(image_disclosures(image, picture.position, self.lex, layout))
            picture.photo_claim = photo_claim(image, self.lex)
        term = picture.page_source_type
        if term:
            found = jsonld_disclosure(self.lex.source_class(term), term, picture.position)
            if found is not None:
                picture.disclosures.append(found)

    def _reuse(self, article: Article, pictures: list[Picture]) -> Iterator[Finding]:
        for picture in pictures:
            if picture.hashes is None or picture.facts is None:
                continue
            countable = picture.visible and self._illustration_sized(picture)
            earlier, known = self.store.matches(picture.hashes, article.source)
            if not countable:
                earlier = []
            if countable:
                self.store.add(
                    Seen(picture.hashes, article.source, article.title, picture.image.src)
                )
            if not earlier and not known:
                continue
            names = [f"“{m.seen.article}”" for m in earlier] + [
                f"known image “{m.seen.src}”" for m in known
            ]
            picture.reused = [m.seen.article for m in earlier] + [m.seen.src for m in known]
            first = (earlier or known)[0]
            yield self._rule["IMG105"].finding(
                repeat_message(picture.label, names, first.phash_distance, first.dhash_distance),
                text=picture.image.src, position=picture.position,
                data={"matches": picture.reused},
            )  # fmt: skip

    def _illustration_sized(self, picture: Picture) -> bool:
        """Icons, logos and banners are not illustrations, even when reused."""
        facts = picture.facts
        assert facts is not None
        return illustration_sized(self.lex, facts.width, facts.height, picture.image.src)


def settings_from(config: Config) -> Settings:
    """Settings from [tool.provcheck.plugins.imagery], overridden by command-line options."""
    table = dict(config.plugin_settings(NAME))
    known = {"fetch-images", "known-images", "max-images", "max-pixels", "max-image-bytes",
             "validate-c2pa", "image-root"}  # fmt: skip
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"[tool.provcheck.plugins.{NAME}]: unknown key {unknown[0]!r} "
                          f"(known: {', '.join(sorted(known))})")  # fmt: skip
    options = config.options
    known_images = _option(options, "known_images") or _path(
        table.get("known-images", ""), config, "known-images"
    )
    return Settings(
        fetch_images=bool(_option(options, "fetch_images") or _flag(table, "fetch-images", False)),
        known_images=str(known_images or ""),
        max_images=_cli_number(options, "max_images") or _number(table, "max-images", 8),
        max_pixels=_number(table, "max-pixels", DEFAULT_MAX_PIXELS),
        max_image_bytes=_number(table, "max-image-bytes", 10_000_000),
        validate_c2pa=_flag(table, "validate-c2pa", True),
        image_root=_path(table.get("image-root", ""), config, "image-root"),
    )


def _option(options: argparse.Namespace, name: str) -> Any:
    return getattr(options, name, None)


def _cli_number(options: argparse.Namespace, name: str) -> int:
    value = _option(options, name)
    if value is not None and value < 1:
        raise ConfigError(f"--{name.replace('_', '-')} must be 1 or more")
    return int(value or 0)


def _flag(table: dict[str, Any], key: str, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"[tool.provcheck.plugins.{NAME}]: {key!r} must be true or false")
    return value


def _number(table: dict[str, Any], key: str, default: int) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"[tool.provcheck.plugins.{NAME}]: {key!r} must be a whole number >= 1")
    return value


def _path(value: Any, config: Config, key: str) -> str:
    """A path from the config table, relative to the config file's folder."""
    if not value:
        return ""
    if not isinstance(value, str):
        raise ConfigError(f"[tool.provcheck.plugins.{NAME}]: {key!r} must be a path")
    path = Path(value)
    return str(path if path.is_absolute() or not config.root else Path(config.root) / path)


@hookimpl
def provcheck_addoption(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("images (IMG rules)")
    group.add_argument(
        "--fetch-images", action="store_true", default=None,
        help="download remote images to read their metadata (off by default; same address "
             "guard as URL scans, 10 MB and --timeout per image)",
    )  # fmt: skip
    group.add_argument(
        "--known-images", metavar="FILE",
        help="file of known pictures (PHASH DHASH LABEL per line) to report reuse of",
    )  # fmt: skip
    group.add_argument(
        "--max-images", type=int, metavar="N", help="pictures read per article (default 8)"
    )


@hookimpl
def provcheck_register_checks(config: Config) -> Sequence[Check]:
    return [ImageryCheck(settings_from(config), config)]
