"""The parent's IMG105 pass for ``--jobs N``: a picture reused across articles that fell in
different worker processes.

Each worker matches pictures only against the articles it scanned itself. The parent sees
every report, so it puts them back in input order (holding the few that finish early) and
feeds each report's ``images`` summary (perceptual hashes, size, where the picture appears)
to the imagery plugin's ``RunReuse``. A repeat the worker missed becomes an IMG105 finding,
or widens the worker's own finding to every earlier article, with the run's selection, level
overrides and in-document suppressions applied as the host would. IMG105 costs no points, so
scores do not change. With one worker the check's own store already sees the whole run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from provcheck.batch.page import Done
from provcheck.checks import Finding
from provcheck.config import Config
from provcheck.host import Session
from provcheck.model import Position
from provcheck.report import Report

if TYPE_CHECKING:
    from provcheck.plugins.imagery.reuse import Repeat, RunReuse


class ReusePass:
    """Feed finished jobs in any order; get them back in input order, IMG105 completed."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rule = session.rules.get("IMG105")
        self.plugin = next((name for name, c in session.checks if c.prefix == "IMG"), "")
        self.reuse: RunReuse | None = None
        if self.rule is not None and self.plugin:
            from provcheck.plugins.imagery.reuse import RunReuse

            self.reuse = RunReuse()
        self.held: dict[int, Done] = {}
        self.next_seq = 0
        self.articles: set[str] = set()  # sources fed so far: the rest of a match list is known
        # Comments (line, column, text) that silence an IMG105 added here: a worker that made
        # no IMG105 filed them as unused (PC903), which no longer holds.
        self.used: set[tuple[int, int, str]] = set()

    def feed(self, done: Done) -> Iterator[Done]:
        """``done`` and any held after it, once every job before them has come back."""
        if self.reuse is None:
            yield done
            return
        self.held[done.seq] = done
        while self.next_seq in self.held:
            yield self._completed(self.held.pop(self.next_seq))
            self.next_seq += 1

    def rest(self) -> Iterator[Done]:
        """What is still held (only if a job never came back), in input order."""
        for seq in sorted(self.held):
            yield self._completed(self.held.pop(seq))

    def _completed(self, done: Done) -> Done:
        if done.row is not None:
            return self._completed_row(done)
        report = done.report
        if report is None or report.error or self.reuse is None:
            return done
        images = dict(report.summaries).get("images") or []
        title = report.article.title if report.article is not None else ""
        repeats = self.reuse.add(report.source, title, images)
        self.articles.add(report.source)
        if not repeats:
            return done
        findings = list(report.findings)
        for repeat in repeats:
            self._merge(report, findings, repeat)
        order = sorted(findings, key=lambda f: (f.position.line, f.position.column, f.code))
        order = [f for f in order if not (f.code == "PC903" and _place(f) in self.used)]
        self.used.clear()
        return replace(done, report=replace(report, findings=tuple(order)))

    def _merge(self, report: Report, findings: list[Finding], repeat: Repeat) -> None:
        own = next((f for f in findings if f.code == "IMG105" and f.text == repeat.src), None)
        if own is None:
            made = self._finding(report, repeat)
            if made is not None:
                findings.append(made)
            return
        matches: list[Any] = list(dict(own.data).get("matches") or [])
        if all(article in matches for article in repeat.earlier):
            return  # the worker saw them all
        known = [m for m in matches if m not in self.articles]
        widened = own.with_changes(
            message=repeat.message(known),
            data=(*((k, v) for k, v in own.data if k != "matches"),
                  ("matches", [*repeat.earlier, *known])),
        )  # fmt: skip
        findings[findings.index(own)] = widened

    def _finding(self, report: Report, repeat: Repeat) -> Finding | None:
        made = _draft(self.session, report, repeat.src, repeat.line)
        if made is None:
            return None
        self.used.update(_comments(made))
        return made.with_changes(message=repeat.message(), data=_matches(repeat.earlier))

    def _completed_row(self, done: Done) -> Done:
        """As ``_completed``, for --output-dir: the row's JSON line and columns rewritten."""
        import json

        from provcheck.formats.jsonfmt import finding_data

        row = done.row
        assert row is not None and self.reuse is not None
        if row.error or '"hashes"' not in row.line:  # no hashed picture: nothing to match
            return done
        data = json.loads(row.line)
        images = (data.get("summaries") or {}).get("images") or []
        title = (data.get("article") or {}).get("title") or ""
        repeats = self.reuse.add(data["source"], title, images)
        self.articles.add(data["source"])
        findings: list[dict[str, Any]] = data["findings"]
        fails = row.fails
        for repeat in repeats:
            own = next((f for f in findings if f["code"] == "IMG105"
                        and f["text"] == repeat.src), None)  # fmt: skip
            if own is not None:
                matches = list((own.get("data") or {}).get("matches") or [])
                known = [m for m in matches if m not in self.articles]
                own["message"] = repeat.message(known)
                own.setdefault("data", {})["matches"] = [*repeat.earlier, *known]
                continue
            draft = next((d for d in row.drafts if d.text == repeat.src), None)
            if draft is not None:
                self.used.update(_comments(draft))
                made = draft.with_changes(message=repeat.message(), data=_matches(repeat.earlier))
                findings.append(finding_data(made))
                fails |= not made.suppressed and made.level >= self.session.config.fail_on
        if self.used:
            stale = [f for f in findings if f["code"] == "PC903"
                     and (f["line"], f["column"], f["text"]) in self.used]  # fmt: skip
            findings[:] = [f for f in findings if f not in stale]
            fails = fails if not stale else _fails(data, self.session.config)
            self.used.clear()
        findings.sort(key=lambda f: (f["line"], f["column"], f["code"]))
        columns = dict(row.columns)
        columns["codes"] = [f["code"] for f in findings if not f["suppressed"]]
        line = json.dumps(data, ensure_ascii=False)
        return replace(done, row=replace(row, line=line, columns=columns, fails=fails, drafts=()))


def drafts(session: Session, report: Report) -> tuple[Finding, ...]:
    """For an --output-dir worker: the IMG105 finding the parent may add for each hashed
    picture (selection, level and suppressions applied here, where the article is)."""
    images = dict(report.summaries).get("images") or []
    made = (
        _draft(session, report, str(entry.get("src", "")), int(entry.get("line") or 0))
        for entry in images
        if isinstance(entry, dict) and entry.get("hashes")
    )
    return tuple(found for found in made if found is not None)


def _draft(session: Session, report: Report, src: str, line: int) -> Finding | None:
    """IMG105 about the picture ``src`` as the host would file it, message still to write."""
    rule = session.rules.get("IMG105")
    config = session.config
    if rule is None or not config.is_selected(rule.code, rule.name, report.source):
        return None
    plugin = next((name for name, c in session.checks if c.prefix == "IMG"), "")
    made = replace(rule.finding("", text=src, position=Position(line=line)), plugin=plugin)
    level = config.level_for(made.code, made.name, made.level)
    if level != made.level:
        made = replace(made, level=level)
    if report.article is not None:
        from provcheck.editors.suppress import suppressions_of

        found = suppressions_of(report.article, made)
        if found:
            # Which comments silence it, until the parent writes the finding's own data.
            places = [(c.position.line, c.position.column, c.text) for c in found]
            made = made.with_changes(suppressed=True, suppression_reason=found[0].reason,
                                     data=(("comments", places),))  # fmt: skip
    return made


def _comments(draft: Finding) -> list[tuple[int, int, str]]:
    """The comments (line, column, text) that silence a drafted IMG105 (see ``_draft``)."""
    places = dict(draft.data).get("comments") or ()
    return [(int(line), int(column), str(text)) for line, column, text in places]


def _place(finding: Finding) -> tuple[int, int, str]:
    return (finding.position.line, finding.position.column, finding.text)


def _fails(data: dict[str, Any], config: Config) -> bool:
    """``host.fails`` for a report as JSON data."""
    from provcheck.checks import Level

    if any(not f["suppressed"] and f["code"] != "PC901"
           and Level.parse(f["level"]) >= config.fail_on for f in data["findings"]):  # fmt: skip
        return True
    overall = (data.get("score") or {}).get("overall")
    return config.fail_under is not None and overall is not None and overall < config.fail_under


def _matches(earlier: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
    return (("matches", list(earlier)),)


def completed_reuse(session: Session, jobs: int, results: Iterable[Done]) -> Iterator[Done]:
    """``results`` as they are with one worker; with more, in input order and IMG105 completed."""
    found = ReusePass(session) if jobs > 1 else None
    if found is None or found.reuse is None:
        yield from results
        return
    for done in results:
        yield from found.feed(done)
    yield from found.rest()


__all__ = ["ReusePass", "completed_reuse", "drafts"]
