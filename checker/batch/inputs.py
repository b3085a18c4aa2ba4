"""What a batch run reads and where each input's output goes: the command line's sources as
``Input`` items (a folder expanded, a web archive counted), and with ``--output-dir`` one
output file per input, named after its path below the folder given."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from provcheck.batch.output import OUTPUT_FORMATS, OrderedOutput
from provcheck.errors import ConfigError
from provcheck.sources.local import expand_sources, is_url, is_warc
from provcheck.sources.warc import WarcCounts


@dataclass(slots=True)
class Input:
    """One file, URL or archive named on the command line (after folders are expanded)."""

    source: str
    name: str  # relative output name, for --output-dir
    output: Path | None = None
    counts: WarcCounts | None = None
    first_seq: int = -1
    pending: int = 0
    read_all: bool = False
    sink: OrderedOutput | None = field(default=None, repr=False)


def plan_inputs(args: argparse.Namespace) -> list[Input]:
    """Every source of the command line, folders expanded, in order."""
    inputs = []
    for argument in args.sources:
        folder = argument if os.path.isdir(argument) and not is_url(argument) else ""
        for source in expand_sources([argument], args.exclude, args.respect_gitignore):
            name = os.path.relpath(source, folder) if folder else os.path.basename(source)
            inputs.append(Input(source, name, counts=WarcCounts() if is_warc(source) else None))
    return inputs


def check_dir_options(args: argparse.Namespace, inputs: Sequence[Input]) -> None:
    """Refuse what has no output file of its own to resume by (ConfigError, exit 2)."""
    for flag, value in (("-o", args.output), ("--baseline", args.baseline),
                        ("--write-baseline", args.write_baseline)):  # fmt: skip
        if value:
            raise ConfigError(f"--output-dir writes one file per input; drop {flag}")
    for item in inputs:
        if item.source == "-" or is_url(item.source):
            raise ConfigError(f"--output-dir takes files, folders and archives, not {item.source}")


def assign_outputs(inputs: Sequence[Input], folder: Path, fmt: str) -> list[Input]:
    """Give each input its output file; return those whose file does not exist yet."""
    suffix = OUTPUT_FORMATS[fmt][0]
    owners: dict[Path, str] = {}
    for item in inputs:
        item.output = folder / (item.name + suffix)
        other = owners.setdefault(item.output, item.source)
        if other != item.source:
            raise ConfigError(f"{other} and {item.source} would both write {item.output}")
    return [item for item in inputs if item.output is not None and not item.output.exists()]


__all__ = ["Input", "assign_outputs", "check_dir_options", "plan_inputs"]
