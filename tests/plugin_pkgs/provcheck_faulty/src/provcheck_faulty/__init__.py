"""Implements every hook; the one named by $PROVCHECK_FAULTY_HOOK raises (a broken plugin
per hook for provcheck's tests: "check" makes the check's run() raise)."""

import os

from provcheck import Level, Rule, hookimpl

RULE = Rule("FLT101", "faulty-rule", Level.INFO, "sourcing", "Never fires.")


def _maybe_fail(hook):
    if os.environ.get("PROVCHECK_FAULTY_HOOK") == hook:
        raise RuntimeError(f"faulty plugin broke in {hook}")


class FaultyCheck:
    prefix = "FLT"
    rules = (RULE,)

    def run(self, article, ctx):
        _maybe_fail("check")
        return []


@hookimpl
def provcheck_addoption(parser):
    _maybe_fail("provcheck_addoption")
    parser.add_argument("--faulty-flag", action="store_true")


@hookimpl
def provcheck_configure(config):
    _maybe_fail("provcheck_configure")


@hookimpl
def provcheck_register_checks(config):
    _maybe_fail("provcheck_register_checks")
    return [FaultyCheck()]


@hookimpl
def provcheck_rule_paths(config):
    _maybe_fail("provcheck_rule_paths")
    return []


@hookimpl
def provcheck_load_source(source, config):
    _maybe_fail("provcheck_load_source")


@hookimpl
def provcheck_parse_document(raw, config):
    _maybe_fail("provcheck_parse_document")


@hookimpl
def provcheck_prepare_article(article, config):
    _maybe_fail("provcheck_prepare_article")


@hookimpl
def provcheck_score(article, findings, applicable, config):
    _maybe_fail("provcheck_score")


@hookimpl
def provcheck_register_formats():
    _maybe_fail("provcheck_register_formats")
    return []


@hookimpl
def provcheck_report(report, config):
    _maybe_fail("provcheck_report")


@hookimpl
def provcheck_session_finish(reports, exit_code, config):
    _maybe_fail("provcheck_session_finish")
