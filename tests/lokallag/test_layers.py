"""lokallag is the lowest app layer: it imports neither medlemmer nor aktiviteter (it asks
through lokallag/providers.py), it hides no import inside a function, and its two homes of
models do not import each other in a circle (the organisation knows nothing of the
follow-up). Importing the follow-up's models first works as well as importing the app's."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
APP = ROOT / "lokallag"


def _modules() -> list[Path]:
    return [p for p in APP.rglob("*.py") if "migrations" not in p.relative_to(APP).parts]


def _package(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts if path.name == "__init__.py" else parts[:-1])


def _imported(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = package.split(".")[: len(package.split(".")) - node.level + 1]
        module = ".".join([*base, node.module] if node.module else base)
    else:
        module = node.module or ""
    return [module, *(f"{module}.{alias.name}" for alias in node.names)]


def _imports(path: Path) -> list[tuple[ast.stmt, list[str]]]:
    tree = ast.parse(path.read_text())
    return [
        (node, _imported(node, _package(path)))
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]


def test_the_check_reads_relative_imports():
    node = ast.parse("from ..models import Lokallag").body[0]
    assert _imported(node, "lokallag.oppfolging")[0] == "lokallag.models"
    node = ast.parse("from .organisasjon import Niva").body[0]
    assert _imported(node, "lokallag.models")[0] == "lokallag.models.organisasjon"


def test_lokallag_imports_neither_medlemmer_nor_aktiviteter():
    offenders = {
        f"{path.relative_to(ROOT)}:{node.lineno}": names[0]
        for path in _modules()
        for node, names in _imports(path)
        if any(name.split(".")[0] in ("medlemmer", "aktiviteter") for name in names)
    }
    assert offenders == {}


def test_lokallag_imports_only_at_the_top_of_a_module():
    offenders = []
    for path in _modules():
        tree = ast.parse(path.read_text())
        top = {id(node) for node in tree.body}
        offenders += [
            f"{path.relative_to(ROOT)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top
        ]
    assert offenders == []


def test_the_organisation_knows_nothing_of_the_follow_up():
    names = [n for _, found in _imports(APP / "models" / "organisasjon.py") for n in found]
    assert not [n for n in names if n.startswith("lokallag.oppfolging")]
    # The follow-up's models build on the organisation's module, not on the package that
    # registers them both.
    names = [n for _, found in _imports(APP / "oppfolging" / "models.py") for n in found]
    assert "lokallag.models.organisasjon" in names
    assert "lokallag.models" not in names


FOLLOW_UP_FIRST = """
import importlib
import django
from lokallag.apps import LokallagConfig

original = LokallagConfig.import_models

def follow_up_first(self):
    importlib.import_module("lokallag.oppfolging.models")
    original(self)

LokallagConfig.import_models = follow_up_first
django.setup()
from django.apps import apps
print(" ".join(sorted(m.__name__ for m in apps.get_app_config("lokallag").get_models())))
"""


def test_importing_the_follow_up_models_first_registers_every_model():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "buskerud_sp.settings_test",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", FOLLOW_UP_FIRST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "Besok",
        "Distrikt",
        "Lokallag",
        "Medieoppslag",
        "Medvert",
        "Oppfolging",
        "Verv",
    ]
