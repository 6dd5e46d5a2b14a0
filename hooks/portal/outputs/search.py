"""The site's search index: static, chunked, and made for Vietnamese as residents type it.

Material's lunr search is accent-sensitive, downloads the whole text and treats phrases
as AND; Pagefind folds tones but not "đ" and moves over a megabyte for a common
Vietnamese query at 5,000 pages (see README). This index is built for the way the
browser queries it (``docs/assets/search.js``):

* every document (meeting or commitment) is split into syllables, folded with
  :func:`portal.text.fold` (tones, "đ", case, NFC/NFD, old/new tone placement);
* posting lists exist for folded syllables (``w:``), adjacent folded syllable pairs
  (``b:``: phrases and phrase ranking) and accented syllables (``a:``: exact-accent
  matches rank first);
* keys are spread over shards by a hash the browser computes too, so a query fetches
  only the shards of its own terms; ``meta.json`` holds what filters and sorting need
  for every document, and ``docs/<id>.json`` the text of one result, for its excerpt.
"""

from __future__ import annotations

import itertools
import json
import operator
import re
from collections import defaultdict
from dataclasses import dataclass

from portal.contract import routes
from portal.contract import schema as S
from portal.content.plaintext import drop_repeated_title, plain_text
from portal.contract.text import fold, nfc
from portal.outputs.made import Made, fresh

# Common abbreviations, both ways (the registries' aliases are added to these).
COMMON_ABBREVIATIONS = {
    "UBND": ["Ủy ban nhân dân"], "HĐND": ["Hội đồng nhân dân"], "MTTQ": ["Mặt trận Tổ quốc"],
    "UBMTTQ": ["Ủy ban Mặt trận Tổ quốc"], "HLHPN": ["Hội Liên hiệp Phụ nữ"], "HCCB": ["Hội Cựu chiến binh"],
    "HND": ["Hội Nông dân"], "ĐTN": ["Đoàn Thanh niên"], "NTM": ["nông thôn mới"],
    "VSMT": ["vệ sinh môi trường"], "VSATTP": ["vệ sinh an toàn thực phẩm"], "ATTP": ["an toàn thực phẩm"],
    "GPMB": ["giải phóng mặt bằng"], "BHXH": ["bảo hiểm xã hội"], "BHYT": ["bảo hiểm y tế"],
    "ATGT": ["an toàn giao thông"], "ANTT": ["an ninh trật tự"], "KT-XH": ["kinh tế - xã hội", "kinh tế xã hội"],
    "TP": ["thành phố"], "PCT": ["Phó Chủ tịch"], "BTV": ["Ban Thường vụ"], "BCH": ["Ban Chấp hành"],
    "TDP": ["tổ dân phố"], "Đ/c": ["đồng chí"], "CCB": ["cựu chiến binh"], "TN": ["thanh niên"],
}

_SYLLABLE = re.compile(r"[0-9a-z]+")
# Tone marks written on the other vowel ("hoá", "thuỷ", "Hoà") are the same word as
# "hóa", "thủy", "Hòa": normalise to one placement before accent-exact matching.
OLD_TONES = {"oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oé": "óe", "oè": "òe", "oẻ": "ỏe",
              "oẽ": "õe", "oẹ": "ọe", "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
OLD_TONE_RE = re.compile("|".join(OLD_TONES))


def syllables(text: str) -> list[str]:
    """Folded syllables: "Giải phóng mặt bằng" -> ["giai", "phong", "mat", "bang"]."""
    return _SYLLABLE.findall(fold(text))


def accented(text: str) -> list[str]:
    """Syllables as written (lower case, NFC, one tone placement), for exact-accent matches."""
    text = OLD_TONE_RE.sub(lambda m: OLD_TONES[m.group(0)], nfc(text).lower())
    return [w for w in re.findall(r"[^\W_]+", text) if not w.isascii()]


def hash_key(key: str) -> int:
    """FNV-1a, 32 bit, over UTF-8: the browser computes the same to find a key's shard."""
    h = 0x811C9DC5
    for byte in key.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def abbreviation_groups(registries) -> list[list[str]]:
    """Groups of folded phrases that mean the same, from the common list and the registries."""
    groups: dict[str, set[str]] = {}

    def add(names):
        folded = {" ".join(syllables(n)) for n in names if syllables(n)}
        if len(folded) < 2:
            return
        merged = set(folded)
        for member in list(folded):
            for other_key, other in list(groups.items()):
                if member in other:
                    merged |= other
                    groups.pop(other_key)
        groups[min(merged)] = merged

    for short, longs in COMMON_ABBREVIATIONS.items():
        add([short, *longs])
    for entries in (registries.organizations, registries.topics, registries.meeting_kinds):
        for entry in entries.values():
            add([entry.name, getattr(entry, "short", None) or entry.name, *entry.aliases])
    return sorted(sorted(g) for g in groups.values())


@dataclass
class SearchDoc:
    kind: str  # "m" meeting, "c" commitment
    url: str
    title: str
    text: str
    date: int  # yyyymmdd, for sorting
    display_date: str
    kind_label: str
    meeting_kind: int
    bodies: list[int]
    topics: list[int]
    status: int  # index into statuses, -1 for meetings
    status_label: str = ""
    meeting: int = -1  # for a commitment: the index of the meeting that made it


def _yyyymmdd(meeting) -> int:
    start = meeting.date.start
    return start.year * 10000 + start.month * 100 + start.day


def _plain_body(meeting, made: Made = fresh) -> str:
    """The text a reader sees, without Markdown and without a heading repeating the title."""
    body, title = meeting.body, meeting.title
    return made("plain-text", (body, title), lambda: plain_text(drop_repeated_title(body, title)))


def build_documents(portal, made: Made = fresh) -> tuple[list[SearchDoc], dict]:
    kinds, orgs, topics = (list(x.values()) for x in (portal.kinds, portal.organizations, portal.topics))
    statuses = list(S.COMMITMENT_STATUS_LABELS)
    k_ix, o_ix, t_ix = ({id(e): i for i, e in enumerate(x)} for x in (kinds, orgs, topics))
    docs: list[SearchDoc] = []
    m_ix = {id(m): i for i, m in enumerate(portal.meetings_newest)}
    for m in portal.meetings_newest:
        chairs = " ".join(c.person.name for c in m.chairs)
        docs.append(SearchDoc("m", m.url, m.title, _plain_body(m, made) + ("\n" + chairs if chairs else ""),
                              _yyyymmdd(m), m.date.short_vi(), m.kind.name, k_ix[id(m.kind)],
                              [o_ix[id(o)] for o in m.organizations], [t_ix[id(t)] for t in m.topics], -1))
    for c in portal.commitments:
        m = c.meeting
        owners = " ".join(o.label for o in c.owners)
        docs.append(SearchDoc("c", c.url, c.text, f"{c.text}\n{owners}", _yyyymmdd(m),
                              m.date.short_vi(), "Cam kết", k_ix[id(m.kind)],
                              [o_ix[id(o)] for o in c.owners], [t_ix[id(t)] for t in m.topics],
                              statuses.index(c.status), c.status_label, m_ix[id(m)]))
    facets = {  # [key, label] of each filter value; documents refer to them by position
        "kindNames": [[k.key, k.name] for k in kinds],
        "orgNames": [[o.key, o.label] for o in orgs],
        "topicNames": [[t.key, t.name] for t in topics],
        "statusNames": [[routes.STATUS_SEGMENT[k], S.COMMITMENT_STATUS_LABELS[k], k] for k in statuses],
    }
    return docs, facets


def shard_count(portal) -> int:
    """Shards for this many documents: about 24 documents' worth of postings each.

    Known before the index is built, so the search page (which carries it) can be
    rendered while the index is built in another process.
    """
    documents = len(portal.meetings) + len(portal.commitments)
    shards = 1
    while shards * 24 < documents and shards < 1 << 16:
        shards <<= 1
    return shards


def page_config(portal) -> dict:
    """What the search page carries (no separate file): the shard count, abbreviation groups,
    the tone-placement table and the URLs the script links to."""
    return {"shards": shard_count(portal), "abbr": abbreviation_groups(portal.registries), "oldTones": OLD_TONES,
            "routes": routes.client_routes()}


def build_index(portal) -> dict[str, str]:
    """Site-relative path -> JSON text of every file of the search index."""
    return dict(iter_index(portal))


KEY_SEPARATOR = "|"  # never in a key: keys are folded syllables, spaces and letters


def document_keys(text: str) -> str:
    """The posting keys of a document's text (folded syllables, pairs of them, accented syllables),
    sorted and joined by :data:`KEY_SEPARATOR`: one string, which a build keeps cheaply."""
    words = syllables(text)
    keys = {f"w:{w}" for w in words}
    keys |= {f"b:{a} {b}" for a, b in zip(words, words[1:])}
    keys |= {f"a:{w}" for w in accented(text)}
    return KEY_SEPARATOR.join(sorted(keys))


def iter_index(portal, made: Made = fresh):
    """(path, JSON text) of :func:`build_index`, one at a time (the build writes each as it comes).
    ``made``: a document's keys kept by its text (:mod:`portal.outputs.made`). The shards themselves
    are made again: a document's number is its place in date order, which a new bulletin shifts."""
    docs, facets = build_documents(portal, made)
    postings: defaultdict[str, list[int]] = defaultdict(list)  # not setdefault: a new list per call
    for doc_id, doc in enumerate(docs):
        text = f"{doc.title}\n{doc.text}"
        keys = made("search-keys", text, lambda: document_keys(text))
        for key in keys.split(KEY_SEPARATOR) if keys else ():
            postings[key].append(doc_id)
    shards = shard_count(portal)
    files: dict[str, dict] = {}
    for key in list(postings):  # each list of numbers encoded and dropped in turn
        files.setdefault(f"search/idx/{hash_key(key) % shards}.json", {})[key] = _deltas(postings.pop(key))
    for path in list(files):
        yield path, json.dumps(files.pop(path), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    meetings = [d for d in docs if d.kind == "m"]
    commitments = [d for d in docs if d.kind == "c"]
    yield "search/meta.json", json.dumps({
        "version": 1, "shards": shards, "count": len(docs), **facets,
        # Documents are meetings newest first, then commitments newest first: id order is date order.
        "meetings": len(meetings),
        "year": _runs([d.date // 10000 for d in meetings]) + _runs([d.date // 10000 for d in commitments]),
        "kind": _fixed([d.meeting_kind for d in meetings], len(facets["kindNames"])),
        "topics": ",".join(_fixed(d.topics, len(facets["topicNames"])) for d in meetings),
        "bodies": ",".join(_fixed(d.bodies, len(facets["orgNames"])) for d in docs),
        # A commitment takes its year, kind and topics from its meeting: the meeting of each
        # commitment, as the number of commitments of each meeting in order.
        "made": _counts([c.meeting for c in commitments], len(meetings)),
        "status": _fixed([d.status for d in commitments], len(facets["statusNames"])),
    }, ensure_ascii=False, separators=(",", ":"))
    yield PLACES_FILE, json.dumps(places(portal), ensure_ascii=False, separators=(",", ":"))
    for doc_id, doc in enumerate(docs):
        yield f"search/docs/{doc_id}.json", json.dumps(
            {"u": doc.url, "t": doc.title, "x": doc.text, "d": doc.display_date, "k": doc.kind_label,
             "s": doc.status_label, "y": doc.kind}, ensure_ascii=False, separators=(",", ":"))


PLACES_FILE = "search/places.json"
_LEVEL_WORDS = sorted((fold(label) for label in S.LOCALITY_LEVELS.values()), key=len, reverse=True)


def places(portal) -> list[list]:
    """The directory of localities the search page matches a query against, so that a resident who
    knows only a former ward's name finds the ward that covers it now. One row per unit:
    [folded name, folded name without its level word, name, URL, ended (0/1), [[name, URL, part] of
    the units that cover it now]]; aliases add rows for the same unit."""
    rows = []
    for place in portal.registries.localities.values():
        now = [[link.unit.name, link.unit.url, int(link.part)] for link in place.now]
        for name in [place.name, *place.aliases]:
            folded = " ".join(syllables(name))
            short = next((folded[len(w) + 1:] for w in _LEVEL_WORDS if folded.startswith(w + " ")), folded)
            rows.append([folded, short, name, place.url, int(place.ended), now])
    return rows


def _counts(values: list[int], size: int) -> list[int]:
    counts = [0] * size
    for v in values:
        counts[v] += 1
    return counts


def _runs(values: list[int]) -> list[list[int]]:
    """Run-length pairs [value, count]: years of date-ordered documents come in long runs."""
    runs: list[list[int]] = []
    for v in values:
        if runs and runs[-1][0] == v:
            runs[-1][1] += 1
        else:
            runs.append([v, 1])
    return runs


def _fixed(indexes: list[int], size: int) -> str:
    """Small indexes as fixed-width base-36 digits in one string ("-" pads a missing one)."""
    width = 1 if size <= 36 else 2
    return "".join(_b36(i).rjust(width, "0") if i >= 0 else "-" * width for i in indexes)


def _deltas(ids: list[int]) -> str:
    """Sorted ids as base-36 gaps joined by ".": short, and gzip finds the repeats."""
    table, size = _B36, len(_B36)
    return ".".join([table[gap] if gap < size else _b36_slow(gap)
                     for gap in map(operator.sub, ids, itertools.chain((-1,), ids))])


def _b36(n: int) -> str:
    if n < len(_B36):
        return _B36[n]
    return _b36_slow(n)


def _b36_slow(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    while True:
        n, r = divmod(n, 36)
        s = digits[r] + s
        if not n:
            return s




def opensearch_xml(site_name: str, site_url: str, short_name: str = "Hội nghị T.Hóa") -> str:
    """OpenSearch description, so a browser can add the portal as a search engine."""
    from xml.sax.saxutils import escape, quoteattr

    root = site_url.rstrip("/") + "/"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">\n'
            f"  <ShortName>{escape(short_name)}</ShortName>\n"
            f"  <Description>{escape('Tìm hội nghị và cam kết: ' + site_name)}</Description>\n"
            "  <InputEncoding>UTF-8</InputEncoding>\n  <Language>vi</Language>\n"
            f"  <Url type=\"text/html\" method=\"get\" template={quoteattr(root + routes.url('search') + '?q={searchTerms}')}/>\n"
            f"  <Image type=\"image/svg+xml\">{escape(root + 'assets/favicon.svg')}</Image>\n"
            "</OpenSearchDescription>\n")


_B36 = [_b36_slow(n) for n in range(36 ** 3)]  # gaps are small: a table beats arithmetic
