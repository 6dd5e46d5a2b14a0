#!/usr/bin/env bash
# Edit bulletins in the browser on this machine: one command.
#   bash scripts/editor.sh      then open http://127.0.0.1:8081/admin/
# Runs, until Ctrl+C: the editor server (scripts/editor_server.py: the editor page and the only
# thing that writes, after the same check as scripts/check.py) and mkdocs serve (the preview,
# rebuilt on each save, at http://127.0.0.1:8000/). Both on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

.venv/bin/python scripts/editor_server.py --port 8081 --preview http://127.0.0.1:8000/ &
pids+=($!)
echo "editor.sh: mở http://127.0.0.1:8081/admin/ để soạn; xem thử ở http://127.0.0.1:8000/ (Ctrl+C để dừng)."
echo "editor.sh: lưu xong, nhớ commit và đẩy lên (git) để đăng."
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs serve -a 127.0.0.1:8000 &
pids+=($!)
wait -n "${pids[@]}"
