"""The persistent build cache (MkDocs glue): a page whose inputs did not change is written
as it was, without converting its Markdown or drawing its templates.

**Keys are what the page read.** While a page is drawn, every attribute read of a model
object (a meeting, commitment, review, registry entry, the page's view, the ``Portal``),
by a template, a macro or any Python code a template calls, is recorded with a digest of
the value read (:class:`Reads`). A page is written from the cache when, in the new
build, every object it read still exists under the same name and every attribute it
read has the same value, and the page itself (its URL, front matter, title, Markdown) is
the same. Nothing lists which pages show what: a new template, field or page kind is
covered as soon as it reads something. A fragment drawn once for many pages (a
commitment's row, the nav) adds what it read to every page that shows it.

Objects are named by what identifies them across builds (:func:`name_objects`): a
bulletin by its file, a registry entry by its registry and key, a commitment by its id;
anything else by its place under one of those (``src:…/x.md.chairs[0]``). A value that
is an object is recorded by that name (its own reads are recorded as they happen); a
list by the names or values it holds; a value the digest cannot name reliably makes the
page miss, never hit. A property (or cached property) is recorded by its value, not by what it
read to compute it: ``portal.has_awaiting`` depends on a yes or no, not on every commitment.

**Converted text** (Markdown to sanitised HTML) is kept by the text, valid while the
links it resolved against the site's files resolve the same way; the warnings MkDocs
printed while converting are printed again.

**What makes the whole cache foreign**: the *fingerprint* of the code of ``hooks/``, the
templates of ``overrides/``, ``mkdocs.yml``, the effective settings (site URL, "as of"
date, serve or build) and the versions of Python and every library that draws or
converts (:func:`fingerprint`). Each fingerprint has its own index; a different one is
never read. Every stored page or text is named by the checksum of its bytes and checked
when read: a corrupt entry is drawn again, a corrupt index is ignored.

**Besides pages**: each bulletin as the loader read and checked it (``BulletinMemo``, JSON, by
the bulletin's bytes and the registry keys), and the review sheets' workbooks by their rows
(:class:`OutputMemo`). Figures that move with every bulletin are not in a stored page at all:
they are filled in as it is written (``fragments.Late``).

Layout of ``.cache/build/`` (beside mkdocs.yml, never published): ``index-<fp>.json``
(pages, texts, bulletins, the names and attribute tables), ``blobs/<xx>/<checksum>`` (HTML,
checked bulletins), ``outputs/<xx>/<digest of the inputs>`` (workbooks), ``jinja/``.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import functools
import hashlib
import inspect
import json
import logging
import os
import sys
import tempfile
import time
import zlib
from array import array
from collections import deque
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from markupsafe import Markup

FORMAT = 4  # 2: a page's reads as base64 of 32-bit numbers; 3: tables kept from build to build; 4: a group of its values' digests
TOOLS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "markupsafe", "nh3",
         "pillow", "babel", "pyyaml", "pygments")
KEEP_INDEXES = 3
COLLECT_EVERY = 10
DEBUG = os.environ.get("PORTAL_BUILD_CACHE_DEBUG") == "1"  # why each page is drawn again (log)  # build, serve and one more fingerprint side by side

log = logging.getLogger("mkdocs.plugins.portal")


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def digest(*parts) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _tree_bytes(folder: Path) -> list:
    out = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                out.append((path.relative_to(folder).as_posix(), _hash(path.read_bytes())))
    return out


def _tool_versions() -> list:
    versions = [sys.version]
    for name in TOOLS:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return versions


def fingerprint(config, *settings) -> str:
    """What every cached page depends on: code, templates, config, settings, tool versions."""
    import portal
    import portal_mkdocs
    code = [_tree_bytes(Path(portal.__file__).parent), _tree_bytes(Path(portal_mkdocs.__file__).parent)]
    templates = _tree_bytes(Path(config.theme.custom_dir)) if config.theme.custom_dir else []
    return digest(FORMAT, code, templates, Path(config.config_file_path).read_bytes(), config.site_url,
                  _tool_versions(), sys.byteorder, settings)


# --- naming the model's objects ---------------------------------------------------------------

def _natural(obj) -> str | None:
    src = getattr(obj, "src_uri", None) if "src_uri" in getattr(obj, "__dict__", {}) else None
    if isinstance(src, str):
        return "src:" + src
    registry = getattr(type(obj), "REGISTRY", None)
    if registry and isinstance(obj.__dict__.get("key"), str):
        return f"{registry}:{obj.__dict__['key']}"
    if isinstance(obj.__dict__.get("id"), str):
        return f"{type(obj).__name__}:{obj.__dict__['id']}"
    return None


_TRACKABLE: dict[type, bool] = {}
_SCALARS = frozenset({str, int, float, bool, type(None), bytes, dt.date, dt.datetime, Markup})
_SCALAR_VALUES = frozenset({str, int, float, bool, type(None)})  # their own fingerprint (Reads._fp)


def _trackable_type(cls: type) -> bool:
    """Instances of a mutable dataclass are named and traced (one answer per class)."""
    found = _TRACKABLE.get(cls)
    if found is None:
        found = _TRACKABLE[cls] = (dataclasses.is_dataclass(cls) and not issubclass(cls, type)
                                   and not cls.__dataclass_params__.frozen)
    return found


def name_objects(roots: dict[str, object]) -> dict[int, tuple[str, object]]:
    """id(object) -> (name, object) for every mutable dataclass object reachable from the roots.

    A naturally identified object (a bulletin, a registry entry, a commitment) is named by
    its identity. Any other is named by its place in the shortest list that holds it (a
    chair in its meeting's ``chairs``, not in its person's ``chaired``), under that
    list's owner: adding a bulletin then renames nothing else."""
    objects: dict[int, object] = {}
    natural: dict[int, str] = {}
    best: dict[int, tuple] = {}  # id -> (length of the holding list, suffix, owner id)
    queue: deque = deque()
    scalars, trackable = _SCALARS, _trackable_type

    def held(owner, suffix: str, value, length: int) -> None:
        """``value``, a trackable object, is held by ``owner`` at ``suffix`` in a list of ``length``."""
        oid = id(value)
        old = best.get(oid)
        if old is None:
            best[oid] = (length, suffix, id(owner))
            if oid in objects:
                return  # a root
            objects[oid] = value
            name = _natural(value)
            if name is not None:
                natural[oid] = name
            queue.append(value)
        elif (length, suffix) < old[:2]:
            best[oid] = (length, suffix, id(owner))

    # A list (or dict) many views share, whose items are all named by their identity, is walked
    # once: walking it again from another holder can name nothing (a naturally named object's
    # place does not name it). Without this, 28,000 list pages each holding the whole list of
    # commitments made naming quadratic (79 s at 50,000 bulletins).
    settled: set[int] = set()

    def walk(owner, suffix: str, value, length: int) -> None:
        kind = type(value)
        if kind in scalars:
            return
        if kind is list or kind is tuple or isinstance(value, (list, tuple)):
            if id(value) in settled:
                return
            n, placed = len(value), True
            for i, item in enumerate(value):
                item_kind = type(item)
                if item_kind in scalars:
                    continue
                if trackable(item_kind):
                    oid = id(item)
                    if oid in natural:
                        continue  # named by its identity and found already: no place names it
                    old = best.get(oid)
                    if old is not None and old[0] < n:
                        continue  # already held by a shorter list: this place can never name it
                    held(owner, f"{suffix}[{i}]", item, n)
                    if oid not in natural:
                        placed = False  # another holder of this list may give it a better place
                else:
                    placed = False
                    walk(owner, f"{suffix}[{i}]", item, n)
            if placed:
                settled.add(id(value))
        elif isinstance(value, dict):
            if id(value) in settled:
                return
            n, placed = len(value), True
            for key, item in value.items():
                if isinstance(key, (str, int)) and type(item) not in scalars:
                    if id(item) in natural:
                        continue
                    walk(owner, f"{suffix}[{key!r}]", item, n)
                    if id(item) not in natural:
                        placed = False
            if placed:
                settled.add(id(value))
        elif trackable(kind):
            held(owner, suffix, value, length)

    for name, root in roots.items():
        if id(root) not in objects:
            objects[id(root)] = root
            natural.setdefault(id(root), name)
            queue.append(root)
    while queue:
        obj = queue.popleft()
        for field, value in obj.__dict__.items():
            if callable(value) and not isinstance(value, (list, dict)):
                continue
            walk(obj, "." + field, value, 1)

    names: dict[int, str] = dict(natural)

    def name_of(oid: int, depth: int = 0) -> str:
        found = names.get(oid)
        if found is None:
            length, suffix, owner = best[oid]
            names[oid] = "\x00pending"  # a cycle of unnamed objects ends here
            found = names[oid] = (name_of(owner, depth + 1) if depth < 50 else f"#{oid}") + suffix
        return found

    return {oid: (name_of(oid), obj) for oid, obj in objects.items()}


# --- recording what a page reads ---------------------------------------------------------------

class Reads:
    """Records (object, attribute) reads of named objects while a page is drawn, and digests values."""

    def __init__(self, named: dict[int, tuple[str, object]]) -> None:
        self.named = named
        self.by_name = {name: obj for name, obj in named.values()}
        self.current: dict | None = None
        self.groups: dict[int, bytes] = {}  # (object, attributes read) as one number (_pairs) -> digest
        self._classes: list[type] = []

    # the instrumentation
    def install(self) -> None:
        classes = {type(obj) for _, obj in self.named.values()}
        named, recorder = self.named, self
        computed: dict[tuple[type, str], bool] = {}

        def traced(self, attr, _get=object.__getattribute__):
            current = recorder.current
            if current is None or attr[:2] == "__" or id(self) not in named:
                return _get(self, attr)
            kind = (type(self), attr)
            is_computed = computed.get(kind)
            if is_computed is None:
                is_computed = computed[kind] = isinstance(inspect.getattr_static(kind[0], attr, None),
                                                          (property, functools.cached_property))
            if is_computed:
                # A property's value is what the page read (its digest is checked next build):
                # what the property itself read to compute it is not, so a page asking
                # ``portal.has_awaiting`` does not depend on the whole list it looked through.
                recorder.current = None
                try:
                    value = _get(self, attr)
                finally:
                    recorder.current = current
            else:
                value = _get(self, attr)
            current[(id(self), attr)] = self
            return value

        for cls in classes:
            if "__getattribute__" in cls.__dict__:
                continue
            cls.__getattribute__ = traced
            self._classes.append(cls)

    def uninstall(self) -> None:
        for cls in self._classes:
            del cls.__getattribute__
        self._classes = []

    # recording
    def start(self) -> None:
        self.current = {}

    def stop(self) -> dict:
        trace, self.current = self.current or {}, None
        return trace

    @contextmanager
    def nested(self):
        outer, self.current = self.current, {} if self.current is not None else None
        trace: dict = {}
        try:
            yield trace
        finally:
            inner = self.current
            self.current = outer
            if inner is not None:
                trace.update(inner)
                if outer is not None:
                    outer.update(inner)

    def merge(self, trace: dict) -> None:
        if self.current is not None:
            self.current.update(trace)

    # digests
    def value_digest(self, obj, attr: str) -> str | None:
        """A digest of ``obj.attr`` (what ``PORTAL_BUILD_CACHE_DEBUG`` compares), None when it
        cannot be named or read."""
        found = self._value(obj, attr, {})
        return found.hex() if found else None

    def _value(self, obj, attr: str, memo: dict) -> bytes:
        """The digest of ``obj.attr``'s fingerprint, once per object (``memo``: its attributes'
        digests so far; a commitment's ``timeline`` is read in a dozen attribute sets); empty when
        it cannot be named or read."""
        found = memo.get(attr)
        if found is not None:
            return found
        saved, self.current = self.current, None  # reading to digest is not the page reading
        try:
            found = hashlib.blake2b(repr(self._fp(getattr(obj, attr))).encode("utf-8", "surrogatepass"),
                                    digest_size=12).digest()
        except Exception:  # _Unnamed, an attribute gone, a property failing: not the same page
            found = b""
        finally:
            self.current = saved
        memo[attr] = found
        return found

    def _fp(self, value, depth: int = 0):
        if value is None or isinstance(value, (bool, int, float)):
            return value
        if isinstance(value, str):
            return ("M", str(value)) if isinstance(value, Markup) else value
        found = self.named.get(id(value))
        if found is not None:
            return ("@", found[0])
        if depth > 20:
            raise _Unnamed
        if isinstance(value, (list, tuple)):
            named, fp, scalar = self.named, self._fp, _SCALAR_VALUES
            return (type(value).__name__, tuple(
                v if type(v) in scalar else ("@", found[0]) if (found := named.get(id(v))) is not None else fp(v, depth + 1)
                for v in value))
        if isinstance(value, dict):
            return ("dict", tuple((self._fp(k, depth + 1), self._fp(v, depth + 1)) for k, v in value.items()))
        if isinstance(value, (set, frozenset)):
            return ("set", tuple(sorted(repr(self._fp(v, depth + 1)) for v in value)))
        if isinstance(value, (dt.date, dt.datetime, dt.time)):
            return (type(value).__name__, value.isoformat())
        names = _field_names(type(value))
        if names is not None:
            return (type(value).__qualname__,
                    tuple(self._fp(object.__getattribute__(value, name), depth + 1) for name in names))
        if callable(value):
            bound = getattr(value, "__self__", None)
            if bound is not None and not isinstance(bound, type(sys)):
                return ("method", self._fp(bound, depth + 1), getattr(value, "__qualname__", None))
            return ("function", getattr(value, "__module__", None), getattr(value, "__qualname__", None))
        raise _Unnamed  # an object the digest cannot name: never trusted

    def trace_of(self, trace: dict) -> list[tuple[str, tuple]]:
        """What was read, as (object name, its attributes read), sorted."""
        by_object: dict[str, set] = {}
        for (oid, attr) in trace:
            by_object.setdefault(self.named[oid][0], set()).add(attr)
        return sorted((name, tuple(sorted(attrs))) for name, attrs in by_object.items())

    def parts(self, reads) -> list:
        return [[self.value_digest(self.by_name[name], a) if name in self.by_name else None for a in attrs]
                for name, attrs in reads]

    def prepare(self, flats, names: list, attrsets: list) -> None:
        """Digest, object by object, every (object, attribute set) the given reads hold (the pages
        the last build kept): each attribute of an object is digested once, whichever sets and pages
        read it, and only while that object's sets are digested (a memo of every value read would
        hold 380,000 digests at 5,000 bulletins)."""
        wanted: set[int] = set()
        for flat in flats:
            wanted.update(_pairs(flat))
        by_object: dict[int, list[int]] = {}
        for key in wanted:
            by_object.setdefault(_pair_object(key), []).append(key)
        groups, by_name = self.groups, self.by_name
        for number, keys in by_object.items():
            obj, memo = by_name.get(names[number]), {}
            for key in keys:
                groups[key] = self._group(obj, attrsets[_pair_attrs(key)], memo)

    def combined(self, flat, names: list, attrsets: list) -> str | None:
        """One digest of every value a page read: ``flat`` holds its reads as numbers into the
        build's tables of object names and attribute sets (BuildCache). Each (object, attribute
        set) is digested once per build, whichever pages read it; None if a value cannot be named."""
        h = hashlib.blake2b(digest_size=16)
        groups, by_name = self.groups, self.by_name
        for key in _pairs(flat):
            part = groups.get(key)
            if part is None:
                part = groups[key] = self._group(by_name.get(names[_pair_object(key)]), attrsets[_pair_attrs(key)], {})
            if not part:
                return None
            h.update(part)
        return h.hexdigest()

    def _group(self, obj, attrs: tuple, memo: dict) -> bytes:
        """The digest of these attributes' values of ``obj``; empty if one cannot be named or read."""
        if obj is None:
            return b""
        h = hashlib.blake2b(repr(attrs).encode("utf-8", "surrogatepass"), digest_size=12)
        value = self._value
        for attr in attrs:
            part = value(obj, attr, memo)
            if not part:
                return b""
            h.update(part)
        return h.digest()


# A page's reads are (object, attribute set) pairs of 32-bit numbers, one after the other: read as
# 64-bit numbers, each pair is one number, found without a Python step per number.
_LOW_FIRST = sys.byteorder == "little"


def _pairs(flat: array) -> array:
    return array("Q", flat.tobytes())


def _pair_object(key: int) -> int:
    return key & 0xFFFFFFFF if _LOW_FIRST else key >> 32


def _pair_attrs(key: int) -> int:
    return key >> 32 if _LOW_FIRST else key & 0xFFFFFFFF


_FIELD_NAMES: dict[type, tuple | None] = {}


def _field_names(cls: type) -> tuple | None:
    """A dataclass's field names (one answer per class), None for any other class."""
    try:
        return _FIELD_NAMES[cls]
    except KeyError:
        names = _FIELD_NAMES[cls] = (tuple(f.name for f in dataclasses.fields(cls))
                                     if dataclasses.is_dataclass(cls) and not issubclass(cls, type) else None)
        return names


class _Unnamed(Exception):
    pass


# --- the store ---------------------------------------------------------------------------------

class Store:
    """``.cache/build/``: one index per fingerprint, HTML blobs named by their checksum."""

    def __init__(self, folder: Path, fp: str) -> None:
        self.folder, self.fp = folder, fp
        self.blobs = folder / "blobs"
        self.index_path = folder / f"index-{fp}.json"

    def load(self) -> dict:
        try:
            data = json.loads(self.index_path.read_bytes())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("portal: bộ đệm dựng %s hỏng, bỏ qua (%s)", self.index_path.name, type(error).__name__)
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("fingerprint") != self.fp:
            log.warning("portal: bộ đệm dựng %s không khớp, bỏ qua", self.index_path.name)
            return {}
        return data

    def put(self, data: bytes) -> str:
        checksum = _hash(data)
        path = self.blobs / checksum[:2] / checksum
        if not path.exists():
            _atomic_write(path, data)
        return checksum

    def path_of(self, checksum: str) -> Path:
        return self.blobs / checksum[:2] / checksum

    def get(self, checksum: str) -> bytes | None:
        if not isinstance(checksum, str) or len(checksum) != 40 or not all(c in "0123456789abcdef" for c in checksum):
            return None
        try:
            data = self.path_of(checksum).read_bytes()
        except OSError:
            return None
        return data if _hash(data) == checksum else None

    def save(self, data: dict, started: float | None = None) -> None:
        _atomic_write(self.index_path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        # Removing unused blobs reads every kept index and lists every blob: every few builds.
        counter = self.folder / "saves"
        try:
            saves = int(counter.read_text()) + 1
        except (OSError, ValueError):
            saves = 1
        _atomic_write(counter, str(saves % COLLECT_EVERY).encode())
        if saves % COLLECT_EVERY == 0:
            self._collect(data, started)

    def templates(self):
        """Compiled Jinja templates, kept by name and source checksum (Jinja's own file cache)."""
        import jinja2
        folder = self.folder / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        return jinja2.FileSystemBytecodeCache(str(folder))

    def _collect(self, data: dict, started: float | None = None) -> None:
        """Keep the newest indexes and the blobs they use."""
        indexes = sorted(self.folder.glob("index-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in indexes[KEEP_INDEXES:]:
            old.unlink(missing_ok=True)
        used = set()
        for path in indexes[:KEEP_INDEXES]:
            index = data if path == self.index_path else _read_json(path)
            for entry in (index.get("pages") or {}).values():
                used.add(entry.get("blob"))
            for entry in (index.get("texts") or {}).values():
                used.add(entry.get("blob"))
            for entry in (index.get("bulletins") or {}).values():
                used.add(entry[2] if isinstance(entry, list) and len(entry) == 3 else None)
        if self.blobs.is_dir():
            for sub in self.blobs.iterdir():
                for blob in sub.iterdir() if sub.is_dir() else ():
                    if blob.name not in used and not blob.name.startswith("."):
                        blob.unlink(missing_ok=True)
        if started is not None:  # outputs this build did not use (it touched those it used)
            OutputMemo(self.folder, self.fp).collect(started - 1)


class OutputMemo:
    """``.cache/build/outputs/``: a file that is not a page (a review sheet's workbook), kept by a
    digest of what it is made from and of the fingerprint, so that the forked writers, which
    cannot add to the build's index, find it again by its inputs alone. Each file starts with
    the checksum of the rest: a damaged one is made again. A file used is touched; one untouched
    since the oldest kept index is removed with the unused blobs."""

    def __init__(self, folder: Path, fp: str) -> None:
        self.folder, self.fp = folder / "outputs", fp

    def bytes_of(self, kind: str, inputs, make) -> bytes:
        key = digest(self.fp, kind, inputs)
        path = self.folder / key[:2] / key
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        if len(data) >= 40 and _hash(data[40:]).encode() == data[:40]:
            try:
                os.utime(path)
            except OSError:
                pass
            return data[40:]
        body = make()
        try:
            _atomic_write(path, _hash(body).encode() + body)
        except OSError as error:  # a full or read-only disk: the build goes on without keeping it
            log.warning("portal: không lưu được %s vào bộ đệm dựng (%s)", kind, error.strerror)
        return body

    def table(self, name: str) -> "Table":
        return Table(self.folder / f"table-{name}", self.fp)

    def collect(self, older_than: float) -> None:
        if self.folder.is_dir():
            for sub in self.folder.iterdir():
                # A table being written by a writer that was stopped (mkdocs serve) is left behind.
                leftovers = [sub] if sub.name.startswith(".tmp-") and sub.is_file() else []
                for path in sub.iterdir() if sub.is_dir() else leftovers:
                    try:
                        if path.stat().st_mtime < older_than:
                            path.unlink()
                    except OSError:
                        pass


class Table:
    """What outputs are made of (a feed, a calendar event, a search document's keys), kept between
    builds by a digest of their inputs: one file per writer part, the ``made`` of
    :mod:`portal.outputs.made`. The last build's file is read a value at a time, never held; the
    new one is written as values are asked for, with the values this build used only (so it
    holds nothing stale), and put in place when the writer :meth:`save` s it.

    The file: ``MAGIC``, the checksum of the rest, then the fingerprint and a line end, the values
    (UTF-8 compressed with zlib: a feed of 50 entries takes a tenth of its text), the index (per
    value: the 16-byte digest of its kind and inputs, its place after the line end and its length,
    8 and 4 bytes big-endian) and the place of the index (8 bytes). A file that is damaged (its
    checksum), of another fingerprint or not of this form is ignored: everything is made again; a
    value that does not decompress to text is made again."""

    MAGIC = b"portal-table 2\n"
    LEVEL = 1  # zlib's fastest: most values are made once and read many times
    RECORD = 28
    CHUNK = 1 << 22

    def __init__(self, path: Path, fp: str) -> None:
        self.path, self.fp = path, fp
        self.reused = 0
        self._in = None
        self.old = self._load()  # digest -> (place, length) in the last build's file
        self._index: dict[bytes, tuple[int, int]] = {}
        self._hash = hashlib.blake2b(digest_size=20)
        self._out, self._size = None, 0
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            self._out = os.fdopen(fd, "wb")
            self._out.write(self.MAGIC + b"0" * 40)  # the checksum, once the rest is written
            self._append(self.fp.encode() + b"\n")
        except OSError as error:  # a full or read-only disk: this build keeps nothing
            self._failed(error)

    def _load(self) -> dict:
        try:
            self._in = open(self.path, "rb")
            size = os.fstat(self._in.fileno()).st_size
            head = self._in.read(len(self.MAGIC) + 40)
            if not head.startswith(self.MAGIC) or len(head) < len(self.MAGIC) + 40:
                return {}
            checksum = hashlib.blake2b(digest_size=20)
            while chunk := self._in.read(self.CHUNK):
                checksum.update(chunk)
            if checksum.hexdigest().encode() != head[len(self.MAGIC):]:
                return {}
            self._base = len(head)
            body = size - self._base
            fp = self.fp.encode() + b"\n"
            if body < len(fp) + 8 or os.pread(self._in.fileno(), len(fp), self._base) != fp:
                return {}
            start = int.from_bytes(os.pread(self._in.fileno(), 8, size - 8), "big")
            index = os.pread(self._in.fileno(), body - 8 - start, self._base + start) if start <= body - 8 else b""
        except OSError:
            return {}
        if len(index) % self.RECORD or start < len(fp):
            return {}
        found = {}
        for at in range(0, len(index), self.RECORD):
            place = int.from_bytes(index[at + 16:at + 24], "big")
            length = int.from_bytes(index[at + 24:at + 28], "big")
            if place < len(fp) or place + length > start:
                return {}
            found[index[at:at + 16]] = (place, length)
        return found

    def __call__(self, kind: str, inputs, make) -> str:
        key = bytes.fromhex(digest(kind, inputs))
        where = self.old.get(key)
        if where is not None:
            try:
                stored = os.pread(self._in.fileno(), where[1], self._base + where[0])
            except OSError:
                stored = b""
            value = self._text(stored)
            if value is not None:
                self.reused += 1
                self._keep(key, stored)
                return value
        value = make()
        self._keep(key, zlib.compress(value.encode("utf-8", "surrogatepass"), self.LEVEL))
        return value

    @staticmethod
    def _text(stored: bytes) -> str | None:
        try:
            return zlib.decompress(stored).decode("utf-8", "surrogatepass")
        except (zlib.error, UnicodeDecodeError):
            return None

    def _keep(self, key: bytes, stored: bytes) -> None:
        if self._out is not None and key not in self._index:
            self._index[key] = (self._size, len(stored))
            try:
                self._append(stored)
            except OSError as error:
                self._failed(error)

    def _append(self, data: bytes) -> None:
        self._out.write(data)
        self._hash.update(data)
        self._size += len(data)

    def _failed(self, error: OSError) -> None:
        log.warning("portal: không lưu được %s vào bộ đệm dựng (%s)", self.path.name, error.strerror)
        self.close()

    def close(self) -> None:
        """Put nothing in place (a writer stopped, a disk full): the last build's file stays."""
        if self._out is not None:
            self._out.close()
            self._out = None
            Path(self._tmp).unlink(missing_ok=True)
        self._close_input()

    def _close_input(self) -> None:
        if self._in is not None:
            self._in.close()
            self._in = None

    def save(self) -> None:
        if self._out is None:
            self._close_input()
            return
        try:
            start = self._size
            self._append(b"".join(key + place.to_bytes(8, "big") + length.to_bytes(4, "big")
                                  for key, (place, length) in self._index.items()))
            self._append(start.to_bytes(8, "big"))
            self._out.seek(len(self.MAGIC))
            self._out.write(self._hash.hexdigest().encode())
            self._out.close()
            self._out = None
            os.replace(self._tmp, self.path)
        except OSError as error:
            self._failed(error)
        self._close_input()


def _row_number(numbers: dict, rows: list, row) -> int:
    """The number of ``row`` in a table (``rows``, and ``numbers`` from row to number), added if new."""
    found = numbers.get(row)
    if found is None:
        found = numbers[row] = len(rows)
        rows.append(row)
    return found


def _tables(index: dict) -> tuple[list[str], list[tuple]]:
    """An index's tables of object names and attribute sets, or empty ones if not of that form."""
    names, attrs = index.get("names"), index.get("attrs")
    if (isinstance(names, list) and isinstance(attrs, list) and all(isinstance(n, str) for n in names)
            and all(isinstance(a, list) and all(isinstance(x, str) for x in a) for a in attrs)):
        return list(names), [tuple(a) for a in attrs]
    return [], []


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_bytes())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- the cache of one build --------------------------------------------------------------------

class BuildCache:
    """What one build reuses and records. ``open`` once the content is linked."""

    def __init__(self, config, settings: tuple, folder: Path | None = None, previous: dict | None = None) -> None:
        """``previous``: the index the last build of this process saved (mkdocs serve), if its
        fingerprint is this one: not read from disk again."""
        folder = folder or Path(config.config_file_path).parent / ".cache" / "build"
        self.store = Store(folder, fingerprint(config, *settings))
        if previous is not None and previous.get("fingerprint") == self.store.fp:
            old = previous
        else:
            old = self.store.load()
        self.old_pages: dict = dict(old.get("pages") or {})  # a copy: page_hit empties it (serve keeps the last)
        self.old_texts: dict = old.get("texts") or {}
        self.old_bulletins: dict = old.get("bulletins") if isinstance(old.get("bulletins"), dict) else {}
        self.bulletins: dict = {}  # file under docs/ -> [content digest, registry keys digest, blob]
        # A page's reads are stored as numbers into the tables of object names and attribute sets.
        # This build's tables start as the last one's, so a kept page's numbers stay as they are.
        self.names, self.attrsets = _tables(old)
        self.name_ids: dict[str, int] = {name: i for i, name in enumerate(self.names)}
        self.attr_ids: dict[tuple, int] = {attrs: i for i, attrs in enumerate(self.attrsets)}
        self.pages: dict = {}
        self.texts: dict = {}
        self.reads: Reads | None = None
        self.hits: dict[str, str] = {}  # src_uri -> blob checksum, decided before the pages are drawn
        self.flats: dict[str, array] | None = None  # the last build's pages' reads, decoded once
        self.outputs = OutputMemo(folder, self.store.fp)
        self.started = time.time()
        self.drawn = 0

    def open(self, roots: dict[str, object]) -> Reads:
        self.reads = Reads(name_objects(roots))
        return self.reads

    # bulletins as read and checked (portal.content.loader.BulletinMemo)
    def bulletin_memo(self, docs_dir: str):
        """A memo that finds each unchanged bulletin as the last build read and checked it."""
        from portal.content.loader import BulletinMemo

        def stored(path: str, key: tuple) -> bytes | None:
            entry = self.old_bulletins.get(os.path.relpath(path, docs_dir))
            if isinstance(entry, list) and len(entry) == 3 and entry[:2] == list(key):
                return self.store.get(entry[2])
            return None
        return BulletinMemo(stored)

    def keep_bulletins(self, memo, docs_dir: str) -> None:
        for path, key in memo.keys().items():
            rel = os.path.relpath(path, docs_dir)
            old = self.old_bulletins.get(rel)
            if path not in memo.parsed and isinstance(old, list) and old[:2] == list(key):
                self.bulletins[rel] = old
                continue
            data = memo.entry_bytes(path)
            if data is not None:
                self.bulletins[rel] = [*key, self.store.put(data)]

    # texts
    def text(self, key: str, files) -> dict | None:
        entry = self.old_texts.get(key)
        if not isinstance(entry, dict) or not _links_same(entry.get("lookups"), files):
            return None
        html = self.store.get(entry.get("blob"))
        if html is None:
            return None
        self.texts[key] = entry
        return {**entry, "html": html.decode("utf-8")}

    def keep_text(self, key: str, html: str, **entry) -> None:
        self.texts[key] = {**entry, "blob": self.store.put(html.encode("utf-8"))}

    # pages
    def page_hit(self, src_uri: str, base: str) -> dict | None:
        """The stored page if nothing it read changed. Asked once per page: the last build's entry
        is let go (its reads as text are the largest part of the index)."""
        if self.flats is None:
            self._prepare()
        entry = self.old_pages.pop(src_uri, None)
        flat = self.flats.pop(src_uri, None)
        if base is None or not isinstance(entry, dict) or entry.get("base") != base or self.reads is None:
            return None
        if flat is None or self.reads.combined(flat, self.names, self.attrsets) != entry.get("digest"):
            if DEBUG and flat is not None:
                reads = self._named(flat)
                parts = self.reads.parts(reads)
                changed = [(r[0], [a for a, o, n in zip(r[1], old, new) if o != n])
                           for r, old, new in zip(reads, entry.get("parts") or [], parts) if old != new]
                log.info("portal: bộ đệm: %s vẽ lại vì %s", src_uri, changed[:3])
            return None
        self.hits[src_uri] = entry["blob"]
        self.pages[src_uri] = {**entry, "reads": flat}
        return entry

    def _prepare(self) -> None:
        """Every kept page's reads decoded, and what they read digested object by object
        (Reads.prepare) before the first page is checked."""
        self.flats = {}
        for src, entry in self.old_pages.items():
            flat = self._decode(entry.get("reads")) if isinstance(entry, dict) else None
            if flat is not None:
                self.flats[src] = flat
        if self.reads is not None:
            self.reads.prepare(self.flats.values(), self.names, self.attrsets)

    def page_html(self, src_uri: str) -> str | None:
        data = self.page_bytes(src_uri)
        return data.decode("utf-8") if data is not None else None

    def page_bytes(self, src_uri: str) -> bytes | None:
        """The stored page as it was written (UTF-8), or None if it fails its checksum."""
        return self.store.get(self.hits.get(src_uri))

    def page_file(self, src_uri: str) -> Path:
        """Where the stored page is (its bytes checked by :meth:`page_bytes` first)."""
        return self.store.path_of(self.hits[src_uri])

    def keep_page(self, src_uri: str, base: str, trace: dict, html: str, **extra) -> None:
        reads = self.reads.trace_of(trace)
        self.drawn += 1
        flat = self._encode(reads)
        combined = self.reads.combined(flat, self.names, self.attrsets)
        if combined is None or base is None:
            return  # it read something that cannot be named: drawn again next time
        self.pages[src_uri] = {"base": base, "reads": flat, "digest": combined,
                               "blob": self.store.put(html.encode("utf-8")), **extra}
        if DEBUG:
            self.pages[src_uri]["parts"] = self.reads.parts(reads)

    def _decode(self, stored) -> array | None:
        """A page's reads as stored: [object, attributes, …] as numbers into the tables, an array
        of 32-bit numbers in base64 (a list of numbers would take 36 bytes each in memory)."""
        try:
            flat = array("I")
            flat.frombytes(base64.b64decode(stored, validate=True))
        except (TypeError, ValueError, binascii.Error):
            return None
        if len(flat) % 2 or (flat and (max(flat[0::2]) >= len(self.names) or max(flat[1::2]) >= len(self.attrsets))):
            return None
        return flat

    def _named(self, flat: array) -> list[tuple[str, tuple]]:
        return [(self.names[flat[i]], self.attrsets[flat[i + 1]]) for i in range(0, len(flat), 2)]

    def _encode(self, reads) -> array:
        """A page's reads as numbers into this build's tables of object names and attribute sets."""
        flat = array("I")
        for name, attrs in reads:
            flat.append(_row_number(self.name_ids, self.names, name))
            flat.append(_row_number(self.attr_ids, self.attrsets, attrs))
        return flat

    def _compact(self) -> tuple[list, list]:
        """The tables as saved: as they are while most of their rows are used; else only the rows
        used, every page's numbers renumbered (names of deleted bulletins do not pile up)."""
        used_names, used_attrs = set(), set()
        for entry in self.pages.values():
            flat = entry["reads"]
            used_names.update(flat[0::2])
            used_attrs.update(flat[1::2])
        if len(used_names) * 4 >= len(self.names) * 3 and len(used_attrs) * 4 >= len(self.attrsets) * 3:
            return self.names, self.attrsets
        name_map = {old: new for new, old in enumerate(sorted(used_names))}
        attr_map = {old: new for new, old in enumerate(sorted(used_attrs))}
        for entry in self.pages.values():
            flat = entry["reads"]
            entry["reads"] = array("I", [name_map[x] if i % 2 == 0 else attr_map[x] for i, x in enumerate(flat)])
        return [self.names[i] for i in sorted(used_names)], [self.attrsets[i] for i in sorted(used_attrs)]

    def save(self) -> dict:
        names, attrsets = self._compact()
        pages = {src: {**entry, "reads": base64.b64encode(entry["reads"].tobytes()).decode("ascii")}
                 for src, entry in self.pages.items()}
        data = {"format": FORMAT, "fingerprint": self.store.fp, "names": names,
                "attrs": [list(a) for a in attrsets], "pages": pages, "texts": self.texts,
                "bulletins": self.bulletins}
        self.store.save(data, self.started)
        return data


def _links_same(lookups, files) -> bool:
    if not isinstance(lookups, list):
        return False
    for item in lookups:
        if not (isinstance(item, list) and len(item) == 2):
            return False
        found = files.get_file_from_path(item[0]) if isinstance(item[0], str) else None
        if (found.url if found is not None else None) != item[1]:
            return False
    return True


class LookupFiles:
    """The site's files as Markdown's link resolution sees them, recording each look-up."""

    def __init__(self, files) -> None:
        self._files = files
        self.lookups: dict[str, str | None] = {}

    def get_file_from_path(self, path):
        found = self._files.get_file_from_path(path)
        self.lookups[path] = found.url if found is not None else None
        return found

    def __getattr__(self, name):
        return getattr(self._files, name)
