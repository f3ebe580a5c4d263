#!/usr/bin/env bash
# Set up newsbot and run the whole test suite (unit, CLI, Chroma server, Telegram end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The lint and the layer contracts (pyproject.toml) first: a broken layer fails fast.
.venv/bin/ruff check --quiet .
.venv/bin/lint-imports --no-cache > /dev/null || .venv/bin/lint-imports --no-cache
exec .venv/bin/python -m pytest "$@"
