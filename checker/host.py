"""The host: one session loads plugins once and scans any number of sources.

Every call into a plugin goes through the error boundary (``provcheck.boundary``): a check or
hook that raises is named - plugin, distribution, version, hook, file and line - and the run
goes on. A source that cannot be read becomes a report with a ``PC901`` finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from provcheck.boundary import call_args, implementations
from provcheck.checks import Check, CheckContext, Finding, Level, Rule
from provcheck.config import Config
from provcheck.editors.suppress import apply_suppressions
from provcheck.errors import ConfigError, ExitCode, PluginError, SourceError
from provcheck.formats import Formatter
from provcheck.model import Article, Position
from provcheck.pluginmanager import LoadResult
from provcheck.report import Report, Score
from provcheck.rulepacks.files import builtin_rules
from provcheck.rulepacks.packs import Pack, load_packs
from provcheck.rulepacks.validate import PackCheck
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
        self.checks = self._collect_checks()
        self.rules: dict[str, Rule] = dict(self.host_rules)
        for plugin_name, check in self.checks:
            for rule in check.rules:
                self.rules[rule.code] = replace(rule, plugin=rule.plugin or plugin_name)
        self.formats = self._collect_formats()

    def each(
        self, hook: str, article_errors: list[Finding] | None = None, *,
        registration_order: bool = False, **kwargs: Any,
    ) -> Iterator[tuple[str, Any]]:  # fmt: skip
        """(plugin name, result) of every implementation of ``hook``, in pluggy's call order
        (or in the order plugins were registered).

        One that raises is contained: a session-wide hook's failure is recorded in
        ``loaded.problems`` (and said on stderr); a per-article hook's becomes a ``PC902``
        finding appended to ``article_errors``.
        """
        impls = list(implementations(getattr(self.hook, hook)))
        for impl in reversed(impls) if registration_order else impls:
            try:
                result = impl.function(**call_args(impl, kwargs))
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

    def _provided_checks(self) -> Iterator[tuple[str, Check]]:
        """(plugin name, check) from every plugin, then from rule packs."""
        provided_by = self.each(
            "provcheck_register_checks", registration_order=True, config=self.config
        )
        for plugin_name, provided in provided_by:
            try:
                checks = list(cast(Sequence[Check], provided or ()))
                for check in checks:
                    _ = (check.prefix, tuple(check.rules), check.run)
            except Exception as exc:  # not a list of checks: the plugin's contract, not ours
                self.contain(exc, plugin_name, "provcheck_register_checks", None)
                continue
            yield from ((plugin_name, check) for check in checks)
        for plugin_name, pack in self._packs():
            self.packs.append((plugin_name, pack))
            yield plugin_name, PackCheck(pack)

    def _packs(self) -> Iterator[tuple[str, Pack]]:
        root = Path(self.config.root or ".")
        configured = [root / path for path in self.config.rule_packs]
        for pack in load_packs(configured):
            yield f"pack:{pack.name}", pack
        shipped = self.each("provcheck_rule_paths", registration_order=True, config=self.config)
        for plugin_name, paths in shipped:
            try:
                packs = load_packs([Path(p) for p in paths or ()], plugin=plugin_name)
            except ConfigError as exc:
                error = ConfigError(f"{exc}{_missing_data_hint(str(exc))}")
                self.contain(error, plugin_name, "provcheck_rule_paths", None)
                continue
            except Exception as exc:
                self.contain(exc, plugin_name, "provcheck_rule_paths", None)
                continue
            yield from ((plugin_name, pack) for pack in packs)

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
        for _, result in reversed(list(self.each("provcheck_register_formats"))):
            for formatter in result or ():
                formats[formatter.name] = formatter
        return formats

    def _describe(self, plugin_name: str) -> str:
        info = self.loaded.named(plugin_name)
        if info is None or not info.distribution:
            return f"plugin {plugin_name!r}"
        return f"plugin {plugin_name!r} ({info.distribution} {info.version})"

    def scan(self, source: str) -> Report:
        """Load, parse, check and score one source. Never raises for a bad source."""
        errors: list[Finding] = []
        try:
            article = self.load(source, errors)
        except SourceError as exc:
            return self.error_report(source, exc.reason, errors)
        except Exception as exc:  # a loader or parser bug must not lose the other reports
            return self.error_report(source, f"internal error while reading: {_describe(exc)}")
        return self.check(article, errors)

    def load(self, source: str, errors: list[Finding] | None = None) -> Article:
        errors = [] if errors is None else errors
        raw = self._first("provcheck_load_source", errors, source=source, config=self.config)
        if raw is None:
            raise SourceError(source, "no loader accepts this source")
        return self.parse(cast(RawDocument, raw), errors)

    def scan_raw(self, raw: RawDocument) -> Report:
        """Parse, check and score bytes already in hand (a WARC record, an engine's document)."""
        errors: list[Finding] = []
        try:
            article = self.parse(raw, errors)
        except SourceError as exc:
            return self.error_report(raw.source, exc.reason, errors)
        except Exception as exc:  # as in scan(): a parser bug is this page's error, not the run's
            return self.error_report(raw.source, f"internal error while reading: {_describe(exc)}")
        return self.check(article, errors)

    def parse(self, raw: RawDocument, errors: list[Finding] | None = None) -> Article:
        """Parse and prepare one loaded document (raises ``SourceError`` with a reason).

        Plugin failures on the way are added to ``errors`` as ``PC902`` findings."""
        errors = [] if errors is None else errors
        source = raw.source
        parsed = self._first("provcheck_parse_document", errors, raw=raw, config=self.config)
        if parsed is None:
            raise SourceError(source, f"no parser for media type {raw.media_type}")
        article = cast(Article, parsed)._with_source(raw)
        for _, prepared in self.each(
            "provcheck_prepare_article", errors, article=article, config=self.config
        ):
            article = cast(Article | None, prepared) or article
        return article

    def error_report(self, source: str, reason: str, errors: Sequence[Finding] = ()) -> Report:
        finding = self.host_rules["PC901"].finding(f"{source}: {reason}", text=source)
        findings = (replace(finding, plugin="provcheck"), *errors)
        return Report(source, None, findings, None, error=reason)

    def check(self, article: Article, errors: Sequence[Finding] = ()) -> Report:
        ctx = CheckContext(self.config)
        findings: list[Finding] = list(errors)
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
        missing = "its findings are missing" if hook.startswith("check ") else _AFTER.get(hook, "")
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


_AFTER = {
    "provcheck_load_source": "the other loaders were tried",
    "provcheck_parse_document": "the other parsers were tried",
    "provcheck_prepare_article": "the article was checked without its changes",
    "provcheck_score": "the next scorer was used and the score is incomplete",
    "provcheck_report": "the report is unchanged",
}


def _missing_data_hint(message: str) -> str:
    if "no such file or folder" not in message:
        return ""
    return (
        " - the plugin's package was installed without its rule files: list them as package "
        "data ([tool.setuptools.package-data], docs/plugins.md section 6)"
    )


def _describe(exc: Exception) -> str:
    from provcheck.boundary import where

    return f"{type(exc).__name__}: {exc} (at {where(exc)})"


def _order(finding: Finding) -> tuple[int, int, str]:
    position = finding.position or Position()
    return (position.line, position.column, finding.code)


def add_plugin_options_of(loaded: LoadResult, parser: Any) -> None:
    """Call every plugin's ``provcheck_addoption``, each in its own error boundary."""
    for impl in implementations(loaded.manager.hook.provcheck_addoption):
        try:
            impl.function(**call_args(impl, {"parser": parser}))
        except Exception as exc:
            loaded.fail(exc, impl.plugin_name, "provcheck_addoption")


def fails(report: Report, config: Config) -> bool:
    """Whether a report should make the run exit 1 (level or score threshold)."""
    # Input errors (PC901) decide exit code 2 elsewhere, not the findings threshold.
    if any(f.level >= config.fail_on and f.code != "PC901" for f in report.active_findings):
        return True
    under = config.fail_under
    overall = report.score.overall if report.score else None
    return under is not None and overall is not None and overall < under


__all__ = ["Level", "Session", "add_plugin_options_of", "fails"]
