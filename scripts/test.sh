#!/usr/bin/env bash
# Set up newsbot and run the whole test suite (unit, CLI, Chroma server, Telegram end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
