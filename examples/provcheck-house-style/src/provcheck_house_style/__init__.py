"""provcheck-house-style: a rule pack and one Python check, registered through hooks."""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path

from provcheck import Article, CheckContext, Config, Finding, Level, Rule, hookimpl

PHOTO_AGENCY = Rule(
    code="HSE201",
    name="photo-agency-not-allowed",
    level=Level.WARNING,
    dimension="imagery",
    summary="A photo credit names no agency on the newsroom's allow-list.",
    explanation=(
        "We only publish pictures from agencies we have contracts and verification "
        "agreements with; an unknown source may be unlicensed or unverified."
    ),
    fix="Use a picture from an allowed agency, or add the agency to allowed-photo-agencies.",
    points=10,
)
DEFAULT_ALLOWED = ("Reuters", "AP", "Associated Press", "AFP")


class PhotoAgencyCheck:
    """Flags photo credits that name none of the allowed agencies."""

    prefix = "HSE"
    rules = (PHOTO_AGENCY,)

    def __init__(self, allowed: Sequence[str]) -> None:
        self.allowed = tuple(a.lower() for a in allowed)

    def run(self, article: Article, ctx: CheckContext) -> Iterator[Finding]:
        for image in article.images:
            credit = image.credit.strip()
            if credit and not any(agency in credit.lower() for agency in self.allowed):
                yield PHOTO_AGENCY.finding(
                    f"The photo credit “{credit}” names no allowed agency.",
                    text=credit,
                    position=image.position,
                )


@hookimpl
def provcheck_addoption(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--house-style-allow-agency",
        action="append",
        default=[],
        metavar="NAME",
        help="house-style: also allow photo credits from this agency (repeatable)",
    )


@hookimpl
def provcheck_rule_paths(config: Config) -> list[Path]:
    return [Path(__file__).parent / "rules"]


@hookimpl
def provcheck_register_checks(config: Config) -> list[PhotoAgencyCheck]:
    settings = config.plugin_settings("house-style")
    allowed = list(settings.get("allowed-photo-agencies", DEFAULT_ALLOWED))
    allowed += getattr(config.options, "house_style_allow_agency", None) or []
    return [PhotoAgencyCheck(allowed)]
