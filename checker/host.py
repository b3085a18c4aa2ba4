"""The host: one session loads plugins once and scans any number of sources.

Each check runs inside its own error boundary; a source that cannot be read becomes a report
with a ``PC901`` finding and the run goes on.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import cast

from provcheck.checks import Check, CheckContext, Finding, Level, Rule
from provcheck.config import Config
from provcheck.editors.suppress import apply_suppressions
from provcheck.errors import PluginError, SourceError
from provcheck.formats import Formatter
from provcheck.model import Article, Position
from provcheck.pluginmanager import LoadResult
from provcheck.report import Report, Score
from provcheck.rulepacks.files import builtin_rules
from provcheck.rulepacks.packs import Pack, load_packs
from provcheck.rulepacks.validate import PackCheck
from provcheck.sources.local import RawDocument


class Session:
    """Plugins, checks, rules and formats for one run, built once."""

    def __init__(self, config: Config, loaded: LoadResult) -> None:
        self.config = config
        self.loaded = loaded
        self.hook = loaded.manager.hook
        self.hook.provcheck_configure.call_historic(kwargs={"config": config})
        self.host_rules = {r.code: r for r in builtin_rules("host", plugin="provcheck")}
        self.checks = self._collect_checks()
        self.rules: dict[str, Rule] = dict(self.host_rules)
        for plugin_name, check in self.checks:
            for rule in check.rules:
                self.rules[rule.code] = replace(rule, plugin=rule.plugin or plugin_name)
        self.formats = self._collect_formats()

    def _provided_checks(self) -> Iterator[tuple[str, Check]]:
        """(plugin name, check) from every plugin, then from rule packs."""
        for impl in self.loaded.manager.hook.provcheck_register_checks.get_hookimpls():
            provided = cast(Sequence[Check], impl.function(config=self.config) or ())
            for check in provided:
                yield impl.plugin_name, check
        for plugin_name, pack in self._packs():
            yield plugin_name, PackCheck(pack)

    def _packs(self) -> Iterator[tuple[str, Pack]]:
        root = Path(self.config.root or ".")
        configured = [root / path for path in self.config.rule_packs]
        for pack in load_packs(configured):
            yield f"pack:{pack.name}", pack
        for impl in self.loaded.manager.hook.provcheck_rule_paths.get_hookimpls():
            paths = cast(Sequence[Path], impl.function(config=self.config) or ())
            for pack in load_packs([Path(p) for p in paths], plugin=impl.plugin_name):
                yield impl.plugin_name, pack

    def _collect_checks(self) -> list[tuple[str, Check]]:
        owners: dict[str, str] = {}
        checks: list[tuple[str, Check]] = []
        for plugin_name, check in self._provided_checks():
            owner = owners.get(check.prefix)
            if owner is not None and owner != plugin_name:
                raise PluginError(
                    f"code prefix {check.prefix!r} is claimed by both "
                    f"{self._describe(owner)} and {self._describe(plugin_name)}"
                )
            owners[check.prefix] = plugin_name
            for rule in check.rules:
                if not rule.code.startswith(check.prefix):
                    raise PluginError(
                        f"{self._describe(plugin_name)}: rule {rule.code} is outside "
                        f"its prefix {check.prefix!r}"
                    )
            checks.append((plugin_name, check))
        # pluggy calls the last registered first; run built-ins first, in registration order.
        order = {info.name: i for i, info in enumerate(self.loaded.plugins)}
        return sorted(checks, key=lambda pair: order.get(pair[0], len(order)))

    def _collect_formats(self) -> dict[str, Formatter]:
        formats: dict[str, Formatter] = {}
        for result in reversed(self.hook.provcheck_register_formats()):
            for formatter in result or ():
                formats[formatter.name] = formatter
        return formats

    def _describe(self, plugin_name: str) -> str:
        info = next((p for p in self.loaded.plugins if p.name == plugin_name), None)
        if info is None or not info.distribution:
            return f"plugin {plugin_name!r}"
        return f"plugin {plugin_name!r} ({info.distribution} {info.version})"

    def scan(self, source: str) -> Report:
        """Load, parse, check and score one source. Never raises for a bad source."""
        try:
            article = self.load(source)
        except SourceError as exc:
            return self.error_report(source, exc.reason)
        except Exception as exc:  # a loader or parser bug must not lose the other reports
            return self.error_report(source, f"internal error while reading: {_describe(exc)}")
        return self.check(article)

    def load(self, source: str) -> Article:
        raw: RawDocument | None = self.hook.provcheck_load_source(source=source, config=self.config)
        if raw is None:
            raise SourceError(source, "no loader accepts this source")
        return self.parse(raw)

    def scan_raw(self, raw: RawDocument) -> Report:
        """Parse, check and score bytes already in hand (a WARC record, an engine's document)."""
        try:
            article = self.parse(raw)
        except SourceError as exc:
            return self.error_report(raw.source, exc.reason)
        except Exception as exc:  # as in scan(): a parser bug is this page's error, not the run's
            return self.error_report(raw.source, f"internal error while reading: {_describe(exc)}")
        return self.check(article)

    def parse(self, raw: RawDocument) -> Article:
        """Parse and prepare one loaded document (raises ``SourceError`` with a reason)."""
        source = raw.source
        article: Article | None = self.hook.provcheck_parse_document(raw=raw, config=self.config)
        if article is None:
            raise SourceError(source, f"no parser for media type {raw.media_type}")
        for impl in reversed(self.hook.provcheck_prepare_article.get_hookimpls()):
            prepared = cast(Article | None, impl.function(article=article, config=self.config))
            article = prepared or article
        return article

    def error_report(self, source: str, reason: str) -> Report:
        finding = self.host_rules["PC901"].finding(f"{source}: {reason}", text=source)
        return Report(source, None, (replace(finding, plugin="provcheck"),), None, error=reason)

    def check(self, article: Article) -> Report:
        ctx = CheckContext(self.config)
        findings: list[Finding] = []
        for plugin_name, check in self.checks:
            try:
                produced = list(check.run(article, ctx))
            except Exception as exc:
                findings.append(self._crash(plugin_name, check, exc))
                continue
            findings.extend(replace(f, plugin=f.plugin or plugin_name) for f in produced)
        findings = apply_suppressions(
            article, findings, rules=self.rules, config=self.config, unused=self.host_rules["PC903"]
        )
        findings = self._select(findings, article.source)
        score: Score | None = self.hook.provcheck_score(
            article=article,
            findings=findings,
            applicable=frozenset(ctx.applicable),
            config=self.config,
        )
        report = Report(
            article.source, article, tuple(findings), score, summaries=tuple(ctx.summaries.items())
        )
        self.hook.provcheck_report(report=report, config=self.config)
        return report

    def _crash(self, plugin_name: str, check: Check, exc: Exception) -> Finding:
        message = (
            f"check {check.prefix} of {self._describe(plugin_name)} crashed: "
            f"{_describe(exc)}; its findings are missing"
        )
        return replace(self.host_rules["PC902"].finding(message), plugin=plugin_name)

    def _select(self, findings: Iterable[Finding], source: str) -> list[Finding]:
        kept = []
        for finding in findings:
            if not self.config.is_selected(finding.code, finding.name, source):
                continue
            level = self.config.level_for(finding.code, finding.name, finding.level)
            kept.append(finding if level == finding.level else replace(finding, level=level))
        return sorted(kept, key=_order)

    def rules_sorted(self) -> list[Rule]:
        return sorted(self.rules.values(), key=lambda r: r.code)

    def finish(self, reports: Sequence[Report], exit_code: int) -> None:
        self.hook.provcheck_session_finish(reports=reports, exit_code=exit_code, config=self.config)


def _describe(exc: Exception) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__}: {exc} (at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})"


def _order(finding: Finding) -> tuple[int, int, str]:
    position = finding.position or Position()
    return (position.line, position.column, finding.code)


def fails(report: Report, config: Config) -> bool:
    """Whether a report should make the run exit 1 (level or score threshold)."""
    # Input errors (PC901) decide exit code 2 elsewhere, not the findings threshold.
    if any(f.level >= config.fail_on and f.code != "PC901" for f in report.active_findings):
        return True
    under = config.fail_under
    overall = report.score.overall if report.score else None
    return under is not None and overall is not None and overall < under


__all__ = ["Level", "Session", "fails"]
