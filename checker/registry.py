"""Collecting what plugins provide - checks, rule packs, formats - each plugin's part in
its own error boundary (``Session.each``). Part of the host (``provcheck.host``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from provcheck.checks import Check
from provcheck.errors import ConfigError, PluginError
from provcheck.formats import Formatter
from provcheck.rulepacks.packs import Pack, load_packs
from provcheck.rulepacks.validate import PackCheck

if TYPE_CHECKING:
    from provcheck.host import Session


def _provided_checks(self: Session) -> Iterator[tuple[str, Check]]:
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
    for plugin_name, pack in _packs(self):
        self.packs.append((plugin_name, pack))
        yield plugin_name, PackCheck(pack)


def _packs(self: Session) -> Iterator[tuple[str, Pack]]:
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


def collect_checks(self: Session) -> list[tuple[str, Check]]:
    owners: dict[str, str] = {}
    checks: list[tuple[str, Check]] = []
    for plugin_name, check in _provided_checks(self):
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


def collect_formats(self: Session) -> dict[str, Formatter]:
    formats: dict[str, Formatter] = {}
    for _, result in reversed(list(self.each("provcheck_register_formats"))):
        for formatter in result or ():
            formats[formatter.name] = formatter
    return formats


def _missing_data_hint(message: str) -> str:
    if "no such file or folder" not in message:
        return ""
    return (
        " - the plugin's package was installed without its rule files: list them as package "
        "data ([tool.setuptools.package-data], docs/plugins.md section 6)"
    )
