"""The check the web editor runs before it saves: scripts/check.py's rules on one entry.

The editor sends the file it is about to write (its path under the repository and its
text); :func:`check_entry` loads a copy of the content with that file in place and
returns the problems ``scripts/check.py`` would print for it, word for word, plus any
new problem it causes in another file (a commitment id used twice, for one). Nothing
is written to the repository. Plain Python, no MkDocs.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import threading
from pathlib import Path

from portal.contract import schema as S
from portal.contract.text import fold
from portal.content.loader import DATA_DIR, BulletinMemo, load_site
from portal.contract.names import MEETINGS_DIR

# The files the editor writes, named by the loader's file-name rule (lower-case words joined by one
# dash); the editor server, the history and the review sheet share these.
KEY = r"[a-z0-9]+(?:-[a-z0-9]+)*"
BULLETIN = re.compile(rf"^docs/{MEETINGS_DIR}/(\d{{4}})/({KEY})\.md\Z")
ENTRY = re.compile(rf"^docs/{DATA_DIR}/({'|'.join(map(re.escape, S.REGISTRY_ENTRIES))})/({KEY})\.yml\Z")
MAX_BYTES = 2_000_000


def allowed(path) -> bool:
    """A bulletin or a registry entry, by the editor's naming rules."""
    return isinstance(path, str) and bool(BULLETIN.match(path) or ENTRY.match(path))


def check_entry(docs: Path, path: str, raw: str, is_new: bool = False) -> dict:
    """``{"path", "errors", "warnings"}``: formatted ``path:line: field: message`` lines."""
    if not allowed(path):
        return {"path": path, "warnings": [], "errors": [
            f"{path}:1: (tên tệp): trình soạn thảo chỉ lưu bản tin trong docs/{MEETINGS_DIR}/YYYY/ và mục danh mục "
            f"trong docs/{DATA_DIR}/<danh mục>/, tên tệp chữ thường không dấu"]}
    if not isinstance(raw, str) or len(raw.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return {"path": path, "warnings": [], "errors": [f"{path}:1: (tệp): nội dung trống hoặc quá lớn"]}
    return _with_change(docs, path, raw, is_new)


def check_removal(docs: Path, path: str) -> dict:
    """What deleting ``path`` would break elsewhere (a registry entry still named by a bulletin…):
    the new problems of the content without it, as ``scripts/check.py`` prints them."""
    if not allowed(path):
        return {"path": path, "warnings": [], "errors": [
            f"{path}:1: (tên tệp): trình soạn thảo chỉ xóa bản tin và mục danh mục"]}
    return _with_change(docs, path, None, False)


class _Workspace:
    """One folder for the copies a process checks, and what reading its bulletins gave: a
    bulletin whose bytes did not change since the last check is not parsed again (the
    loader's memo is by path, so the copy is always made at the same place). One check
    at a time uses it; a check arriving meanwhile gets a fresh folder and no memo."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.memo = BulletinMemo()
        self.folder: Path | None = None

    @contextlib.contextmanager
    def use(self):
        if not self.lock.acquire(blocking=False):
            with tempfile.TemporaryDirectory(prefix="portal-check-") as tmp:
                yield Path(tmp) / "docs", BulletinMemo()
            return
        try:
            if self.folder is None or not self.folder.parent.is_dir():
                self.folder = Path(tempfile.mkdtemp(prefix="portal-check-")) / "docs"
                self.memo = BulletinMemo()
            shutil.rmtree(self.folder, ignore_errors=True)
            yield self.folder, self.memo
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.lock.release()


_WORKSPACE = _Workspace()


def warm_up(docs: Path) -> None:
    """Read every bulletin once, so that the first check is as fast as the next ones."""
    with _WORKSPACE.use() as (copy, memo):
        for part in (MEETINGS_DIR, DATA_DIR):
            if (docs / part).exists():
                shutil.copytree(docs / part, copy / part, symlinks=True)
        copy.mkdir(parents=True, exist_ok=True)
        load_site(copy, memo=memo)


def _with_change(docs: Path, path: str, raw: str | None, is_new: bool) -> dict:
    with _WORKSPACE.use() as (copy, memo):
        for part in (MEETINGS_DIR, DATA_DIR):
            if (docs / part).exists():
                shutil.copytree(docs / part, copy / part, symlinks=True)
        copy.mkdir(parents=True, exist_ok=True)
        _, before = load_site(copy, memo=memo)
        target = copy / path.removeprefix("docs/")
        if is_new:
            # Decap adds "-1", "-2"… to a new file's name when it is taken.
            stem, n = target.stem, 0
            while target.exists():
                n += 1
                target = target.with_name(f"{stem}-{n}{target.suffix}")
        path = "docs/" + target.relative_to(copy).as_posix()
        if raw is None:
            target.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_symlink():
                target.unlink()
            target.write_text(raw, encoding="utf-8", errors="surrogatepass")
        site, after = load_site(copy, memo=memo)
    old = set(before.problems)
    mine = [p for p in after.problems if (raw is not None and p.path == path) or p not in old]
    errors = [p.format() for p in sorted(mine) if p in after.errors]
    if is_new and raw is not None and path.startswith(f"docs/{DATA_DIR}/people/"):
        # unless the contract's own error already names the existing key
        errors += [line for key, line in _same_person(site, target.stem)
                   if not any(f"mã \"{key}\"" in e for e in errors)]
    return {"path": path, "errors": errors,
            "warnings": [p.format() for p in sorted(mine) if p not in after.errors]}


def _same_person(site, key: str) -> list[tuple[str, str]]:
    """A NEW person whose name folds equal to an existing person's (the same name with or without tone
    marks) is refused, naming the key to use instead. The contract lets two namesakes stand (a warning);
    the editor does not make a second one by accident."""
    people = site.registries.people if site is not None else {}
    person = people.get(key)
    if person is None:
        return []
    name = fold(" ".join(person.name.split()))
    rel, line = site.registries.where("people", key, ("name",))
    return [(other.key, f"{rel}:{line}: name: đã có \"{other.name}\" (mã \"{other.key}\") trong danh mục người: chọn người "
            f"đó (mã \"{other.key}\") thay vì thêm người mới. Nếu đúng là hai người khác nhau trùng tên, hãy thêm "
            "tệp trong docs/data/people/ bằng tay (kiểm tra sẽ cảnh báo trùng tên nhưng không chặn)")
            for other in people.values() if other.key != key and fold(" ".join(other.name.split())) == name]
