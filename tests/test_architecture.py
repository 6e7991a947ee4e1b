"""Rules of the house that `lint-imports` (the layers in pyproject.toml) does not see: no import
of a project module inside a function to dodge a cycle, and no import cycle at all."""

from __future__ import annotations

import ast
import pathlib

import grimp

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROJECT = ("buskerud_sp", "lokallag", "medlemmer", "aktiviteter")


def _python_files():
    for package in PROJECT:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _is_project(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        name = "." * node.level + (node.module or "")
        return [name] if node.level or name.split(".")[0] in PROJECT else []
    return [a.name for a in node.names if a.name.split(".")[0] in PROJECT]


def _allowed(path: pathlib.Path, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    # AppConfig.ready runs once the app registry is loaded: that is where the apps register
    # into the layers below them, and the one place Django wants imports at run time.
    return path.name == "apps.py" and function.name == "ready"


def test_no_project_import_inside_a_function():
    found = []
    for path in _python_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if _allowed(path, function):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    found += [
                        f"{path.relative_to(ROOT)}:{node.lineno} {function.name}(): {name}"
                        for name in _is_project(node)
                    ]
    assert not found, "imports inside functions (move them up; fix the layers):\n" + "\n".join(
        sorted(set(found))
    )


def test_no_import_cycle():
    """Every module-level import runs one way: no module reaches itself through its imports
    (a cycle that the layers contracts, which compare packages, would not see inside one)."""
    graph = grimp.build_graph(*PROJECT, include_external_packages=False, cache_dir=None)
    cycles = []
    for importer in sorted(graph.modules):
        if ".migrations." in importer:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported == importer or ".migrations." in imported:
                continue
            if graph.chain_exists(imported=importer, importer=imported):
                cycles.append(f"{importer} -> {imported}")
    assert not cycles, "import cycles:\n" + "\n".join(cycles)
