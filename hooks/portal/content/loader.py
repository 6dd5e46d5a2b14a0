"""Read every registry and bulletin under ``docs/``, check them, build the model.

:func:`load_site` never drops a file: a bulletin that cannot be read is
reported as an error, and the build refuses to publish while any error stands.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

from portal.contract import guards
from portal.contract import schema as S
from portal.contract.dates import PartialDate, parse_datetime
from portal.content import consistency, values
from portal.content.model import ENTRY_TYPES, Chair, Commitment, Link, Meeting, Registries, Review, Site
from portal.contract.report import Problem, Report
from portal.contract.names import MEETINGS_DIR, bulletin_src_uri, date_prefix
from portal.contract.text import normalise_source
from portal.contract import reference, routes
from portal.contract.settings import SETTINGS_FILE, TEMPLATE_FILES, Settings, check_settings
from portal.contract.tree import rel_path, scan
from portal.contract.validate import MARKER, Checker, suggestion
from portal.contract.yamlsrc import Located, YamlError, load, load_blocks, split_front_matter

DATA_DIR = "data"
_FILE_NAME = re.compile(r"^([0-9]{4})(?:-([0-9]{2})-([0-9]{2}))?-[a-z0-9]+(-[a-z0-9]+)*\Z")
# What MkDocs would read as page metadata at the top of a page (mkdocs.utils.meta.YAML_RE).
_META_BLOCK = re.compile(r"\A\n*(---[ \t]*\n(.*?\n))(?:\.{3}|-{3})[ \t]*\n", re.S)


def load_site(docs_dir: str | Path, report: Report | None = None,
              memo: BulletinMemo | None = None, settings_file: str | Path | None = None) -> tuple[Site, Report]:
    """Load and check all content in ``docs_dir``; problems go to the report.

    ``memo``: kept by a process that loads the same folder again (``mkdocs serve``), so
    that only the bulletins whose bytes changed are parsed and checked again.
    ``settings_file``: the site's mkdocs.yml (default: beside ``docs_dir``, when there is one),
    checked with ``$PORTAL_AS_OF`` (contract/settings.py).
    """
    docs = Path(docs_dir)
    report = report or Report()
    root = docs.parent
    settings_path = Path(settings_file) if settings_file else docs.parent / SETTINGS_FILE
    if settings_file or settings_path.is_file():
        settings = check_settings(settings_path, docs, root, report, os.environ.get("PORTAL_AS_OF"))
    else:
        settings = Settings(theme_files={f: "overrides/" for f in TEMPLATE_FILES})
    tree = scan(docs, root, report, settings.theme_files)
    registries, reg_docs = _load_registries(docs, root, report, tree.refused)
    checker = Checker({name: set(registries.by_name(name)) for name in S.REGISTRY_ENTRIES})
    for schema, doc, rel in reg_docs:
        checker.check(schema, doc, rel, report)

    for path in tree.pages:
        _check_page(path, docs, root, checker, report)
    meetings = []
    memo = memo if memo is not None else BulletinMemo()
    checked_against = hashlib.blake2b(repr(sorted((name, sorted(keys)) for name, keys in checker.registry_keys.items()))
                                      .encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    for path in tree.bulletins:
        meeting = memo.load(path, checked_against, lambda raw, sub, path=path: _read_bulletin(
            path, docs, root, checker, sub, raw), report)
        if meeting is not None:
            meetings.append(meeting)
    meetings.sort(key=lambda m: m.sort_key)
    site = Site(registries=registries, meetings=meetings)
    _cross_check(site, root, docs, report)
    for meeting in meetings:
        # Error lines are for the checks above, all done: the located YAML (about 9 KB a
        # bulletin, 450 MB at 50,000) is not kept for the rest of the build.
        meeting.locate = _first_line
    return site, report


def _first_line(path: tuple) -> int:
    return 1


class BulletinMemo:
    """What reading and checking each bulletin gave, by file.

    A bulletin whose bytes, and the registry keys it was checked against, are unchanged is
    not parsed or checked again: its problems are reported again as they were, and its
    Meeting is built anew from the checked data (linking sets fields on a Meeting, so one
    is never reused between loads). Without a memo kept between loads, nothing is reused.

    ``mkdocs serve`` keeps one in memory; ``mkdocs build`` keeps each entry in its build cache
    between builds (:meth:`entry_bytes`, given back through ``stored``: JSON with tagged dates,
    never code, read back only when exactly of that shape and for the same key; the build
    cache is named by the code that checks, so a changed check reads nothing old).
    """

    FORMAT = 1

    def __init__(self, stored=None) -> None:
        """``stored(path, key)``: the bytes :meth:`entry_bytes` gave for this file and key in an
        earlier process, or None (``mkdocs build`` keeps them in its build cache)."""
        self._entries: dict[str, tuple] = {}
        self._stored = stored
        self.parsed: set[str] = set()  # the files read and checked by this process

    def keys(self) -> dict[str, tuple]:
        return {path: entry[0] for path, entry in self._entries.items()}

    def entry_bytes(self, path: str) -> bytes | None:
        """One file's entry as JSON (dates tagged, never code); None when a value has no JSON form."""
        key, problems, result = self._entries[path]
        try:
            encoded = [self.FORMAT, list(key), [[p.path, p.line, p.field, p.message, p.level] for p in problems],
                       None if result is None else [result[0], _located_parts(result[1]), result[2], result[3]]]
        except _Unencodable:
            return None
        return json.dumps(encoded, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")

    def _from_bytes(self, data: bytes, key: tuple) -> tuple | None:
        """The entry :meth:`entry_bytes` wrote, if it is exactly that and for this key; else None."""
        try:
            form, stored_key, problems, result = json.loads(data, object_hook=_tagged)
            if form != self.FORMAT or tuple(stored_key) != key:
                return None
            problems = [Problem(*p) for p in problems]
            if not all(isinstance(a, str) and isinstance(b, int) and isinstance(c, str) and isinstance(d, str)
                       and isinstance(e, str) for a, b, c, d, e in ((p.path, p.line, p.field, p.message, p.level)
                                                                    for p in problems)):
                return None
            if result is not None:
                src_uri, doc, body, front = result
                if not all(isinstance(v, str) for v in (src_uri, body, front)):
                    return None
                result = (src_uri, _located(doc), body, front)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError, _Unencodable):
            return None  # corrupt or of another shape: read the file again
        return key, problems, result

    def load(self, path: Path, checked_against: str, read, report: Report) -> Meeting | None:
        try:
            raw = path.read_bytes()
        except OSError:
            raw = None  # read_text reports it
        key = (hashlib.blake2b(raw, digest_size=16).hexdigest() if raw is not None else None, checked_against)
        entry = self._entries.get(str(path))
        if (entry is None or entry[0] != key) and raw is not None and self._stored is not None:
            data = self._stored(str(path), key)
            entry = self._from_bytes(data, key) if data is not None else None
        if entry is None or entry[0] != key or raw is None:
            sub = Report()
            entry = (key, sub.problems, read(raw, sub))
            self.parsed.add(str(path))
        self._entries[str(path)] = entry
        for problem in entry[1]:
            if problem not in report.problems:
                report.problems.append(problem)
        if entry[2] is None:
            return None
        src_uri, doc, body, front = entry[2]
        meeting = _meeting(src_uri, doc, body)
        meeting.source_digest, meeting.front_digest = key[0], front
        return meeting


def read_text(path: Path, rel: str, report: Report, raw: bytes | None = None) -> str | None:
    """The file as NFC text with "\\n" line ends, or None after reporting why it cannot be read.

    A forbidden character (NUL, a vertical tab from Word…) is reported with its line
    and the file is not read further: YAML and Markdown would fail on it anyway.
    """
    try:
        text = normalise_source((raw if raw is not None else path.read_bytes()).decode("utf-8"))
    except UnicodeDecodeError as exc:
        report.error(rel, 1, "(tệp)", f"tệp không phải UTF-8 (byte lỗi ở vị trí {exc.start}); hãy lưu lại với mã hóa UTF-8")
        return None
    except OSError as exc:
        report.error(rel, 1, "(tệp)", f"không đọc được tệp ({exc.strerror})")
        return None
    bad = list(guards.bad_chars_in_text(text))
    for line, message in bad:
        report.error(rel, line, "(ký tự)", message)
    return None if bad else text


def _check_page(path: Path, docs: Path, root: Path, checker: Checker, report: Report) -> None:
    """Another Markdown page (staff guide, about): front matter within bounds, page keys typed."""
    rel = rel_path(path, root)
    text = read_text(path, rel, report)
    if text is None:
        return
    yaml_text, body, body_line = split_front_matter(text)
    doc = _load_yaml(yaml_text, rel, report, first_line=2) if yaml_text is not None else None
    if doc is not None and isinstance(doc.data, dict):
        src = path.relative_to(docs).as_posix()
        checker.check(S.page_schema(routes.template_of_source(src)), doc, rel, report)
    elif doc is not None and doc.data is not None:
        report.error(rel, 2, "(phần đầu)", "phần đầu phải là một ánh xạ gồm các dòng \"trường: giá trị\" "
                     f"(title: …), nhưng đang là {describe_type(doc.data)}")
    # The same Markdown bounds as a bulletin: a page is converted by the same parser.
    for line, message in guards.markdown_problems(body, body_line):
        report.error(rel, line, "(nội dung)", message)
    for line, name in reference.unknown(text):
        report.error(rel, line, "(bảng)", f"không có bảng \"{name}\"; các bảng tạo từ định dạng: "
                     + ", ".join(reference.NAMES))


def _yaml_error(exc: YamlError, rel: str, report: Report) -> None:
    message = exc.problem if exc.problem.startswith("YAML") else f"YAML không đọc được: {exc.problem}"
    report.error(rel, exc.line, "(YAML)", message)


def _load_yaml(text: str, rel: str, report: Report, first_line: int = 1, *, recover=None) -> Located | None:
    """The document, or None after reporting why it does not parse. ``recover(doc)`` is handed what can
    still be read of a mapping field by field, so that the file's other errors are listed too."""
    try:
        doc = load(text, first_line)
    except YamlError as exc:
        errors = []
        if recover is not None:
            # Field by field, each error stands where its field is (not where the parser gave up), and the
            # other fields are still checked. An alias to another field's anchor is not an error of its own.
            partial, errors = load_blocks(text, first_line)
            errors = [e for e in errors if "alias" not in e.original]
            recover(partial)
        for error in errors or [exc]:
            _yaml_error(error, rel, report)
        return None
    for path, line, first in doc.duplicates:
        report.error(rel, line, path, f"trường hoặc mã \"{path[-1]}\" bị khai báo hai lần (lần đầu ở dòng {first}); chỉ giữ một")
    for path, message in guards.bad_chars_in_value(doc.data):  # from YAML escapes such as "\\x00" or "\\ud800"
        report.error(rel, doc.line(path), path, message)
    return doc


# --- registries -------------------------------------------------------------

def _load_registries(docs: Path, root: Path, report: Report, refused=frozenset()):
    """Each registry is ``data/<name>.yml`` (one mapping from key to entry, the contract's
    form), or a folder ``data/<name>/`` with one ``<key>.yml`` per entry (what the web
    editor writes), or both. Returns the registries and ``(schema, doc, rel)`` to check.
    A file in ``refused`` (a link leaving docs/, reported by the scan) is never read."""
    registries = Registries()
    to_check = []
    for name in S.REGISTRY_ENTRIES:
        path = docs / DATA_DIR / f"{name}.yml"
        folder = docs / DATA_DIR / name
        target = registries.by_name(name)
        seen: dict[str, str] = {}
        if not path.exists() and not folder.is_dir():
            if name in S.OPTIONAL_REGISTRIES:
                continue
            report.error(rel_path(path, root), 1, "(tệp)", f"thiếu {S.REGISTRY_NAMES[name]}: tệp docs/{DATA_DIR}/{name}.yml "
                         f"hoặc thư mục docs/{DATA_DIR}/{name}/ (mỗi mục một tệp)")
            continue
        if path.exists():
            rel = rel_path(path, root)
            doc = _registry_doc(path, rel, report, "danh mục phải là một ánh xạ từ mã đến mục "
                                "(mỗi mục bắt đầu bằng \"ma-muc:\" ở đầu dòng)", refused)
            if doc is not None:
                to_check.append((S.registry_schema(name), doc, rel))
                for key, entry in doc.data.items():
                    seen[key] = f"{rel}:{doc.line((key,))}"
                    if isinstance(entry, dict):
                        target[key] = ENTRY_TYPES[name].from_entry(key, entry)
                        registries.sources[(name, key)] = (rel, doc, (key,))
                    # a non-mapping entry is reported by the schema check and kept out of the model
        for entry_path in sorted(folder.iterdir()) if folder.is_dir() else ():
            rel = rel_path(entry_path, root)
            key = entry_path.stem
            if entry_path.is_dir() or entry_path.suffix != ".yml" or not re.match(S.KEY_PATTERN, key):
                report.error(rel, 1, "(tên tệp)", f"mỗi mục của {S.REGISTRY_NAMES[name]} là một tệp "
                             f"docs/{DATA_DIR}/{name}/<mã>.yml, mã gồm chữ thường không dấu, số và dấu gạch "
                             "ngang (ví dụ le-anh-xuan.yml); tệp này sẽ không được đọc")
                continue
            doc = _registry_doc(entry_path, rel, report, f"tệp phải là một ánh xạ gồm các dòng \"trường: giá trị\" "
                                f"(name: …) của mục \"{key}\"", refused)
            if doc is None:
                continue
            if key in seen:
                report.error(rel, 1, "(mã)", f"mã \"{key}\" đã có ở {seen[key]}; mỗi mã chỉ khai báo một lần")
                continue
            seen[key] = rel
            to_check.append((S.REGISTRY_ENTRIES[name], doc, rel))
            target[key] = ENTRY_TYPES[name].from_entry(key, doc.data)
            registries.sources[(name, key)] = (rel, doc, ())
    return registries, to_check


def _registry_doc(path: Path, rel: str, report: Report, not_mapping: str, refused=frozenset()) -> Located | None:
    if path in refused:
        return None
    size = path.stat().st_size
    if size > guards.MAX_REGISTRY_BYTES:
        report.error(rel, 1, "(tệp)", f"tệp danh mục nặng {guards.size_label(size)}, quá giới hạn "
                     f"{guards.size_label(guards.MAX_REGISTRY_BYTES)}")
        return None
    text = read_text(path, rel, report)
    doc = _load_yaml(text, rel, report) if text is not None else None
    if doc is None:
        return None
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        report.error(rel, doc.first_line, "(toàn bộ)", not_mapping)
        return None
    return doc


# --- bulletins --------------------------------------------------------------

def _read_bulletin(path: Path, docs: Path, root: Path, checker: Checker, report: Report,
                   raw: bytes | None) -> tuple | None:
    """Read and check one bulletin: ``(src_uri, doc, body, front matter digest)`` to build its
    Meeting from, or None when it cannot be read (reported)."""
    rel = rel_path(path, root)
    src_uri = path.relative_to(docs).as_posix()
    text = read_text(path, rel, report, raw)
    if text is None:
        return None
    yaml_text, body, body_line = split_front_matter(text)
    if yaml_text is None:
        _check_file_name(src_uri, rel, None, report)
        if text.startswith("---"):
            report.error(rel, 1, "(phần đầu)", "phần đầu mở bằng \"---\" nhưng không có dòng \"---\" đóng lại: "
                         "thêm một dòng chỉ có \"---\" sau trường cuối cùng, trước nội dung bài")
        else:
            report.error(rel, 1, "(phần đầu)", "bản tin thiếu phần đầu YAML: tệp phải bắt đầu bằng một dòng \"---\", "
                         "tiếp theo là các trường (title, date, kind, chairs…), rồi một dòng \"---\"")
        return None
    # When the front matter does not parse as a whole, the fields that do are still checked (their
    # errors listed with the YAML one); fields that could not be read are not called missing.
    doc = _load_yaml(yaml_text, rel, report, first_line=2, recover=lambda partial: checker.check(
        S.BULLETIN, partial, rel, report, skip_required=True))
    _check_file_name(src_uri, rel, doc, report)
    _check_body(body, body_line, rel, report)
    if MARKER in body:
        line = body_line + body[: body.index(MARKER)].count("\n")
        report.error(rel, line, "(nội dung)", f"nội dung còn chỗ \"{MARKER}\": dán nội dung bài đã đăng vào đó")
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        got = "trống" if doc.data is None else "danh sách" if isinstance(doc.data, list) else describe_type(doc.data)
        report.error(rel, 2, "(phần đầu)", f"phần đầu phải là một ánh xạ gồm các dòng \"trường: giá trị\", "
                     f"nhưng đang là {got}")
        return None
    checker.check(S.BULLETIN, doc, rel, report)
    return src_uri, doc, body, hashlib.blake2b(yaml_text.encode(), digest_size=16).hexdigest()


def _check_body(body: str, body_line: int, rel: str, report: Report) -> None:
    """The bulletin text: within the Markdown limits, and no second front matter block."""
    for line, message in guards.markdown_problems(body, body_line):
        report.error(rel, line, "(nội dung)", message)
    block = _META_BLOCK.match(body)
    if block:
        try:
            second = load(block.group(2))
        except YamlError:
            return  # not YAML: text between two rules, shown as such
        if isinstance(second.data, dict) and second.data:
            line = body_line + body[: block.start(1)].count("\n")
            report.error(rel, line, "(phần đầu thứ hai)", "nội dung bài mở đầu bằng một khối \"---\" thứ hai chứa các "
                         "trường (" + ", ".join(list(map(str, second.data))[:5]) + "); mỗi bản tin chỉ có một phần đầu: "
                         "hãy chuyển các trường này lên phần đầu. Nếu đây là nội dung bài, hãy dùng *** thay cho --- "
                         "để kẻ đường ngang")


def describe_type(value) -> str:
    return {str: "một chuỗi văn bản", int: "một số"}.get(type(value), type(value).__name__)


def _check_file_name(src_uri: str, rel: str, doc: Located | None, report: Report) -> None:
    parts = src_uri.split("/")
    stem = parts[-1][:-3]
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    date = values.date(data.get("date"))
    title = data.get("title") if isinstance(data.get("title"), str) else None
    expected = bulletin_src_uri(date, title) if date is not None else None
    if not _FILE_NAME.match(stem):
        hint = f" Ví dụ: docs/{expected}" if expected else ""
        report.error(rel, 1, "(tên tệp)", "tên tệp phải có dạng YYYY-MM-DD-ten-khong-dau.md (hoặc YYYY-ten.md khi chỉ "
                     f"biết năm), chỉ gồm chữ thường không dấu, số và dấu gạch ngang, vì nó tạo ra địa chỉ trang.{hint}")
        return
    if date is None:
        return
    year_dir = parts[1] if len(parts) == 3 else None
    file_date = stem[:10] if _FILE_NAME.match(stem).group(2) else stem[:4]
    want = date_prefix(date)
    if year_dir != str(date.year) or file_date != want:
        report.warning(rel, doc.line(("date",)), "date",
                       f"tệp nên nằm ở docs/{MEETINGS_DIR}/{date.year}/ và tên bắt đầu bằng {want} cho khớp ngày họp "
                       f"{date.iso}; đổi tên tệp sẽ đổi địa chỉ trang, nên chỉ đổi trước khi đăng")



def _links(value) -> list[Link]:
    return [Link(url=item.get("url"), title=values.text(item.get("title")))
            for item in (value if isinstance(value, list) else [])
            if isinstance(item, dict) and isinstance(item.get("url"), str)]


def _meeting(src_uri: str, doc: Located, body: str) -> Meeting | None:
    data = doc.data
    date = values.date(data.get("date"))
    published = None
    if isinstance(data.get("published"), str):
        try:
            published = parse_datetime(data["published"])
        except ValueError:
            pass  # reported by the schema check
    chairs = [Chair(person_key=c.get("person"), role=values.text(c.get("role")))
              for c in (data.get("chairs") if isinstance(data.get("chairs"), list) else [])
              if isinstance(c, dict) and isinstance(c.get("person"), str)]
    meeting = Meeting(
        src_uri=src_uri, title=values.text(data.get("title")) or src_uri,
        # An unparsable date is reported by the schema check and stops the build; the
        # placeholder keeps the bulletin in the cross-file checks so all errors show at once.
        date=date or PartialDate(1), date_valid=date is not None,
        kind_key=values.text(data.get("kind")) or "", chairs=chairs, body=body,
        date_note=values.text(data.get("date_note")), time=values.text(data.get("time")),
        session=values.choice(data.get("session"), S.SESSIONS),
        status_declared=values.choice(data.get("status"), S.MEETING_STATUSES),
        location=values.text(data.get("location")), organization_keys=values.texts(data.get("organizations")),
        topic_keys=values.texts(data.get("topics")), published=published, author=values.text(data.get("author")),
        sources=_links(data.get("sources")),
        extra_meta={k: data[k] for k in S.MKDOCS_PAGE_KEYS if k in data},
        locate=doc.line, data=data,
    )
    for chair in chairs:
        chair.meeting = meeting
    for index, item in enumerate(data.get("commitments") if isinstance(data.get("commitments"), list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            meeting.commitments.append(Commitment(
                id=item["id"], text=values.text(item.get("text")) or "", owner_keys=values.texts(item.get("owners")),
                partner_keys=values.texts(item.get("partners")), place_keys=values.texts(item.get("places")),
                due=values.date(item.get("due")),
                status_declared=values.choice(item.get("status"), S.COMMITMENT_STATUSES),
                meeting=meeting, line=doc.line(("commitments", index)), data=item))
    for index, item in enumerate(data.get("reviews") if isinstance(data.get("reviews"), list) else []):
        if isinstance(item, dict) and isinstance(item.get("commitment"), str):
            status = values.choice(item.get("status"), S.COMMITMENT_STATUSES)
            meeting.reviews.append(Review(
                commitment_id=item["commitment"], status=status, meeting=meeting,
                note=values.text(item.get("note")), evidence=_links(item.get("evidence")),
                owner_keys=values.texts(item.get("owners")),
                line=doc.line(("reviews", index)), data=item))
    return meeting


# --- checks across files ----------------------------------------------------

def _cross_check(site: Site, root: Path, docs: Path, report: Report) -> None:
    def rel(meeting):
        return rel_path(docs / meeting.src_uri, root)

    consistency.check_registries(site.registries, report)
    consistency.check_meetings(site, rel, report)

    keys = {}
    for meeting in site.meetings:
        # The file name is the meeting's id in calendars (UID), data and previews.
        first = keys.setdefault(meeting.key, meeting)
        if first is not meeting:
            report.error(rel(meeting), 1, "(tên tệp)",
                         f"tên tệp \"{meeting.key}.md\" đã dùng cho {rel(first)}; tên tệp là mã của hội nghị trong "
                         "lịch và dữ liệu mở nên phải khác nhau trên toàn trang: hãy đổi tên một trong hai tệp")
    made = {}
    for meeting in site.meetings:
        for index, commitment in enumerate(meeting.commitments):
            if commitment.id in made:
                first = made[commitment.id]
                report.error(rel(meeting), commitment.line, ("commitments", index, "id"),
                             f"mã cam kết \"{commitment.id}\" đã được dùng ở {rel(first.meeting)}:{first.line}; "
                             "mỗi cam kết cần một mã riêng, không dùng lại")
            else:
                made[commitment.id] = commitment
    for meeting in site.meetings:
        reviewed = {}
        for index, review in enumerate(meeting.reviews):
            target = made.get(review.commitment_id)
            field = ("reviews", index, "commitment")
            if review.commitment_id in reviewed:
                report.error(rel(meeting), review.line, field,
                             f"cam kết \"{review.commitment_id}\" được rà soát hai lần trong bản tin này (lần đầu ở "
                             f"dòng {reviewed[review.commitment_id]}); một hội nghị chỉ báo cáo một trạng thái cho mỗi "
                             "cam kết: hãy gộp thành một mục")
                continue
            reviewed[review.commitment_id] = review.line
            if target is None:
                report.error(rel(meeting), review.line, field,
                             f"không có cam kết nào mang mã \"{review.commitment_id}\".{suggestion(review.commitment_id, made)}"
                             " Chỉ rà soát được cam kết đã ghi ở một bản tin trước")
            elif meeting.date_valid and target.meeting.date_valid \
                    and meeting.date.end < target.meeting.date.start:
                report.error(rel(meeting), review.line, field,
                             f"hội nghị này ({meeting.date.short_vi()}) diễn ra trước hội nghị đưa ra cam kết "
                             f"\"{review.commitment_id}\" ({target.meeting.date.short_vi()}, {rel(target.meeting)}); "
                             "chỉ rà soát được cam kết đã có từ trước")


# --- the memo on disk: checked YAML as JSON, dates tagged ------------------------------------

class _Unencodable(Exception):
    pass


_TAG = "\x00"  # a key no YAML mapping of a bulletin holds: the loader refuses control characters


def _encode(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return {_TAG: "f", "v": repr(value)}
    if isinstance(value, dt.datetime):
        return {_TAG: "dt", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {_TAG: "d", "v": value.isoformat()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, tuple):
        return {_TAG: "t", "v": [_encode(v) for v in value]}
    if isinstance(value, dict):
        if all(type(k) is str and k != _TAG for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {_TAG: "m", "v": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise _Unencodable(type(value).__name__)


def _paths(table: dict) -> dict:
    """A table by YAML path (a tuple of keys and indexes), e.g. ``Located.lines``."""
    if not all(type(p) is tuple and all(type(k) in (str, int) for k in p) for p in table):
        raise _Unencodable("path")
    return {_TAG: "p", "v": [[list(p), _encode(v)] for p, v in table.items()]}


def _tagged(obj: dict):
    """json.loads' object_hook: each tagged object back to its value (inner ones first)."""
    tag = obj.get(_TAG)
    if tag is None:
        return obj
    inner = obj["v"]
    if tag == "f":
        return float(inner)
    if tag == "dt":
        return dt.datetime.fromisoformat(inner)
    if tag == "d":
        return dt.date.fromisoformat(inner)
    if tag == "t":
        return tuple(inner)
    if tag == "m":
        return {_hashable(k): v for k, v in inner}
    if tag == "p":
        return {tuple(p): v for p, v in inner}
    raise _Unencodable(tag)


def _hashable(key):
    if isinstance(key, (list, dict)):
        raise _Unencodable("key")
    return key


def _located_parts(doc: Located) -> list:
    return [_encode(doc.data), _paths(doc.lines), _paths(doc.raw), [_encode(tuple(d)) for d in doc.duplicates],
            _paths(doc.tags), doc.first_line]


def _located(parts) -> Located:
    data, lines, raw, duplicates, tags, first_line = parts
    if not (isinstance(lines, dict) and isinstance(raw, dict) and isinstance(tags, dict) and isinstance(first_line, int)):
        raise _Unencodable("located")
    return Located(data, lines, raw, [tuple(d) for d in duplicates], tags, first_line)
