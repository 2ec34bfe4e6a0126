"""The architecture, held by tests (the layers themselves are import-linter contracts in
pyproject.toml, run by `make lint`; see docs/decisions.md "The layers, enforced")."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import teekond

SRC = Path(teekond.__file__).parent
ROOT = SRC.parent.parent


def _app(module: str) -> str:
    """The app (top-level package or module of teekond) a dotted module name belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "teekond" else ""


# Django's model API is public despite the underscore.
DJANGO_PUBLIC = {"_meta", "_default_manager", "_base_manager", "_state"}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in DJANGO_PUBLIC


def private_imports_across_apps(root: Path = SRC) -> list[str]:
    """Every place where one app uses another app's private (``_x``) name: ``from
    teekond.a.m import _x``, ``from teekond.a import _m``, ``import teekond.a._m`` and
    ``m._x`` on a module ``m`` imported from another app."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        relative = path.relative_to(root.parent).with_suffix("")
        here = _app(".".join(relative.parts))
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        foreign_modules: set[str] = set()  # local names bound to another app's modules
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                app = _app(node.module)
                if not app or app == here:
                    continue
                if any(_private(part) for part in node.module.split(".")):
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.module}")
                for alias in node.names:
                    if _private(alias.name):
                        found.append(
                            f"{path.relative_to(root)}:{node.lineno} {node.module}.{alias.name}"
                        )
                    foreign_modules.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    app = _app(alias.name)
                    if app and app != here and any(_private(p) for p in alias.name.split(".")):
                        found.append(f"{path.relative_to(root)}:{node.lineno} {alias.name}")
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in foreign_modules
                and _private(node.attr)
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_no_app_uses_another_apps_private_names():
    assert private_imports_across_apps() == []


def test_the_check_finds_a_private_import(tmp_path):
    package = tmp_path / "teekond"
    (package / "research").mkdir(parents=True)
    (package / "research" / "views.py").write_text(
        "from teekond.journeys.services import _warnings, ordered_steps\n"
        "from teekond.journeys import services\n"
        "from teekond.research.services import _own\n"
        "services._conflict()\n"
    )
    assert private_imports_across_apps(package) == [
        "research/views.py:1 teekond.journeys.services._warnings",
        "research/views.py:4 services._conflict",
    ]


@pytest.mark.skipif(
    not shutil.which("lint-imports", path=str(Path(sys.executable).parent)),
    reason="import-linter not installed",
)
def test_the_import_contracts_hold():
    """The same check `make lint` runs, so a pytest run alone also catches a broken layer."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]


# Left where they are on purpose: research/services.py is being split by others, and the
# notifications move to core (h3). Delete an entry when its file follows accounts.access.
ACCESS_NOT_YET_MOVED: set[str] = set()


def test_what_a_user_may_see_is_answered_in_accounts_access_only():
    """The membership filter is written once (``accounts.access.visible``); the apps build
    their queryset helpers on it instead of repeating it."""
    found = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        and "memberships__user" in path.read_text(encoding="utf-8")
    )
    assert set(found) - ACCESS_NOT_YET_MOVED == set()
