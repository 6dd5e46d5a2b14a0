"""Folders of a build (MkDocs glue): the fresh output folder swapped in only after a build
succeeded, and the preview's output folder in memory.

**The swap.** MkDocs empties ``site_dir`` at the start of a build, before any hook can
refuse the content. ``mkdocs build`` therefore writes into ``.site.new-PID`` beside
``site/``, and only a build that succeeded replaces ``site/`` with it. The replacement is
one atomic ``renameat2(RENAME_EXCHANGE)`` where the kernel has it (Linux ≥ 3.15): at no
moment is there no ``site/``, whenever the process is killed. Elsewhere it is two renames
(``site`` → ``.site.old-PID``, ``.site.new-PID`` → ``site``); a kill between them leaves no
``site/``, and the next build puts ``.site.old-PID`` back before anything else
(:func:`recover`), so a following failed build still leaves the last good site.

**Folders left behind** by a killed build or server (``…-PID`` whose process is gone)
are removed, never following a link: a link planted under such a name is unlinked, and
a folder that is not the current user's is left alone.

**The preview in memory.** ``mkdocs serve`` empties its temporary folder and writes every
page on each save; in ``/dev/shm`` that costs 30 ms instead of a second at 1,000
bulletins. The folder is made with ``mkdtemp`` (a new name, owner-only) and checked to be
a real directory of this user before the serve folder becomes a link to it.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import stat
import tempfile
from pathlib import Path

SHM = Path("/dev/shm")
PREVIEW_PREFIX = "portal-preview-"


# --- folders left behind -------------------------------------------------------------------

def _pid_of(name: str) -> int | None:
    """The PID in ``.site.new-123``, ``.site.old-123`` or ``portal-preview-123-abcd``."""
    for part in reversed(name.split("-")[1:]):
        if part.isdigit():
            return int(part)
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def remove_own_folder(path: Path) -> None:
    """Remove a folder this user made, without ever following a link.

    A link is unlinked (its target untouched); a folder of another user, or anything
    else, is left alone."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        path.unlink()
    elif stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid():
        shutil.rmtree(path, ignore_errors=True)  # rmtree never follows links inside


def drop_orphaned(folders) -> None:
    """Remove folders named ``…-PID`` whose process is gone (a build or server that was killed)."""
    for folder in folders:
        pid = _pid_of(folder.name)
        if pid is not None and pid != os.getpid() and not _alive(pid):
            remove_own_folder(folder)


# --- files placed from a cache --------------------------------------------------------------

_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK  # what writing the file would have given it


def place_file(source: Path, target: Path, data: bytes | None = None) -> None:
    """Put a kept file (a stored page, a link-preview image) in the site: a hard link to the
    cache's file where the system allows (no copy of its bytes: hundreds of MB per build), else
    ``data`` or a copy. The link is made readable as a written file would be. Whatever writes
    into a published file in place changes the cache's copy too: a stored page is checked against
    its checksum when it is next read, so a changed one is drawn again."""
    try:
        os.link(source, target)
        if os.stat(target).st_mode & 0o777 != FILE_MODE:
            os.chmod(target, FILE_MODE)
        return
    except OSError:  # another file system, a system without links, a target already there
        pass
    if data is not None:
        target.write_bytes(data)
    else:
        shutil.copyfile(source, target)


# --- the swap -------------------------------------------------------------------------------

def _renameat2():
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step; False where the system cannot."""
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    return False


class SiteSwap:
    """``mkdocs build`` writes into a fresh folder that replaces ``site_dir`` once the build succeeded."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.fresh = self._name("new")

    def _name(self, what: str, pid: int | None = None) -> Path:
        return self.final.with_name(f".{self.final.name}.{what}-{pid or os.getpid()}")

    def leftovers(self, what: str = "[not][lre][dwa]*") -> list[Path]:
        return sorted(self.final.parent.glob(f".{self.final.name}.{what}-*"))

    def recover(self) -> Path | None:
        """A build killed between the two renames left no ``site/``: put the last good one back.

        Runs before anything else of a build, so the site is there whatever this build does."""
        if os.path.lexists(self.final):
            return None
        for old in self.leftovers("old"):
            pid = _pid_of(old.name)
            if pid is not None and not _alive(pid) and old.is_dir() and not old.is_symlink():
                old.rename(self.final)
                return self.final
        return None

    def prepare(self) -> Path:
        self.recover()
        drop_orphaned(self.leftovers())
        remove_own_folder(self.fresh)
        return self.fresh

    def commit(self) -> None:
        """Replace ``site_dir`` with the fresh folder, then remove the old site."""
        final, fresh = self.final, self.fresh
        old = self._name("old")
        if not os.path.lexists(final):
            fresh.rename(final)
            return
        if exchange(fresh, final):
            self._discard(fresh)  # now holds the old site
            return
        try:
            final.rename(old)
            fresh.rename(final)
        except OSError:
            # site_dir is a mount point or on another device: replace its content instead.
            if os.path.lexists(old) and not os.path.lexists(final):
                old.rename(final)
            self._replace_content()
            return
        self._discard(old)

    def _discard(self, folder: Path) -> None:
        """The old site goes in the background (thousands of files): renamed ``.site.trash-PID``,
        removed by a child process; a build that finds it with its process gone removes it."""
        trash = self._name("trash")
        try:
            folder.rename(trash)
        except OSError:
            remove_own_folder(folder)
            return
        if not hasattr(os, "fork"):
            remove_own_folder(trash)
            return
        pid = os.fork()
        if pid == 0:  # the child: remove, and end without running anything of the parent's
            try:
                os.setsid()
                remove_own_folder(trash)
            finally:
                os._exit(0)

    def _replace_content(self) -> None:
        final, fresh = self.final, self.fresh
        final.mkdir(parents=True, exist_ok=True)
        for child in final.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        for child in fresh.iterdir():
            shutil.move(str(child), final / child.name)
        fresh.rmdir()

    def abandon(self) -> None:
        remove_own_folder(self.fresh)


# --- the preview's output folder in memory --------------------------------------------------

def move_output_to_memory(site_dir: str) -> Path | None:
    """Make serve's (empty) output folder a link to a new owner-only folder in /dev/shm."""
    folder = Path(site_dir)
    if os.environ.get("PORTAL_PREVIEW_IN_MEMORY", "1") == "0" or folder.is_symlink():
        return None
    if not (SHM.is_dir() and os.access(SHM, os.W_OK)):
        return None
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        return None  # not the empty folder serve makes: leave it alone
    drop_orphaned(SHM.glob(PREVIEW_PREFIX + "*"))  # left by a server that was killed
    try:
        memory = Path(tempfile.mkdtemp(prefix=f"{PREVIEW_PREFIX}{os.getpid()}-", dir=SHM))
        info = os.lstat(memory)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
            raise OSError(f"{memory} is not a private folder of this user")
        if folder.exists():
            folder.rmdir()
        folder.symlink_to(memory, target_is_directory=True)
    except OSError:
        folder.mkdir(exist_ok=True)
        return None  # the preview works on disk all the same
    return memory


def move_output_back(site_dir: str, memory: Path) -> None:
    folder = Path(site_dir)
    if folder.is_symlink():
        folder.unlink()
        folder.mkdir()
    remove_own_folder(memory)
