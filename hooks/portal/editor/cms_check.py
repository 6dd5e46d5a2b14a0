"""The check the web editor runs before it saves: scripts/check.py's rules on one entry.

The editor sends the file it is about to write (its path under the repository and its
text); :func:`check_entry` loads a copy of the content with that file in place and
returns the problems ``scripts/check.py`` would print for it, word for word, plus any
new problem it causes in another file (a commitment id used twice, for one). Nothing
is written to the repository. Plain Python, no MkDocs.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from portal.contract import schema as S
from portal.contract.text import fold
from portal.content.loader import DATA_DIR, load_site
from portal.contract.names import MEETINGS_DIR

_BULLETIN = re.compile(rf"^docs/{MEETINGS_DIR}/\d{{4}}/[a-z0-9-]+\.md$")
_ENTRY = re.compile(rf"^docs/{DATA_DIR}/({'|'.join(map(re.escape, S.REGISTRY_ENTRIES))})/[a-z0-9-]+\.yml$")
MAX_BYTES = 2_000_000


def check_entry(docs: Path, path: str, raw: str, is_new: bool = False) -> dict:
    """``{"path", "errors", "warnings"}``: formatted ``path:line: field: message`` lines."""
    if not isinstance(path, str) or not (_BULLETIN.match(path) or _ENTRY.match(path)):
        return {"path": path, "warnings": [], "errors": [
            f"{path}:1: (tên tệp): trình soạn thảo chỉ lưu bản tin trong docs/{MEETINGS_DIR}/YYYY/ và mục danh mục "
            f"trong docs/{DATA_DIR}/<danh mục>/, tên tệp chữ thường không dấu"]}
    if not isinstance(raw, str) or len(raw.encode("utf-8")) > MAX_BYTES:
        return {"path": path, "warnings": [], "errors": [f"{path}:1: (tệp): nội dung trống hoặc quá lớn"]}
    with tempfile.TemporaryDirectory(prefix="portal-check-") as tmp:
        copy = Path(tmp) / "docs"
        for part in (MEETINGS_DIR, DATA_DIR):
            if (docs / part).exists():
                shutil.copytree(docs / part, copy / part, symlinks=True)
        copy.mkdir(exist_ok=True)
        _, before = load_site(copy)
        target = copy / path.removeprefix("docs/")
        if is_new:
            # Decap adds "-1", "-2"… to a new file's name when it is taken.
            stem, n = target.stem, 0
            while target.exists():
                n += 1
                target = target.with_name(f"{stem}-{n}{target.suffix}")
        path = "docs/" + target.relative_to(copy).as_posix()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(raw, encoding="utf-8")
        site, after = load_site(copy)
    old = set(before.problems)
    mine = [p for p in after.problems if p.path == path or p not in old]
    errors = [p.format() for p in sorted(mine) if p in after.errors]
    if is_new and path.startswith(f"docs/{DATA_DIR}/people/"):
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
