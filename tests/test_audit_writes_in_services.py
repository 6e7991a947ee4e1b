"""Audit entries for changes are written by the services that make them, never by views:
no module under */views/ or named views.py imports the audit trail's write API. Views record
reads of member data through ``buskerud_sp.core.audit_reads`` only."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("buskerud_sp", "lokallag", "medlemmer", "aktiviteter")
AUDIT = "buskerud_sp.core.audit"
# What a view may take from the audit module: nothing that appends to or changes the chain.
READ_ONLY = {"client_ip", "entry_problem", "latest_check", "AuditContext"}


def _view_modules() -> list[Path]:
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).parts
            if "views" in parts[:-1] or path.name == "views.py":
                found.append(path)
    return found


def _package(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).parent.parts)


def _absolute(module: str | None, level: int, package: str) -> str:
    if not level:
        return module or ""
    base = package.split(".")[: len(package.split(".")) - level + 1]
    return ".".join([*base, module] if module else base)


def _write_imports(source: str, package: str) -> list[str]:
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name == AUDIT]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node.module, node.level, package)
            for alias in node.names:
                if module == AUDIT and alias.name not in READ_ONLY:
                    found.append(f"{module}.{alias.name}")
                elif f"{module}.{alias.name}" == AUDIT:
                    found.append(AUDIT)
    return found


def test_the_check_finds_the_view_modules():
    names = {str(p.relative_to(ROOT)) for p in _view_modules()}
    assert {"medlemmer/views.py", "lokallag/views.py", "buskerud_sp/views.py"} <= names
    # Every slice of aktiviteter has its views (a module or a package).
    for slice_ in ("aktivitet", "studier", "datoplan", "paaminnelser", "dashbord"):
        assert any(name.startswith(f"aktiviteter/{slice_}/views") for name in names), slice_
    assert "lokallag/oppfolging/views.py" in names


def test_the_check_sees_a_write_import_and_lets_reads_pass():
    assert _write_imports("from buskerud_sp.core import audit", "lokallag") == [AUDIT]
    assert _write_imports("from ..core import audit", "buskerud_sp.views") == [AUDIT]
    assert _write_imports("from .core.audit import log", "buskerud_sp") == [f"{AUDIT}.log"]
    assert _write_imports("import buskerud_sp.core.audit", "medlemmer") == [AUDIT]
    assert _write_imports("from buskerud_sp.core.audit import client_ip", "lokallag") == []
    assert _write_imports("from buskerud_sp.core import audit_reads", "medlemmer") == []


def test_no_view_imports_the_audit_write_api():
    offenders = {
        str(path.relative_to(ROOT)): imports
        for path in _view_modules()
        if (imports := _write_imports(path.read_text(), _package(path)))
    }
    assert offenders == {}, (
        "Views write audit entries only for reads (buskerud_sp.core.audit_reads); the service "
        f"that changes data writes its entry: {offenders}"
    )
