"""The layers of docs/architecture.md hold: dependencies point downwards, no cycles, and no
import hides inside a function to dodge one."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("nap_portal", "operations", "agencies", "plans", "reports", "civic", "accounts", "public")


def test_import_contracts_are_kept():
    """public → reports → plans → agencies → operations → nap_portal, no cycle inside an app
    (the contracts are in pyproject.toml; import-linter also sees imports in functions)."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a test dependency (pyproject.toml)"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _function_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = path.read_text(encoding="utf-8").splitlines()
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else ["."]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            first_party = any(n == "." or n.split(".")[0] in APPS for n in names)
            # A first-party import in a function is allowed only as a documented lazy load
            # (WeasyPrint on the first download), on or just above the line: "# lazy: why".
            context = "\n".join(lines[max(0, node.lineno - 4) : node.lineno])
            if first_party and "# lazy:" not in context:
                yield f"{path.relative_to(ROOT)}:{node.lineno}"


@pytest.mark.parametrize("app", APPS)
def test_no_first_party_import_inside_a_function(app):
    found = [
        hit
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for hit in _function_imports(path)
    ]
    assert found == []
