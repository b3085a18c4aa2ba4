"""The host: one session loads plugins once and scans any number of sources.

Every call into a plugin goes through the error boundary (``provcheck.boundary``): a check or
hook that raises is named - plugin, distribution, version, hook, file and line - and the run
goes on. A source that cannot be read becomes a report with a ``PC901`` finding.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any, cast

from provcheck.boundary import (
    CONSEQUENCE,
    add_plugin_options_of,
    call_args,
    implementations,
    plugin_label,
    where,
)
from provcheck.checks import CheckContext, Finding, Level, Rule
from provcheck.config import Config
from provcheck.editors.suppress import apply_suppressions
from provcheck.errors import ConfigError, ExitCode, SourceError
from provcheck.model import Article, Position
from provcheck.pluginmanager import LoadResult
from provcheck.registry import collect_checks, collect_formats
from provcheck.report import Report, Score
from provcheck.rulepacks.files import builtin_rules
from provcheck.rulepacks.packs import Pack
from provcheck.sources.local import RawDocument

# Hooks whose failure belongs to one article: it gets a PC902 finding naming the plugin.
_PER_ARTICLE = (
    "provcheck_load_source", "provcheck_parse_document", "provcheck_prepare_article",
    "provcheck_score", "provcheck_report",
)  # fmt: skip
_READERS = ("provcheck_load_source", "provcheck_parse_document")


class Session:
    """Plugins, checks, rules and formats for one run, built once."""

    def __init__(self, config: Config, loaded: LoadResult) -> None:
        self.config = config
        self.loaded = loaded
        self.hook = loaded.manager.hook
        # Plugin failures in this process: PC902 findings made here set it too.
        self.plugin_failed = False
        self.host_rules = {r.code: r for r in builtin_rules("host", plugin="provcheck")}
        for _ in self.each("provcheck_configure", config=config):
            pass
        #: (plugin name, pack) for every rule pack loaded, from the config and from plugins.
        self.packs: list[tuple[str, Pack]] = []
        self.checks = collect_checks(self)
        self.rules: dict[str, Rule] = dict(self.host_rules)
        for plugin_name, check in self.checks:
            for rule in check.rules:
                self.rules[rule.code] = replace(rule, plugin=rule.plugin or plugin_name)
        self.formats = collect_formats(self)

    def each(
        self, hook: str, article_errors: list[Finding] | None = None, *,
        registration_order: bool = False, **kwargs: Any,
    ) -> Iterator[tuple[str, Any]]:  # fmt: skip
        """(plugin name, result) of every implementation of ``hook``, in pluggy's call order
        (or in the order plugins were registered).

        One that raises is contained: a session-wide hook's failure is recorded in
        ``loaded.problems`` (and said on stderr); a per-article hook's becomes a ``PC902``
        finding appended to ``article_errors``. A ``ConfigError`` is the plugin rejecting the
        user's settings, not a bug: it stops the run as any configuration error does.
        """
        impls = list(implementations(getattr(self.hook, hook)))
        for impl in reversed(impls) if registration_order else impls:
            try:
                result = impl.function(**call_args(impl, kwargs))
            except ConfigError:
                raise  # a plugin rejecting the user's settings: a configuration error, exit 2
            except Exception as exc:
                self.contain(exc, impl.plugin_name, hook, article_errors)
                continue
            yield impl.plugin_name, result

    def contain(
        self, exc: BaseException, plugin_name: str, hook: str, article_errors: list[Finding] | None
    ) -> None:
        """Record one plugin failure (see ``each``). A ``SourceError`` is the input's fault
        (PC901), and a built-in loader's or parser's bug is reported as one too."""
        info = self.loaded.named(plugin_name)
        builtin_reader = info is not None and info.builtin and hook in _READERS
        if isinstance(exc, SourceError) or builtin_reader:
            raise exc
        if article_errors is None or hook not in _PER_ARTICLE:
            self.loaded.fail(exc, plugin_name, hook)
            self.plugin_failed = True
            return
        article_errors.append(self._crash(plugin_name, hook, exc))

    def _first(self, hook: str, errors: list[Finding], **kwargs: Any) -> Any:
        """A ``firstresult`` hook, each implementation in its own boundary."""
        for _, result in self.each(hook, errors, **kwargs):
            if result is not None:
                return result
        return None

    def _describe(self, plugin_name: str) -> str:
        info = self.loaded.named(plugin_name)
        if info is None:
            return plugin_label(plugin_name)
        return plugin_label(plugin_name, info.distribution, info.version)

    def scan(self, source: str | os.PathLike[str]) -> Report:
        """Load, parse, check and score one source (a path, ``-`` or a URL). Never raises for
        a bad source."""
        source = os.fspath(source)
        try:
            article = self.load(source)
        except SourceError as exc:
            return self.error_report(source, exc.reason, exc.plugin_errors)
        except Exception as exc:  # a loader or parser bug must not lose the other reports
            return self.error_report(source, f"internal error while reading: {_describe(exc)}")
        return self.check(article)

    def load(self, source: str | os.PathLike[str]) -> Article:
        """Load and parse one source (raises ``SourceError`` with a reason)."""
        source = os.fspath(source)
        errors: list[Finding] = []
        try:
            raw = self._first("provcheck_load_source", errors, source=source, config=self.config)
            if raw is None:
                raise SourceError(source, "no loader accepts this source")
            article = self.parse(cast(RawDocument, raw))
        except SourceError as exc:
            exc.plugin_errors = errors + exc.plugin_errors
            raise
        return article._with_errors(errors) if errors else article

    def scan_raw(self, raw: RawDocument) -> Report:
        """Parse, check and score bytes already in hand (a WARC record, an engine's document)."""
        try:
            article = self.parse(raw)
        except SourceError as exc:
            return self.error_report(raw.source, exc.reason, exc.plugin_errors)
        except Exception as exc:  # as in scan(): a parser bug is this page's error, not the run's
            return self.error_report(raw.source, f"internal error while reading: {_describe(exc)}")
        return self.check(article)

    def parse(self, raw: RawDocument) -> Article:
        """Parse and prepare one loaded document (raises ``SourceError`` with a reason).

        A plugin that fails on the way is recorded with the article (a ``PC902`` finding
        when it is checked)."""
        errors: list[Finding] = []
        parsed = self._first("provcheck_parse_document", errors, raw=raw, config=self.config)
        if parsed is None:
            error = SourceError(raw.source, f"no parser for media type {raw.media_type}")
            error.plugin_errors = errors
            raise error
        article = cast(Article, parsed)._with_source(raw)
        for _, prepared in self.each(
            "provcheck_prepare_article", errors, article=article, config=self.config
        ):
            article = cast(Article | None, prepared) or article
        if article._source is None:  # a plugin built a new Article: give it the bytes again
            article = article._with_source(raw)
        return article._with_errors(errors) if errors else article

    def error_report(self, source: str, reason: str, errors: Sequence[Finding] = ()) -> Report:
        finding = self.host_rules["PC901"].finding(f"{source}: {reason}", text=source)
        findings = (replace(finding, plugin="provcheck"), *errors)
        return Report(source, None, findings, None, error=reason)

    def check(self, article: Article) -> Report:
        ctx = CheckContext(self.config)
        findings: list[Finding] = list(article._plugin_errors())
        for plugin_name, check in self.checks:
            try:
                produced = list(check.run(article, ctx))
            except Exception as exc:
                findings.append(self._crash(plugin_name, f"check {check.prefix}", exc))
                continue
            findings.extend(replace(f, plugin=f.plugin or plugin_name) for f in produced)
        findings = apply_suppressions(
            article, findings, rules=self.rules, config=self.config, unused=self.host_rules["PC903"]
        )
        findings = self._select(findings, article.source)
        late: list[Finding] = []
        score = cast(Score | None, self._first(
            "provcheck_score", late, article=article, findings=findings,
            applicable=frozenset(ctx.applicable), config=self.config,
        ))  # fmt: skip
        if late and score is not None:
            score = replace(score, incomplete=True)
        summaries = tuple(ctx.summaries.items())
        # The source document (and any soup built from it) is not kept with the report.
        kept = article._with_source(None)
        report = Report(article.source, kept, tuple(findings + late), score, summaries=summaries)
        for _ in self.each("provcheck_report", late, report=report, config=self.config):
            pass
        if late:
            report = replace(report, findings=tuple(sorted((*findings, *late), key=_order)))
        return report

    def _crash(self, plugin_name: str, hook: str, exc: BaseException) -> Finding:
        """The ``PC902`` finding for a plugin that raised on one article."""
        found = self.loaded.failure(exc, plugin_name, hook)
        self.plugin_failed = True
        if self.loaded.show_traceback and self.loaded.say is not None:
            self.loaded.say(found.traceback.rstrip("\n"))
        what = hook if hook.startswith("check ") else f"hook {hook}"
        missing = "its findings are missing" if hook.startswith("check ") else CONSEQUENCE[hook]
        message = f"{what} of {found.who} crashed: {found.error} (at {found.where}); {missing}"
        data = {"plugin": plugin_name, "hook": hook, "where": found.where}
        return replace(self.host_rules["PC902"].finding(message, data=data), plugin=plugin_name)

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

    def exit_code(self, code: int, reports: Sequence[Report] = ()) -> int:
        """``code`` as the run's exit code once plugin failures count: 3 when a plugin failed
        after loading (2 with --strict-plugins); an input error (2) or interrupt stays."""
        crashed = any(f.code == "PC902" for r in reports for f in r.findings)
        self.plugin_failed = self.plugin_failed or crashed
        if not (self.plugin_failed or self.loaded.hook_failed):
            return code
        if code in (ExitCode.USAGE, ExitCode.INTERRUPTED):
            return code
        return ExitCode.USAGE if self.loaded.strict else ExitCode.INTERNAL

    def finish(self, reports: Sequence[Report], exit_code: int) -> int:
        """Call ``provcheck_session_finish`` (contained); returns the run's exit code."""
        code = self.exit_code(exit_code, reports)
        for _ in self.each(
            "provcheck_session_finish", reports=reports, exit_code=code, config=self.config
        ):
            pass
        return self.exit_code(code)

    @property
    def problems(self) -> Sequence[Mapping[str, Any]]:
        """Plugin failures so far, as the JSON/SARIF ``errors`` entries."""
        return [p.as_dict() for p in self.loaded.problems]


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc} (at {where(exc)})"


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


__all__ = ["Level", "Session", "add_plugin_options_of", "fails"]
