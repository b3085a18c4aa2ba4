#!/usr/bin/env bash
# mypy --strict over the package as it is installed: `provcheck` is checker/ with
# plugins/ and rules/ mapped inside it (setuptools package-dir). mypy cannot follow that
# mapping or the editable-install import hook, so we lay out the same tree with symlinks.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .typecheck
mkdir -p .typecheck/provcheck
for entry in checker/*; do
  ln -s "../../$entry" ".typecheck/provcheck/$(basename "$entry")"
done
ln -s ../../plugins .typecheck/provcheck/plugins
ln -s ../../rules .typecheck/provcheck/rules
cd .typecheck && python3 -m mypy --config-file ../pyproject.toml -p provcheck
