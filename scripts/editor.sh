#!/usr/bin/env bash
# Edit bulletins in the browser on this machine: one command.
#   bash scripts/editor.sh      then open http://127.0.0.1:8000/admin/
# Runs, until Ctrl+C: mkdocs serve (the portal and the editor, rebuilt on each save),
# decap-server (the editor's local backend: it writes the files in this repository), and
# the check server (refuses a save that scripts/check.py would refuse). All on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

PORT=8081 BIND_HOST=127.0.0.1 MODE=fs GIT_REPO_DIRECTORY="$PWD" LOG_LEVEL=warn node_modules/.bin/decap-server &
pids+=($!)
.venv/bin/python scripts/editor_check.py --port 8082 &
pids+=($!)
echo "editor.sh: mở http://127.0.0.1:8000/admin/ (Ctrl+C để dừng). Lưu xong, nhớ commit và đẩy lên (git) để đăng."
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs serve -a 127.0.0.1:8000 &
pids+=($!)
wait -n "${pids[@]}"
