"""The layout rules that import-linter cannot check (docs/architecture.md):
permission checks live only in the policy modules, and modules stay small."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "indices", "inspections", "cchc_site")


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _may_ask_permissions(path: Path) -> bool:
    relative = path.relative_to(ROOT).as_posix()
    return (
        relative == "indices/access.py"
        or relative == "indices/policies.py"
        or relative.startswith("inspections/policies/")
    )


def test_has_perm_is_called_only_in_the_policy_modules():
    offenders = []
    for path in _modules():
        if _may_ask_permissions(path):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"has_perm", "has_perms"}
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], (
        "Ask the app's policy module (indices/policies.py, inspections/policies/) "
        f"instead of calling has_perm: {offenders}"
    )


def test_the_check_finds_a_has_perm_call():
    # The walk above would find a call written like the ones it forbids.
    tree = ast.parse("request.user.has_perm('indices.add_agency')")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert calls and calls[0].func.attr == "has_perm"


def test_no_module_is_over_500_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path in _modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}, f"split these modules by concept: {long}"
