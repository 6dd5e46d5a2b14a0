#!/usr/bin/env bash
# Run every test: unit, build, determinism and real-browser tests.
#   bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
exec .venv/bin/python -m pytest "$@"
