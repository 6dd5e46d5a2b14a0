"""The shape the README promises: the domain (hooks/portal/) imports nothing from MkDocs, its
modules import each other without a cycle, and its subpackages import only downward:

    contract < content < outputs < site;  importer and editor stand beside site, on content.

The MkDocs glue (hooks/portal_mkdocs/) may import the domain, never the reverse.
"""

from __future__ import annotations

import ast
from pathlib import Path

HOOKS = Path(__file__).resolve().parent.parent / "hooks"
PORTAL = HOOKS / "portal"
# Each concern and the concerns it may import (besides itself).
LAYERS = {
    "contract": set(),
    "content": {"contract"},
    "outputs": {"contract", "content"},
    "site": {"contract", "content", "outputs"},
    "importer": {"contract", "content"},
    "editor": {"contract", "content", "outputs", "site"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(HOOKS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(package: Path = PORTAL) -> dict[str, set[str]]:
    """Module (dotted) -> the modules it imports: portal modules by name, MkDocs as "<mkdocs>"."""
    graph = {}
    for path in package.rglob("*.py"):
        name = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = name.split(".")[: -node.level + (1 if path.name == "__init__.py" else 0) or None]
                module = ".".join(base + ([node.module] if node.module else []))
                names.update([module] if node.module else [f"{module}.{a.name}" for a in node.names])
            elif isinstance(node, ast.ImportFrom):
                names.add(node.module)
                names.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
        graph[name] = {"<mkdocs>" if n.split(".")[0] == "mkdocs" else n for n in names}
    return graph


def _portal_graph() -> dict[str, set[str]]:
    graph = _imports()
    return {m: {n for n in names if n in graph} for m, names in graph.items()}


def test_the_domain_imports_nothing_from_mkdocs():
    graph = _imports()
    assert len(graph) > 30
    assert [m for m, names in graph.items() if "<mkdocs>" in names] == []


def test_every_module_is_in_a_concern():
    loose = [m for m in _imports() if m.count(".") == 1 and m.split(".")[1] not in LAYERS and m != "portal"]
    assert loose == [], "a module of hooks/portal/ outside the subpackages by concern"
    assert {p.name for p in PORTAL.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(LAYERS)


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    seen, stack, cycles = set(), [], []

    def visit(module):
        if module in stack:
            cycles.append(stack[stack.index(module):] + [module])
            return
        if module in seen:
            return
        seen.add(module)
        stack.append(module)
        for other in sorted(graph.get(module, ())):
            visit(other)
        stack.pop()

    for module in sorted(graph):
        visit(module)
    return cycles


def test_no_import_cycle_between_portal_modules():
    assert find_cycles(_portal_graph()) == []


def upward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    def concern(module):
        parts = module.split(".")
        return parts[1] if len(parts) > 2 else None
    return sorted((m, n) for m, names in graph.items() for n in names
                  if concern(m) and concern(n) and concern(n) != concern(m) and concern(n) not in LAYERS[concern(m)])


def test_concerns_import_only_downward():
    assert upward_imports(_portal_graph()) == []


def test_the_domain_never_imports_the_glue():
    assert [m for m, names in _imports().items() if any(n.startswith("portal_mkdocs") for n in names)] == []


def test_the_checks_can_fail():
    # a cycle, and an arrow from the contract up to the site
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert upward_imports({"portal.contract.x": {"portal.site.pages"}, "portal.site.pages": set()}) == [
        ("portal.contract.x", "portal.site.pages")]
