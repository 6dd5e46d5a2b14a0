"""The shape the README promises: a domain without MkDocs and without import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

PORTAL = Path(__file__).resolve().parent.parent / "hooks" / "portal"


def _imports() -> dict[str, set[str]]:
    """Module -> the portal modules it imports (relative imports, at any depth of the file)."""
    graph = {}
    for path in PORTAL.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    names.add(node.module.split(".")[0])
                else:
                    names.update(alias.name for alias in node.names)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                module = node.module if isinstance(node, ast.ImportFrom) else None
                for name in [module] if module else [a.name for a in node.names]:
                    if name and name.split(".")[0] == "mkdocs":
                        names.add("<mkdocs>")
        graph[path.stem] = names
    return graph


def test_the_domain_imports_nothing_from_mkdocs():
    graph = _imports()
    assert len(graph) > 20
    assert [m for m, names in graph.items() if "<mkdocs>" in names] == []


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
    imports = _imports()
    assert find_cycles({m: {n for n in names if n in imports} for m, names in imports.items()}) == []


def test_the_cycle_check_finds_a_cycle():
    # the cycle the redesign removed: pages -> export_schemas -> exports -> pages
    graph = {"pages": {"export_schemas"}, "export_schemas": {"exports"}, "exports": {"pages", "model"}, "model": set()}
    assert find_cycles(graph) == [["export_schemas", "exports", "pages", "export_schemas"]]
