"""The content contract's reference rules, checked on a docs/ tree without the portal's loader.

Written while the loader did not yet read localities, `successors`, `locality`, `places` or a
review's `owners` (issue 20): it checks what ../shared/bulletin-format.md says of them and of
the references around them, so that the sample content and the province-wide generator
(scripts/dev/province.py) can be shown to follow the contract. It reads files with the
contract layer's own YAML reader and date parser. :func:`problems` returns one line per
problem, ``path: field: message``; an empty list means the tree follows these rules.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from portal.contract.dates import PartialDate
from portal.contract.text import fold
from portal.contract.yamlsrc import YamlError, load, split_front_matter

KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LEVELS = {"tinh", "thanh-pho", "thi-xa", "huyen", "phuong", "xa", "thi-tran"}
STATUSES = {"not-started", "in-progress", "stalled", "done", "partly-done", "not-done"}
FIELDS = {
    "localities": {"name", "level", "parent", "valid_from", "valid_until", "formed_from", "code"},
    "organizations": {"name", "short", "aliases", "kind", "parent", "valid_from", "valid_until", "successor",
                      "successors", "locality", "url"},
    "people": {"name", "aliases", "positions"},
    "topics": {"name", "aliases", "description"},
    "meeting-kinds": {"name", "aliases", "description"},
}


class Out(list):
    def add(self, path, field, message):
        self.append(f"{path}: {field}: {message}")


def _date(value, out: Out, path: str, field: str) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        out.add(path, field, f"not a date ({value!r}: {exc})")
        return None


def _text(value, out: Out, path: str, field: str) -> None:
    if not isinstance(value, str) or not value.strip():
        out.add(path, field, f"must be text, not {value!r}")
    elif unicodedata.normalize("NFC", value) != value:
        out.add(path, field, "not NFC")


def _keys(value, out: Out, path: str, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        out.add(path, field, f"must be a list of keys, not {value!r}")
        return []
    return value


def read_registries(docs: Path, out: Out) -> dict[str, dict[str, dict]]:
    registries: dict[str, dict[str, dict]] = {name: {} for name in FIELDS}
    for name in FIELDS:
        sources = []
        single = docs / "data" / f"{name}.yml"
        if single.is_file():
            sources.append((single, None))
        sources += [(path, path.stem) for path in sorted((docs / "data" / name).glob("*.yml"))]
        for path, key in sources:
            rel = path.relative_to(docs.parent).as_posix()
            try:
                data = load(path.read_text(encoding="utf-8")).data
            except YamlError as exc:
                out.add(rel, "(yaml)", str(exc))
                continue
            entries = {key: data} if key is not None else data
            if not isinstance(entries, dict):
                out.add(rel, "(file)", "not a mapping")
                continue
            for k, entry in entries.items():
                if not isinstance(k, str) or not KEY.match(k):
                    out.add(rel, "(key)", f"{k!r} is not [a-z0-9-]+")
                if k in registries[name]:
                    out.add(rel, "(key)", f"{k} declared twice")
                if not isinstance(entry, dict):
                    out.add(rel, k, "entry is not a mapping")
                    continue
                for field in set(entry) - FIELDS[name]:
                    out.add(rel, f"{k}.{field}", "unknown field")
                _text(entry.get("name"), out, rel, f"{k}.name")
                entry["_path"] = rel
                registries[name][k] = entry
    return registries


def _ref(key, registry: dict, out: Out, path: str, field: str) -> bool:
    if key not in registry:
        out.add(path, field, f"{key!r} is not in the registry")
        return False
    return True


def _cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A cycle of the directed graph, if any (iterative DFS)."""
    state: dict[str, int] = {}
    for root in sorted(graph):
        if state.get(root):
            continue
        stack = [(root, iter(graph.get(root, ())))]
        state[root], trail = 1, [root]
        while stack:
            node, edges = stack[-1]
            for nxt in edges:
                if state.get(nxt) == 1:
                    return trail[trail.index(nxt):] + [nxt]
                if not state.get(nxt):
                    state[nxt] = 1
                    trail.append(nxt)
                    stack.append((nxt, iter(graph.get(nxt, ()))))
                    break
            else:
                state[node] = 2
                trail.pop()
                stack.pop()
    return None


def check_registries(reg: dict, out: Out) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    """Localities, organizations and people; returns each organization's validity (start, end)."""
    locs, orgs = reg["localities"], reg["organizations"]
    span = {}
    named_in: dict[str, list[tuple[str, bool]]] = {}
    for key, e in locs.items():
        p = e["_path"]
        if e.get("level") not in LEVELS:
            out.add(p, "level", f"{e.get('level')!r} is not one of {sorted(LEVELS)}")
        if e.get("parent") is not None:
            _ref(e["parent"], locs, out, p, "parent")
        start = _date(e.get("valid_from"), out, p, "valid_from")
        end = _date(e.get("valid_until"), out, p, "valid_until")
        if start and end and start.start > end.end:
            out.add(p, "valid_until", "before valid_from")
        span[key] = (start, end)
        if e.get("code") is not None and not isinstance(e["code"], str):
            out.add(p, "code", "write the code as quoted text")
        for i, link in enumerate(e.get("formed_from") or [], 1):
            field = f"formed_from[{i}]"
            if isinstance(link, dict):
                if set(link) - {"locality", "part"} or not isinstance(link.get("part", False), bool):
                    out.add(p, field, f"must be a key or {{locality: key, part: true}}, not {link!r}")
                old, part = link.get("locality"), bool(link.get("part"))
            else:
                old, part = link, False
            if not isinstance(old, str) or not _ref(old, locs, out, p, field):
                continue
            if old == key:
                out.add(p, field, "a locality cannot be formed from itself")
            named_in.setdefault(old, []).append((key, part))
    for key, e in locs.items():  # the units it was formed from ended before it began
        for old in [link["locality"] if isinstance(link, dict) else link for link in e.get("formed_from") or []]:
            if old in span and span[key][0] and (not span[old][1] or span[old][1].end >= span[key][0].start):
                out.add(e["_path"], "formed_from", f"{old} does not end before {key} begins")
    for old, lists in named_in.items():  # a unit in several lists was split: part: true in each
        if len(lists) > 1 and not all(part for _, part in lists):
            out.add(locs[old]["_path"], "(formed_from)", f"named in {[k for k, _ in lists]}, not as part in each")
        if len(lists) == 1 and lists[0][1]:
            out.add(locs[old]["_path"], "(formed_from)", f"named as part only in {lists[0][0]}: where did the rest go?")
    cyc = _cycle({k: [e["parent"]] for k, e in locs.items() if e.get("parent") in locs})
    if cyc:
        out.add("localities", "parent", f"cycle {' -> '.join(cyc)}")
    cyc = _cycle({old: [k for k, _ in lists] for old, lists in named_in.items()})
    if cyc:
        out.add("localities", "formed_from", f"cycle {' -> '.join(cyc)}")

    validity = {}
    for key, e in orgs.items():
        p = e["_path"]
        start = _date(e.get("valid_from"), out, p, "valid_from")
        end = _date(e.get("valid_until"), out, p, "valid_until")
        validity[key] = (start.start if start else None, end.end if end else None)
        if e.get("parent") is not None:
            _ref(e["parent"], orgs, out, p, "parent")
        if e.get("locality") is not None and _ref(e["locality"], locs, out, p, "locality"):
            loc_end = span[e["locality"]][1]
            if loc_end and (not end or end.end > loc_end.end):
                out.add(p, "valid_until", f"the body outlives its locality {e['locality']} (ended {loc_end.iso})")
        if "successor" in e and "successors" in e:
            out.add(p, "successors", "both successor and successors")
    graph = {}
    for key, e in orgs.items():
        p = e["_path"]
        succ = _keys(e.get("successors", e.get("successor")), out, p, "successors")
        graph[key] = [s for s in succ if _ref(s, orgs, out, p, "successors")]
        if graph[key] and validity[key][1] is None:
            out.add(p, "successors", "a body with successors must have a valid_until")
        for s in graph[key]:
            if s == key:
                out.add(p, "successors", "a body cannot succeed itself")
            s_start, s_end = validity[s]
            if validity[key][1] and s_end and s_end <= validity[key][1]:
                out.add(p, "successors", f"{s} ends no later than {key}")
            if validity[key][1] and s_start and s_start > validity[key][1] + dt.timedelta(days=1):
                out.add(p, "successors", f"{s} begins after a gap")
    cyc = _cycle(graph)
    if cyc:
        out.add("organizations", "successors", f"cycle {' -> '.join(cyc)}")

    folded: dict[str, str] = {}
    for key, e in reg["people"].items():
        p = e["_path"]
        name = e.get("name")
        if isinstance(name, str):
            other = folded.setdefault(fold(name), name)
            if other != name:
                out.add(p, "name", f"{name!r} equals {other!r} once folded")
        for i, pos in enumerate(e.get("positions") or [], 1):
            if not isinstance(pos, dict) or not isinstance(pos.get("title"), str):
                out.add(p, f"positions[{i}]", "needs a title")
                continue
            if pos.get("organization") is not None:
                _ref(pos["organization"], orgs, out, p, f"positions[{i}].organization")
            for f in ("from", "until"):
                _date(pos.get(f), out, p, f"positions[{i}].{f}")
    return validity


def check_bulletins(docs: Path, reg: dict, validity: dict, out: Out) -> dict:
    """Every bulletin under docs/meetings: references, ids, dates, validity; returns counts."""
    made: dict[str, tuple[str, PartialDate]] = {}
    reviews = []
    counts = {"bulletins": 0, "commitments": 0, "reviews": 0, "hand-overs": 0, "places": 0}
    orgs, locs = reg["organizations"], reg["localities"]
    names = set()
    for path in sorted((docs / "meetings").rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(docs.parent).as_posix()
        if path.suffix != ".md" or not KEY.match(path.stem):
            out.add(rel, "(file name)", "not <date>-<ascii-slug>.md")
            continue
        if path.name in names:
            out.add(rel, "(file name)", "used twice")
        names.add(path.name)
        fm, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        try:
            meta = load(fm or "").data
        except YamlError as exc:
            out.add(rel, "(yaml)", str(exc))
            continue
        if not isinstance(meta, dict):
            out.add(rel, "(front matter)", "not a mapping")
            continue
        counts["bulletins"] += 1
        date = _date(meta.get("date"), out, rel, "date")
        _text(meta.get("title"), out, rel, "title")
        if date is None:
            out.add(rel, "date", "missing")
            continue
        if not path.name.startswith(date.iso if date.precision == "day" else str(date.year)):
            out.add(rel, "(file name)", f"does not begin with the date {date.iso}")

        def body_ok(key, field):
            if not _ref(key, orgs, out, rel, field):
                return
            start, end = validity[key]
            if (start and date.end < start) or (end and date.start > end):
                out.add(rel, field, f"{key} is not valid on {date.iso} ({start} to {end})")

        if meta.get("kind") is not None:
            _ref(meta["kind"], reg["meeting-kinds"], out, rel, "kind")
        chairs = meta.get("chairs") or []
        if not chairs:
            out.add(rel, "chairs", "at least one")
        for i, chair in enumerate(chairs, 1):
            _ref(chair.get("person"), reg["people"], out, rel, f"chairs[{i}].person")
        for i, key in enumerate(_keys(meta.get("organizations"), out, rel, "organizations"), 1):
            body_ok(key, f"organizations[{i}]")
        for i, key in enumerate(_keys(meta.get("topics"), out, rel, "topics"), 1):
            _ref(key, reg["topics"], out, rel, f"topics[{i}]")
        for i, c in enumerate(meta.get("commitments") or [], 1):
            f = f"commitments[{i}]"
            cid = c.get("id")
            if not isinstance(cid, str) or not KEY.match(cid):
                out.add(rel, f"{f}.id", f"{cid!r} is not [a-z0-9-]+")
            elif cid in made:
                out.add(rel, f"{f}.id", f"{cid} is also made in {made[cid][0]}")
            made[cid] = (rel, date)
            counts["commitments"] += 1
            _text(c.get("text"), out, rel, f"{f}.text")
            owners = _keys(c.get("owners"), out, rel, f"{f}.owners")
            if not owners:
                out.add(rel, f"{f}.owners", "at least one")
            for j, key in enumerate(owners, 1):
                body_ok(key, f"{f}.owners[{j}]")
            for j, key in enumerate(_keys(c.get("partners"), out, rel, f"{f}.partners"), 1):
                body_ok(key, f"{f}.partners[{j}]")
            places = _keys(c.get("places"), out, rel, f"{f}.places")
            counts["places"] += bool(places)
            for j, key in enumerate(places, 1):
                _ref(key, locs, out, rel, f"{f}.places[{j}]")
            due = _date(c.get("due"), out, rel, f"{f}.due")
            if due and due.end < date.start:
                out.add(rel, f"{f}.due", f"{due.iso} is before the meeting {date.iso}")
            if c.get("status") is not None and c["status"] not in STATUSES:
                out.add(rel, f"{f}.status", f"{c['status']!r} is not a status")
        seen = set()
        for i, r in enumerate(meta.get("reviews") or [], 1):
            f = f"reviews[{i}]"
            counts["reviews"] += 1
            if r.get("commitment") in seen:
                out.add(rel, f"{f}.commitment", "reviewed twice in one bulletin")
            seen.add(r.get("commitment"))
            reviews.append((rel, f, r.get("commitment"), date))
            if r.get("status") not in STATUSES:
                out.add(rel, f"{f}.status", f"{r.get('status')!r} is not a status")
            owners = _keys(r.get("owners"), out, rel, f"{f}.owners")
            counts["hand-overs"] += bool(owners)
            for j, key in enumerate(owners, 1):
                body_ok(key, f"{f}.owners[{j}]")
            for j, ev in enumerate(r.get("evidence") or [], 1):
                if not isinstance(ev, dict) or not re.match(r"^https?://", str(ev.get("url"))):
                    out.add(rel, f"{f}.evidence[{j}]", "needs an http(s) url")
    for rel, f, cid, date in reviews:
        if cid not in made:
            out.add(rel, f"{f}.commitment", f"{cid!r} is made nowhere")
        elif made[cid][1].start > date.end:
            out.add(rel, f"{f}.commitment", f"{cid} is made at a later meeting ({made[cid][0]})")
        elif made[cid][0] == rel:
            out.add(rel, f"{f}.commitment", f"{cid} is made in this bulletin")
    return counts


def problems(docs: Path) -> tuple[list[str], dict]:
    """All problems of the tree under ``docs`` and what it holds, counted."""
    out = Out()
    reg = read_registries(Path(docs), out)
    validity = check_registries(reg, out)
    counts = check_bulletins(Path(docs), reg, validity, out)
    counts.update({name: len(entries) for name, entries in reg.items()})
    return list(out), counts
