"""Safe YAML loading that remembers where every value came from.

PyYAML's ``safe_load`` forgets line numbers and silently keeps the last of two
equal keys. Staff need errors that name the line, and a registry entry written
twice must not vanish, so we compose the node tree with the safe loader and
build plain Python values ourselves, recording for each path its line and the
scalar exactly as written.

A path is a tuple of mapping keys (str) and sequence indexes (int).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from portal.contract.guards import MAX_ALIAS_NODES, MAX_YAML_DEPTH

Path = tuple

# libyaml's parser when PyYAML was built with it (10x faster on large archives); the
# node tree, tags and marks are the same as the pure-Python safe loader's.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
_SEXAGESIMAL = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class YamlError(Exception):
    """YAML that does not parse; ``line`` is 1-based in the source file."""

    def __init__(self, line: int, problem: str, original: str = ""):
        super().__init__(problem)
        self.line = line
        self.problem = problem
        self.original = original  # the parser's own words, for the code only (staff read ``problem``)


@dataclass
class Located:
    """Loaded YAML with per-path line numbers and raw scalar text."""

    data: object
    lines: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)
    duplicates: list = field(default_factory=list)  # (path, line, first_line)
    tags: dict = field(default_factory=dict)  # path -> an application tag kept as text (foreign_tags)
    first_line: int = 1

    def line(self, path: Path) -> int:
        """Line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), self.first_line)


def load(text: str, first_line: int = 1, *, foreign_tags: bool = False) -> Located:
    """Load one YAML document; ``first_line`` is the file line of its first line.

    ``foreign_tags``: a value written with an application tag (mkdocs.yml's ``!ENV``,
    ``!!python/name:…``) is kept as its plain text and its tag recorded in ``tags``, never
    constructed; otherwise such a tag is an error."""
    offset = first_line - 1
    try:
        # Bounds first, on the event stream (iterative, no alias expansion): the composer
        # recurses once per nesting level, in C with libyaml.
        nodes = _prescan(text, offset)
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in str(exc.problem):
            mark = exc.context_mark  # a quote or bracket never closed: where it was opened
        line = (mark.line + 1 + offset) if mark else first_line
        problem = _describe(exc)
        if exc.context_mark is not None and exc.context_mark.line + 1 + offset != line:
            problem += f"; bắt đầu từ dòng {exc.context_mark.line + 1 + offset}"
        raise YamlError(line, problem, str(exc)) from None
    except yaml.YAMLError:  # e.g. ReaderError: a character YAML refuses, with no line
        raise YamlError(first_line, UNKNOWN_PROBLEM) from None
    located = Located(data=None, first_line=first_line)
    located.foreign_tags = foreign_tags
    if node is None:
        return located
    constructor = yaml.SafeLoader("")
    budget = _Budget(nodes + MAX_ALIAS_NODES)
    try:
        located.data = _build(node, (), located, constructor, offset, budget, set())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in str(exc.problem):
            mark = exc.context_mark  # a quote or bracket never closed: where it was opened
        raise YamlError((mark.line + 1 + offset) if mark else first_line, _describe(exc)) from None
    return located


class _Budget:
    """How many more values may be built: the file's own nodes plus what aliases may repeat."""

    def __init__(self, left: int):
        self.left = left


def _prescan(text: str, offset: int) -> int:
    """Refuse nesting deeper than MAX_YAML_DEPTH; return the number of nodes written in the file.

    A syntax error stops the scan quietly: composing reports it with PyYAML's message,
    and everything before it is known to be shallow enough to compose.
    """
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=_COMPOSER):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                nodes += 1
                if depth > MAX_YAML_DEPTH:
                    raise YamlError(event.start_mark.line + 1 + offset,
                                    f"lồng quá sâu: tối đa {MAX_YAML_DEPTH} cấp danh sách, ánh xạ lồng nhau")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent):
                nodes += 1
    except yaml.MarkedYAMLError:
        pass
    return nodes


def _compose(text: str):
    try:
        return yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError:
        if _COMPOSER is yaml.SafeLoader:
            raise
    # Parse again with the pure-Python parser: its messages are the ones our hints know.
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _build(node, path, located, constructor, offset, budget, ancestors):
    line = node.start_mark.line + 1 + offset
    budget.left -= 1
    if budget.left < 0:
        # A "billion laughs" document: a few aliases that would repeat gigabytes of values.
        raise YamlError(line, f"bí danh (*tên) lặp lại quá nhiều giá trị: tối đa {MAX_ALIAS_NODES} giá trị "
                              "lặp lại trong một tệp; hãy viết các giá trị ra thay vì dùng &neo và *bí danh")
    if id(node) in ancestors:
        raise YamlError(line, "bí danh (*tên) tham chiếu đến chính mục chứa nó, tạo vòng lặp vô tận")
    if len(path) > MAX_YAML_DEPTH:
        raise YamlError(line, f"lồng quá sâu: tối đa {MAX_YAML_DEPTH} cấp danh sách, ánh xạ lồng nhau")
    if node.tag not in _PLAIN_TAGS:
        if not getattr(located, "foreign_tags", False):
            # Safe loading: application tags such as !!python/object are refused, never run.
            raise YamlError(line, f"thẻ YAML \"{node.tag}\" không được phép")
        located.tags[path] = node.tag
        node = _untagged(node)
    located.lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        result = {}
        seen = {}
        inner = ancestors | {id(node)}
        for key_node, value_node in node.value:
            key = _scalar(key_node, constructor)
            key = "" if key is None else str(key)
            key_line = key_node.start_mark.line + 1 + offset
            child = path + (key,)
            if key in seen:
                located.duplicates.append((child, key_line, seen[key]))
                continue
            seen[key] = key_line
            located.lines[child] = key_line
            result[key] = _build(value_node, child, located, constructor, offset, budget, inner)
        return result
    if isinstance(node, yaml.SequenceNode):
        inner = ancestors | {id(node)}
        return [
            _build(item, path + (index,), located, constructor, offset, budget, inner)
            for index, item in enumerate(node.value)
        ]
    located.raw[path] = node.value
    return _scalar(node, constructor)


def _untagged(node):
    """The same node read as plain YAML (its text, or its items), its tag forgotten."""
    if isinstance(node, yaml.ScalarNode):
        return yaml.ScalarNode("tag:yaml.org,2002:str", node.value, node.start_mark, node.end_mark)
    cls = type(node)
    tag = "tag:yaml.org,2002:map" if isinstance(node, yaml.MappingNode) else "tag:yaml.org,2002:seq"
    return cls(tag, node.value, node.start_mark, node.end_mark)


def _scalar(node, constructor):
    if not isinstance(node, yaml.ScalarNode):
        # A mapping or list used as a key: keep its text so the error can show it.
        return yaml.serialize(node).strip()
    if node.tag in _SEXAGESIMAL and ":" in node.value:
        # YAML 1.1 reads an unquoted 14:00 as the number 840; staff mean a time.
        return node.value
    if node.tag == _TIMESTAMP:
        # Keep dates as written: "2020-02-12" stays a string that our own
        # parser checks, so "2020-02" and "2020" are handled alike.
        return node.value
    try:
        return constructor.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError) as exc:
        # "!!int abc", or a number of more than 4,300 digits (Python's limit)
        raise yaml.constructor.ConstructorError(
            None, None, f"giá trị \"{node.value[:40]}\" không đọc được: nếu là văn bản, hãy đặt trong ngoặc kép",
            node.start_mark) from None


# What PyYAML's problems mean for a person typing front matter, in Vietnamese (the parser's English
# is never shown to staff). First match wins.
_HINTS = (
    ("while scanning a quoted scalar", "chuỗi mở ngoặc kép nhưng chưa đóng: thêm dấu \" ở cuối giá trị"),
    ("found unexpected end of stream", "thiếu dấu ngoặc kép đóng hoặc dấu ngoặc ] } đóng ở cuối giá trị"),
    ("found unknown escape character", "dấu \\ trong ngoặc kép: viết hai dấu \\\\ hoặc bỏ dấu \\"),
    ("mapping values are not allowed here",
     "có dấu hai chấm \": \" trong một giá trị: hãy đặt cả giá trị trong ngoặc kép"),
    ("could not find expected ':'", "thiếu dấu hai chấm sau tên trường, hoặc thiếu ngoặc kép đóng"),
    ("found character '\\t'", "không dùng phím Tab để thụt lề: hãy dùng dấu cách"),
    ("cannot start any token", "giá trị bắt đầu bằng một ký tự đặc biệt (@, `, %…): hãy đặt cả giá trị trong ngoặc kép"),
    ("expected ',' or ']'", "danh sách trong ngoặc vuông thiếu dấu phẩy giữa các mục hoặc thiếu dấu ] đóng"),
    ("expected ',' or '}'", "ánh xạ trong ngoặc nhọn thiếu dấu phẩy hoặc thiếu dấu } đóng"),
    ("expected <block end>, but found", "thụt lề không đều: các trường cùng cấp phải thẳng cột"),
    ("did not find expected key", "thụt lề không đều hoặc thiếu ngoặc kép đóng"),
    ("did not find expected '-' indicator", "các mục của danh sách phải thẳng cột, mỗi mục bắt đầu bằng \"- \""),
    ("found undefined alias", "không dùng ký tự * ở đầu giá trị: hãy đặt giá trị trong ngoặc kép"),
    ("while scanning an anchor", "không dùng ký tự & ở đầu giá trị: hãy đặt giá trị trong ngoặc kép"),
    ("while scanning an alias", "không dùng ký tự * ở đầu giá trị: hãy đặt giá trị trong ngoặc kép"),
    ("expected a single document", "có một dòng \"---\" thừa ở giữa phần đầu: xóa dòng đó"),
    ("while scanning a block scalar", "dấu | hoặc > ở đầu giá trị: hãy đặt cả giá trị trong ngoặc kép"),
    ("while scanning a directive", "dòng bắt đầu bằng %: hãy đặt cả giá trị trong ngoặc kép"),
    ("found duplicate anchor", "một neo &tên được đặt hai lần: bỏ các ký tự & trong giá trị"),
)
UNKNOWN_PROBLEM = "YAML không đọc được ở đây: kiểm tra thụt lề (dấu cách, không dùng Tab), dấu hai chấm sau tên trường và dấu ngoặc kép"


def _describe(exc: yaml.MarkedYAMLError) -> str:
    original = "; ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
    if not original.isascii():
        return original  # one of ours, already in Vietnamese
    return next((hint for needle, hint in _HINTS if needle in original), UNKNOWN_PROBLEM)


_TOP_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*[ \t]*:(?:[ \t]|$)")


def load_blocks(text: str, first_line: int = 1) -> tuple[Located, list[YamlError]]:
    """What can still be read of a mapping that does not parse as a whole: each top-level field
    (a line starting at column 0 with ``name:`` and the lines under it) loaded on its own. Returns
    the fields that parse, with their lines, and the error of each field that does not."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if _TOP_KEY.match(line)]
    located = Located(data={}, first_line=first_line)
    errors: list[YamlError] = []
    if not starts or starts[0] != 0 and any(l.strip() and not l.lstrip().startswith("#") for l in lines[:starts[0]]):
        starts = [0] + starts
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        chunk = "\n".join(lines[start:end]) + "\n"
        try:
            part = load(chunk, first_line + start)
        except YamlError as exc:
            errors.append(exc)
            continue
        if not isinstance(part.data, dict):
            continue
        for key, value in part.data.items():
            if key not in located.data:
                located.data[key] = value
        for path, line in part.lines.items():
            if path:
                located.lines.setdefault(path, line)
        for path, raw in part.raw.items():
            located.raw.setdefault(path, raw)
    return located, errors


def split_front_matter(text: str):
    """Split a Markdown source into (front matter text or None, body, body's first line)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    yaml_text = match.group(1) or ""
    body = text[match.end():]
    body_line = text[: match.end()].count("\n") + 1
    return yaml_text, body, body_line
