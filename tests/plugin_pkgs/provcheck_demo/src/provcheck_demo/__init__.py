"""Flags the word "allegedly" in a headline: a check written only against the public API."""

from __future__ import annotations

from provcheck import Level, Rule, hookimpl

RULE = Rule(
    code="DEMO101",
    name="allegedly-in-headline",
    level=Level.WARNING,
    dimension="sourcing",
    summary="The headline says 'allegedly'.",
    explanation="Headlines that hedge with 'allegedly' still plant the claim.",
    fix="Say who alleges it.",
    points=7,
)


class DemoCheck:
    prefix = "DEMO"
    rules = (RULE,)

    def run(self, article, ctx):
        if "allegedly" in article.title.lower():
            yield RULE.finding(
                "The headline hedges with 'allegedly'.",
                text=article.title,
                position=article.title_position,
            )


@hookimpl
def provcheck_register_checks(config):
    return [DemoCheck()]
