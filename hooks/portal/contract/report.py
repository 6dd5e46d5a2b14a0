"""Problems found in content, reported all at once as ``path:line: field: message``."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "lỗi"
WARNING = "cảnh báo"


def field_label(path) -> str:
    """``("commitments", 1, "owners", 0)`` -> ``commitments[2].owners[1]`` (1-based, as staff count)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(toàn bộ)"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    level: str = ERROR

    def format(self) -> str:
        prefix = "" if self.level == ERROR else f"{WARNING}: "
        text = f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}"
        return text.replace("\n", "\\n")  # one problem per line, whatever a value held


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, fieldpath, message: str) -> None:
        self._add(path, line, fieldpath, message, ERROR)

    def warning(self, path: str, line: int, fieldpath, message: str) -> None:
        self._add(path, line, fieldpath, message, WARNING)

    def _add(self, path, line, fieldpath, message, level):
        label = fieldpath if isinstance(fieldpath, str) else field_label(fieldpath)
        problem = Problem(path, line, label, message, level)
        if problem not in self.problems:
            self.problems.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.problems if p.level == ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.problems if p.level == WARNING)

    def format(self) -> str:
        lines = [p.format() for p in self.errors + self.warnings]
        counts = f"{len(self.errors)} lỗi, {len(self.warnings)} cảnh báo"
        return "\n".join(lines + [counts])
