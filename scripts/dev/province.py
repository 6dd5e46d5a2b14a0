"""Province-wide synthetic content: Thanh Hóa province's localities, their bodies and N bulletins.

Usage: python scripts/dev/province.py DEST [--bulletins N] [--seed S] [--build]

Writes a complete project into DEST (which must not exist or be empty): the repository's
mkdocs.yml and non-content pages, links to its hooks and templates (as
scripts/dev/benchmark.py's make_project), and under DEST/docs/:

- localities: the province; its 26 district-level units and their commune-level units,
  ended 30/6/2025; its 166 communes and wards since 1/7/2025 with `formed_from` (whole or
  part; the 21 communes not rearranged go on as they were), from
  scripts/dev/province_units.json (official names and codes, see its sources).
  The city of Thanh Hóa's part is the repository's own docs/data/localities/;
- bodies: UBND, Đảng ủy and UB MTTQ of every commune and ward; UBND, the Party committee
  and UB MTTQ of every former district (ended 30/6/2025, successors: the same bodies of
  the communes and wards made from its units, and the province's); the repository's
  bodies (the city's, its seven wards', the province's);
- people: two or three per body group, names with diacritics, unique once folded;
- topics and meeting kinds: the repository's;
- N bulletins over 2015-2026 hosted by a former district before 1/7/2025 and by a commune
  or ward from then on (the province's bodies at any time), each valid under the content
  contract: every body named is valid on the meeting date, due dates are not before the
  meeting, reviews are of commitments made at earlier meetings. Commitments have owners,
  partners, places and due dates; reviews have statuses and notes, and some reviews by a
  successor's meeting hand a former district body's commitment over (`owners`).

Deterministic for a seed. `--build` then builds DEST with mkdocs (as benchmark.py does)
and prints wall and CPU seconds, peak RSS and the number of pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from portal.contract.names import bulletin_src_uri
from portal.contract.dates import PartialDate
from portal.contract.text import fold, slugify
from scripts.dev.synthetic import STATUSES, make_project, seed_material

ROOT = Path(__file__).resolve().parents[2]
UNITS = Path(__file__).with_name("province_units.json")

ENDED = dt.date(2025, 6, 30)     # district-level units and merged communes ended on this day
STARTED = dt.date(2025, 7, 1)    # the new communes and wards started on this day
FIRST, LAST = dt.date(2015, 1, 1), dt.date(2026, 10, 31)
CITY = "thanh-pho-thanh-hoa"     # its lineage and bodies come from the repository's registries
PROVINCE = "tinh-thanh-hoa"
PROVINCE_BODIES = {"ubnd": "ubnd-tinh-thanh-hoa", "dang": "tinh-uy", "mttq": "ub-mttq-tinh-thanh-hoa"}
PROVINCE_SHARE = 0.05            # meetings hosted by the province's bodies
AFTER_RATE = 3                   # meetings a day after the reorganisation, against one before (7x more hosts)

# What a commitment asks (a topic's name and a place fill the blanks) and what reviews report.
DIRECTIVES = [
    "Tuyên truyền, vận động nhân dân {place} tham gia {topic}.",
    "Phối hợp kiểm tra, giám sát công tác {topic} trên địa bàn {place}.",
    "Xây dựng kế hoạch {topic} năm {year} của {place} và báo cáo kết quả.",
    "Rà soát, tổng hợp kiến nghị của cử tri {place} về {topic}, trả lời bằng văn bản.",
    "Hoàn thành chỉ tiêu {topic} năm {year} được giao cho {place}.",
    "Tổ chức đối thoại với nhân dân {place} về {topic}.",
]
NOTES = {
    "not-started": ["Chưa triển khai do chưa bố trí được kinh phí.", "Chưa triển khai, đang chờ hướng dẫn của cấp trên."],
    "in-progress": ["Đang triển khai, đã thực hiện được {n}% khối lượng.", "Đang triển khai theo kế hoạch."],
    "stalled": ["Chậm tiến độ do vướng mắc về mặt bằng.", "Chậm tiến độ do thiếu nhân lực."],
    "done": ["Đã hoàn thành, kết quả báo cáo tại hội nghị.", "Đã hoàn thành trước thời hạn."],
    "partly-done": ["Hoàn thành {n}% chỉ tiêu; phần còn lại chuyển sang năm sau."],
    "not-done": ["Không hoàn thành do thay đổi quy hoạch.", "Không hoàn thành, đề nghị điều chỉnh chỉ tiêu."],
}

# Level words as the official names begin, longest first.
LEVELS = [("Thành phố", "thanh-pho"), ("Thị trấn", "thi-tran"), ("Thị xã", "thi-xa"), ("Huyện", "huyen"),
          ("Phường", "phuong"), ("Tỉnh", "tinh"), ("Xã", "xa")]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
          "Lý", "Trịnh", "Mai", "Đinh", "Lương", "Hà", "Cao", "Lò", "Quách", "Phan", "Tống", "Lại", "Văn"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Ngọc", "Xuân", "Đình", "Công", "Trọng",
          "Thế", "Hồng", "Kim", "Bá", "Mạnh", "Thu", "Hải", "Tiến"]
GIVEN = ["Anh", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương",
         "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Phương", "Quân", "Sơn",
         "Tâm", "Thắng", "Thảo", "Thủy", "Trang", "Trung", "Tuấn", "Vân", "Việt", "Yến", "Lợi", "Thịnh",
         "Chiến", "Định", "Hòa", "Lực", "Nhung", "Oanh", "Quyết", "Sáu", "Toàn", "Uyên", "Xuân", "Đông"]


def split_level(name: str) -> tuple[str, str, str]:
    """"Huyện Bá Thước" -> ("huyen", "huyện", "Bá Thước")."""
    for word, level in LEVELS:
        if name.lower().startswith(word.lower() + " "):
            return level, word.lower(), name[len(word) + 1:]
    raise ValueError(f"unknown level in {name!r}")


def read_registry(name: str, docs: Path = ROOT / "docs") -> dict[str, dict]:
    """One registry of the repository: docs/data/<name>/<key>.yml files and/or docs/data/<name>.yml."""
    entries: dict[str, dict] = {}
    single = docs / "data" / f"{name}.yml"
    if single.is_file():
        entries.update(yaml.safe_load(single.read_text(encoding="utf-8")) or {})
    for path in sorted((docs / "data" / name).glob("*.yml")):
        entries[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return entries


@dataclass
class Host:
    """Who holds a meeting: a locality's bodies over the period they exist."""
    key: str                     # locality key
    bodies: dict[str, str]       # role (ubnd, dang, mttq, ...) -> organization key
    start: dt.date
    end: dt.date
    places: list[str]            # localities its commitments may name
    before: list[str] = field(default_factory=list)   # hosts whose open commitments it may take over
    people: list[tuple[str, str]] = field(default_factory=list)  # (person key, role as stated)
    made: list = field(default_factory=list)          # its commitments, newest last


class Province:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.data = json.loads(UNITS.read_text(encoding="utf-8"))
        self.localities = read_registry("localities")
        self.organizations = read_registry("organizations")
        self.people = read_registry("people")
        self.new_localities: dict[str, dict] = {}
        self.new_organizations: dict[str, dict] = {}
        self.new_people: dict[str, dict] = {}
        self.hosts: dict[str, Host] = {}

    # --- localities -------------------------------------------------------------------------

    def build_localities(self) -> None:
        docs = self.localities
        if PROVINCE not in docs or CITY not in docs:
            raise SystemExit(f"docs/data/localities/ must hold {PROVINCE} and {CITY}")
        districts = {code: name for code, name in self.data["districts"]}
        self.district_key = {}
        for code, name in self.data["districts"]:
            level, _, bare = split_level(name)
            key = f"{level}-{slugify(bare)}"
            self.district_key[code] = key
            if key not in docs:
                self.new_localities[key] = {"name": name, "level": level, "parent": PROVINCE,
                                            "valid_until": ENDED, "code": code}
        city_code = next(code for code, key in self.district_key.items() if key == CITY)
        # Former units the repository records (the city's, and two communes of Thiệu Hóa): by code.
        recorded = {str(e["code"]): k for k, e in docs.items() if e.get("code") and e.get("valid_until")}
        former = {code: (name, dcode) for code, name, dcode in self.data["former"]}
        current = self.data["current"]
        # A unit that was not rearranged (Resolution 1686 item 146) goes on as it was.
        continuing = {ff[0][0]: code for code, name, ff in current
                      if len(ff) == 1 and not ff[0][1] and former[ff[0][0]][0] == name}
        current_key = {}
        for code, name, _ in current:
            level, _, bare = split_level(name)
            key = current_key[code] = f"{level}-{slugify(bare)}"
            if key in docs and (docs[key].get("valid_until") or str(docs[key].get("code")) != code):
                raise SystemExit(f"docs/data/localities/{key}.yml is not {name} ({code}): give the former unit "
                                 "another key (the suffix -cu)")
        assert len(set(current_key.values())) == len(current_key), "two current units with one key"
        taken = set(docs) | set(self.new_localities)
        bases = Counter()
        todo = []
        for code, (name, dcode) in former.items():
            if dcode == city_code or code in recorded or code in continuing:
                continue
            level, _, bare = split_level(name)
            base = f"{level}-{slugify(bare)}"
            bases[base] += 1
            todo.append((code, name, dcode, level, base, slugify(split_level(districts[dcode])[2])))
        self.former_key = dict(recorded)
        for code, name, dcode, level, base, dslug in todo:
            # As in the repository: the plain key when free, "-cu" (former) beside a current unit's key,
            # the district's name when several former units share the name.
            key = base if bases[base] == 1 else f"{base}-{dslug}"
            if key == base and base in current_key.values():
                key = f"{base}-cu"
            if key in taken or key in current_key.values():
                key = f"{base}-{dslug}"
            if key in taken or key in current_key.values():
                key = f"{base}-{dslug}-{code}"
            taken.add(key)
            self.former_key[code] = key
            self.new_localities[key] = {"name": name, "level": level, "parent": self.district_key[dcode],
                                        "valid_until": ENDED, "code": code}
        # The current units; the repository's (the city's seven wards) stay as they are.
        self.current_key = current_key
        self.origin_districts: dict[str, set[str]] = defaultdict(set)
        for code, name, ff in current:
            key = current_key[code]
            for old, _ in ff:
                self.origin_districts[key].add(self.district_key[former[old][1]])
            if key in docs:
                continue
            level = split_level(name)[0]
            entry = {"name": name, "level": level, "parent": PROVINCE}
            if code in continuing.values():
                entry["code"] = code
            else:
                links = []
                for old, part in ff:
                    if former[old][1] == city_code:
                        raise SystemExit(f"{name} is formed from a unit of the city: record it in docs/data/localities/")
                    links.append({"locality": self.former_key[old], "part": True} if part else self.former_key[old])
                entry.update(valid_from=STARTED, formed_from=links, code=code)
            self.new_localities[key] = entry
        # For the city's wards the repository's formed_from says which districts they came from.
        for key, entry in docs.items():
            for link in entry.get("formed_from") or []:
                old = link["locality"] if isinstance(link, dict) else link
                self.origin_districts[key].add(docs[old]["parent"])
        self.continuing = {current_key[code] for code in continuing.values()}

    def locality(self, key: str) -> dict:
        return self.new_localities.get(key) or self.localities[key]

    def place_name(self, key: str) -> str:
        """"xã Xuân Lập", as a sentence names a place."""
        _, word, bare = split_level(self.locality(key)["name"])
        return f"{word} {bare}"

    # --- bodies -----------------------------------------------------------------------------

    def build_bodies(self) -> None:
        docs = self.organizations
        for role, key in PROVINCE_BODIES.items():
            if key not in docs:
                raise SystemExit(f"docs/data/organizations/ must hold {key}")
        # Communes and wards
        unit_bodies: dict[str, dict[str, str]] = {}
        for key in self.current_key.values():
            entry = self.locality(key)
            level, word, bare = split_level(entry["name"])
            start = None if key in self.continuing else STARTED
            bodies = {"ubnd": f"ubnd-{key}", "dang": f"dang-uy-{key}", "mttq": f"ub-mttq-{key}"}
            if key not in self.localities:
                self._org(bodies["ubnd"], f"Ủy ban nhân dân {word} {bare}", f"UBND {word} {bare}",
                          [f"Ủy ban nhân dân {word} {bare}", f"Uỷ ban nhân dân {word} {bare}"], "chinh-quyen", key,
                          start)
                self._org(bodies["dang"], f"Đảng ủy {word} {bare}", f"Đảng ủy {word} {bare}",
                          [f"Đảng uỷ {word} {bare}"], "dang", key, start)
                self._org(bodies["mttq"], f"Ủy ban Mặt trận Tổ quốc Việt Nam {word} {bare}", f"UB MTTQ {word} {bare}",
                          [f"Ủy ban MTTQ {word} {bare}", f"MTTQ {word} {bare}", f"Mặt trận Tổ quốc {word} {bare}"],
                          "mat-tran", key, start)
            missing = [k for k in bodies.values() if k not in docs and k not in self.new_organizations]
            if missing:
                raise SystemExit(f"docs/data/organizations/ lacks {', '.join(missing)} of {key}")
            unit_bodies[key] = dict(bodies)
            if f"hdnd-{key}" in docs:  # the repository's wards also have a People's Council
                bodies["hdnd"] = f"hdnd-{key}"
            # Places of its commitments: itself (a commitment made after 1/7/2025 names current units;
            # the former ones are shown "nay thuộc …" on the commitments made before).
            self.hosts[key] = Host(key, bodies, start or FIRST, LAST, [key], before=sorted(self.origin_districts[key]))
        # Former districts: the repository holds the city's bodies; the others are made here.
        successors_of = defaultdict(list)
        for unit in sorted(unit_bodies):
            for district in sorted(self.origin_districts[unit]):
                successors_of[district].append(unit)
        children = defaultdict(list)
        for key in sorted(set(self.localities) | set(self.new_localities)):
            entry = self.locality(key)
            if entry.get("parent") and entry.get("valid_until"):
                children[entry["parent"]].append(key)
        for code, name in self.data["districts"]:
            key = self.district_key[code]
            level, word, bare = split_level(name)
            if key == CITY:  # every body of the city in the repository
                bodies = {"ubnd": "ubnd-tp", "dang": "thanh-uy", "mttq": "ub-mttq-tp"}
                bodies.update({k: k for k, e in sorted(docs.items())
                               if e.get("locality") == CITY and k not in bodies.values()})
            else:
                party, party_word = {"huyen": ("huyen-uy", "Huyện ủy"), "thi-xa": ("thi-uy", "Thị ủy"),
                                     "thanh-pho": ("thanh-uy", "Thành ủy")}[level]
                bodies = {"ubnd": f"ubnd-{key}", "dang": f"{party}-{slugify(bare)}", "mttq": f"ub-mttq-{key}"}
                units = successors_of[key]
                self._org(bodies["ubnd"], f"Ủy ban nhân dân {word} {bare}", f"UBND {word} {bare}",
                          [f"Ủy ban nhân dân {word} {bare}"], "chinh-quyen", key, None, ENDED,
                          [unit_bodies[u]["ubnd"] for u in units] + [PROVINCE_BODIES["ubnd"]])
                party_name = f"{party_word} {bare}"
                self._org(bodies["dang"], party_name, party_name, [party_name.replace("ủy", "uỷ")], "dang", key,
                          None, ENDED, [unit_bodies[u]["dang"] for u in units] + [PROVINCE_BODIES["dang"]])
                self._org(bodies["mttq"], f"Ủy ban Mặt trận Tổ quốc Việt Nam {word} {bare}", f"UB MTTQ {word} {bare}",
                          [f"Ủy ban MTTQ {word} {bare}", f"MTTQ {word} {bare}"], "mat-tran", key, None, ENDED,
                          [unit_bodies[u]["mttq"] for u in units] + [PROVINCE_BODIES["mttq"]])
            self.hosts[key] = Host(key, bodies, FIRST, ENDED, sorted(children[key]))
        bodies = dict(PROVINCE_BODIES, **({"hdnd": "hdnd-tinh-thanh-hoa"} if "hdnd-tinh-thanh-hoa" in docs else {}))
        self.hosts[PROVINCE] = Host(PROVINCE, bodies, FIRST, LAST, [])  # places: by date

    def _org(self, key, name, short, aliases, kind, locality, valid_from=None, valid_until=None, successors=None):
        if key in self.organizations or key in self.new_organizations:
            raise SystemExit(f"organization key {key} made twice")
        entry = {"name": name, "short": short, "aliases": [short] + aliases, "kind": kind, "locality": locality}
        if valid_from:
            entry["valid_from"] = valid_from
        if valid_until:
            entry["valid_until"] = valid_until
        if successors:
            entry["successors"] = successors
        self.new_organizations[key] = entry

    def org(self, key: str) -> dict:
        return self.new_organizations.get(key) or self.organizations[key]

    # --- people -----------------------------------------------------------------------------

    TITLES = {"ubnd": "Chủ tịch {short}", "dang": "Bí thư {short}", "mttq": "Chủ tịch {short}"}

    def build_people(self) -> None:
        folded = {fold(p["name"]) for p in self.people.values()}
        staffed = set()
        for key, person in self.people.items():  # the repository's people chair its ended bodies' meetings
            for position in person.get("positions") or []:
                for host in self.hosts.values():
                    if host.end == ENDED and position.get("organization") in host.bodies.values():
                        host.people.append((key, position["title"]))
                        staffed.add(host.key)
        rng = self.rng
        for key in sorted(self.hosts, key=lambda k: (self.hosts[k].start, k)):
            host = self.hosts[key]
            if key in staffed:
                continue
            roles = ["dang", "ubnd", "mttq"] if host.end == ENDED or key == PROVINCE else ["dang", "ubnd"]
            for role in roles:
                org_key = host.bodies[role]
                title = self.TITLES[role].format(short=self.org(org_key)["short"])
                if org_key in ("tinh-uy", "thanh-uy"):
                    title = f"Bí thư {self.org(org_key)['name']}"
                while True:
                    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                    if fold(name) not in folded:
                        break
                folded.add(fold(name))
                pkey = slugify(name)
                positions = [{"title": title, "organization": org_key}]
                if host.end == ENDED and key != CITY and rng.random() < 0.3:
                    # Some district officials went on to lead a commune or ward made from the district.
                    heirs = [h for h in self.hosts.values() if key in h.before]
                    if heirs:
                        heir = rng.choice(heirs)
                        heir_org = heir.bodies[role]
                        heir_title = self.TITLES[role].format(short=self.org(heir_org)["short"])
                        positions[0]["until"] = ENDED
                        positions.append({"title": heir_title, "organization": heir_org, "from": STARTED})
                        heir.people.append((pkey, heir_title))
                self.new_people[pkey] = {"name": name, "positions": positions}
                host.people.append((pkey, title))

    # --- bulletins --------------------------------------------------------------------------

    def write_bulletins(self, docs: Path, n: int) -> Counter:
        rng = self.rng
        names_of_people = [p["name"] for p in self.people.values()]
        # The seed bulletins' sentences, without those that name the city's officials.
        sentences = [s for s in seed_material()[0] if not any(name in s for name in names_of_people)]
        topic_names = read_registry("topics")
        topics = sorted(topic_names)
        kinds = read_registry("meeting-kinds")
        kind_keys = sorted(kinds)
        before, after = (ENDED - FIRST).days + 1, (LAST - ENDED).days
        dates = sorted(FIRST + dt.timedelta(days=rng.randrange(before)) if rng.random() * (before + AFTER_RATE * after)
                       < before else STARTED + dt.timedelta(days=rng.randrange(after)) for _ in range(n))
        districts = sorted(k for k, h in self.hosts.items() if h.end == ENDED)
        units = sorted(k for k, h in self.hosts.items() if h.end == LAST and k != PROVINCE)
        counts = Counter()
        names: set[str] = set()
        folders: set[Path] = set()
        owners_now: dict[str, list[str]] = {}
        for i, day in enumerate(dates):
            if rng.random() < PROVINCE_SHARE:
                host = self.hosts[PROVINCE]
            else:
                host = self.hosts[rng.choice(districts if day <= ENDED else units)]
            counts["before 1/7/2025" if day <= ENDED else "from 1/7/2025"] += 1
            bodies = sorted(set(host.bodies.values()))
            lead = rng.choice(bodies)
            others = [b for b in bodies if b != lead]
            organizations = [lead] + rng.sample(others, rng.randint(1, len(others)))
            if host.key != PROVINCE and rng.random() < 0.1:
                organizations.append(PROVINCE_BODIES[rng.choice(list(PROVINCE_BODIES))])
            kind = rng.choice(kind_keys)
            lead_entry = self.org(lead)
            title = (f"{lead_entry['short']} tổ chức {kinds[kind]['name'][0].lower()}{kinds[kind]['name'][1:]} "
                     f"tháng {day.month}/{day.year}")
            people = list(dict(host.people or self.hosts[PROVINCE].people).items())  # one role per person
            chairs = rng.sample(people, min(len(people), rng.choice((1, 1, 2))))
            meta = {"title": title, "date": day, "kind": kind,
                    "chairs": [{"person": p, "role": role} for p, role in chairs],
                    "organizations": organizations,
                    "topics": rng.sample(topics, rng.randint(1, 3))}
            if rng.random() < 0.5:
                meta["time"] = rng.choice(("07:30", "08:00", "14:00", "14:30"))
            if rng.random() < 0.5:
                meta["location"] = f"Trụ sở {lead_entry['short']}"
            if rng.random() < 0.5:
                meta["published"] = f"{day + dt.timedelta(days=1)}T{rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}:00+07:00"
            commitments = []
            if rng.random() < 0.5:
                for j in range(rng.randint(1, 4)):
                    cid = f"ck-{i + 1}-{j + 1}"
                    owners = rng.sample(organizations, rng.choice((1, 1, 1, 2)))
                    entry = {"id": cid, "text": "", "owners": owners}
                    rest = [o for o in organizations if o not in owners]
                    if rest and rng.random() < 0.4:
                        entry["partners"] = rng.sample(rest, 1)
                    places = host.places if host.key != PROVINCE else units if day > ENDED else districts
                    place = host.key
                    if places and rng.random() < 0.4:
                        entry["places"] = sorted(set(rng.sample(places, min(len(places), rng.randint(1, 2)))))
                        place = entry["places"][0]
                        counts["commitments with places"] += 1
                    topic = topic_names[rng.choice(meta["topics"])]["name"]
                    entry["text"] = rng.choice(DIRECTIVES).format(
                        place=self.place_name(place), topic=topic[0].lower() + topic[1:], year=day.year)
                    if rng.random() < 0.6:
                        entry["due"] = self._due(day)
                    if rng.random() < 0.2:
                        entry["status"] = rng.choice(STATUSES[:3])
                    commitments.append(entry)
                    host.made.append((cid, day))
                    owners_now[cid] = owners
                counts["commitments"] += len(commitments)
                meta["commitments"] = commitments
            reviews = self._reviews(host, day, owners_now, counts)
            if reviews:
                meta["reviews"] = reviews
            opening = (f"{rng.choice(('Sáng', 'Chiều'))} ngày {day.day}/{day.month}/{day.year}, {lead_entry['name']} "
                       f"tổ chức {kinds[kind]['name'][0].lower()}{kinds[kind]['name'][1:]}.")
            body = opening + "\n\n" + "\n\n".join(" ".join(rng.sample(sentences, 3)) for _ in range(rng.randint(3, 7)))
            rel = bulletin_src_uri(PartialDate(day.year, day.month, day.day), title)
            stem, suffix = rel[:-3], 1
            while rel.rsplit("/", 1)[1] in names:
                suffix += 1
                rel = f"{stem}-{suffix}.md"
            names.add(rel.rsplit("/", 1)[1])
            path = docs / rel
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            with open(path, "w", encoding="utf-8") as out:
                out.write("---\n" + front_matter(meta) + "---\n\n" + body + "\n")
        counts["bulletins"] = n
        return counts

    def _due(self, day: dt.date):
        rng = self.rng
        months = day.month - 1 + rng.randint(1, 24)
        year, month = day.year + months // 12, months % 12 + 1
        shape = rng.random()
        if shape < 0.15:
            return f"{year}-{month:02d}"
        if shape < 0.3:
            return year
        end = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
        return end

    def _reviews(self, host: Host, day: dt.date, owners_now, counts) -> list[dict]:
        rng = self.rng
        if rng.random() >= 0.4:
            return []
        own = [(cid, made) for cid, made in host.made[-60:] if made < day]
        inherited = []
        if day > ENDED and host.before:
            for before in host.before:
                inherited += [(cid, made, before) for cid, made in self.hosts[before].made[-40:] if made < day]
        reviews, seen = [], set()
        for _ in range(rng.randint(1, 3)):
            take_over = inherited and (not own or rng.random() < 0.5)
            if take_over:
                cid, made, before = rng.choice(inherited)
            elif own:
                cid, made = rng.choice(own)
            else:
                break
            if cid in seen:
                continue
            seen.add(cid)
            status = rng.choice(STATUSES)
            review = {"commitment": cid, "status": status,
                      "note": rng.choice(NOTES[status]).format(n=rng.randrange(20, 95, 5))}
            if take_over and rng.random() < 0.6:
                new = self._heirs(owners_now[cid], host)
                if new and new != owners_now[cid]:
                    review["owners"] = new
                    review["note"] = (f"Sau sắp xếp đơn vị hành chính, giao "
                                      f"{', '.join(self.org(o)['short'] for o in new)} tiếp tục thực hiện. ") + review["note"]
                    owners_now[cid] = new
                    host.made.append((cid, made))
                    self.hosts[before].made.remove((cid, made))
                    counts["hand-overs"] += 1
            if rng.random() < 0.1:
                review["evidence"] = [{"title": "Báo cáo kết quả thực hiện", "url": f"https://example.org/bao-cao/{cid}"}]
            reviews.append(review)
        counts["reviews"] += len(reviews)
        return reviews

    def _heirs(self, owners: list[str], host: Host) -> list[str]:
        """The owners still in office, and for the ended ones the host's bodies that the registry names
        as their successors (else the host's UBND)."""
        mine = set(host.bodies.values())
        ended = [o for o in owners if self.org(o).get("valid_until")]
        if not ended:
            return []
        heirs = sorted({s for o in ended for s in self.org(o).get("successors") or [] if s in mine})
        return [o for o in owners if o not in ended] + (heirs or [host.bodies["ubnd"]])

    # --- files ------------------------------------------------------------------------------

    def write_registries(self, docs: Path) -> None:
        for name, entries in (("localities", self.new_localities), ("organizations", self.new_organizations),
                              ("people", self.new_people)):
            folder = docs / "data" / name
            folder.mkdir(parents=True, exist_ok=True)
            for key, entry in entries.items():
                path = folder / f"{key}.yml"
                if path.exists():
                    raise SystemExit(f"{path} exists: a generated key clashes with the repository's")
                path.write_text(yaml.dump(entry, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False,
                                          width=1000), encoding="utf-8")


def _q(value) -> str:
    """A YAML scalar: dates and numbers bare, text double-quoted (JSON strings are YAML)."""
    if isinstance(value, (dt.date, int)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


KEYS = {"kind", "id", "commitment", "status"}  # written bare, as staff write keys


def front_matter(meta: dict) -> str:
    """YAML of a bulletin's front matter in the layout staff write (fast: 50,000 in seconds)."""
    out = []
    for key, value in meta.items():
        if key in ("organizations", "topics"):
            out.append(f"{key}: [{', '.join(value)}]")
        elif key == "chairs":
            out.append("chairs:")
            out += [f"  - person: {c['person']}\n    role: {_q(c['role'])}" for c in value]
        elif key in ("commitments", "reviews"):
            out.append(f"{key}:")
            for item in value:
                lines = []
                for k, v in item.items():
                    if isinstance(v, list) and v and isinstance(v[0], dict):
                        lines.append(f"{k}:")
                        lines += [f"  - title: {_q(e['title'])}\n    url: {_q(e['url'])}" for e in v]
                    elif isinstance(v, list):
                        lines.append(f"{k}: [{', '.join(v)}]")
                    else:
                        lines.append(f"{k}: {v if k in KEYS else _q(v)}")
                out.append("  - " + "\n    ".join("\n".join(lines).split("\n")))
        else:
            out.append(f"{key}: {value if key in KEYS else _q(value)}")
    return "\n".join(out) + "\n"


def make_province(dest: Path, bulletins: int, seed: int = 1) -> dict:
    """Write a complete province-wide project into ``dest``; return what it holds, counted."""
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise SystemExit(f"{dest} is not an empty folder")
    if bulletins < 0:
        raise SystemExit("the number of bulletins cannot be negative")
    start = time.perf_counter()
    rng = random.Random(seed)
    province = Province(rng)
    province.build_localities()
    province.build_bodies()
    province.build_people()
    make_project(dest)
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_name: .*$", 'site_name: "Hội nghị phối hợp tỉnh Thanh Hóa (dữ liệu mẫu)"', text)
    text = re.sub(r"(?m)^site_description: .*$", 'site_description: "Dữ liệu mẫu tổng hợp: các hội nghị của tỉnh '
                  'Thanh Hóa, 166 xã, phường và các huyện, thị xã, thành phố trước ngày 1/7/2025."', text)
    config.write_text(text, encoding="utf-8")
    docs = dest / "docs"
    province.write_registries(docs)
    counts = province.write_bulletins(docs, bulletins)
    localities = {**province.localities, **province.new_localities}
    organizations = {**province.organizations, **province.new_organizations}
    levels = Counter(e["level"] + (" (ended)" if e.get("valid_until") else "") for e in localities.values())
    result = {
        "localities": len(localities),
        **{f"localities {level}": n for level, n in sorted(levels.items())},
        "split localities": len({link["locality"] for e in localities.values() for link in e.get("formed_from") or []
                                 if isinstance(link, dict) and link.get("part")}),
        "organizations": len(organizations),
        "organizations ended": sum(bool(e.get("valid_until")) for e in organizations.values()),
        "people": len(province.people) + len(province.new_people),
        **dict(sorted(counts.items())),
        "seconds": round(time.perf_counter() - start, 1),
    }
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to write the project into (new or empty)")
    parser.add_argument("--bulletins", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build", action="store_true", help="then build it with mkdocs and print the figures")
    args = parser.parse_args(argv)
    counts = make_province(args.dest, args.bulletins, args.seed)
    for name, value in counts.items():
        print(f"{name:>32}: {value}")
    if args.build:
        from scripts.dev.synthetic import page_sizes, timed_build

        out = args.dest / "site"
        run = timed_build(args.dest, out)
        print(f"build: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, peak RSS {run.rss / 2**20:.0f} MB; "
              f"{page_sizes(out)}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
