"""The package layout is the architecture: these checks keep each part in its room.

Imports are read from the source (``ast``), not by importing, so a violation is reported
with its file and line even when it would only run inside a function.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "diagnose"

#: For each part, the parts of ``diagnose`` it may import (besides itself). Top-level
#: modules are named by their module path; sub-packages by their package path.
ALLOWED: dict[str, frozenset[str]] = {
    "diagnose.errors": frozenset(
        {"diagnose.causes", "diagnose.message", "diagnose.verdict", "diagnose.case_files"}
    ),
    "diagnose.text": frozenset({"diagnose.message"}),
    "diagnose.rules": frozenset(
        {
            "diagnose.causes",
            "diagnose.message",
            "diagnose.text",
            "diagnose.errors",
            "diagnose.verdict",
        }
    ),
}
#: Parts the library proper (errors, text, rules, the pipeline, learn) never imports.
OUTER = ("diagnose.batch", "diagnose.cli", "diagnose.app_support", "diagnose.feedback")


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(source: str) -> Iterator[tuple[int, str, bool]]:
    """(line, imported module, at module level) for every import in ``source``."""
    tree = ast.parse(source)
    top = {id(node) for node in tree.body}
    type_checking = {
        id(n)
        for node in tree.body
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in type_checking:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, id(node) in top
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # ``from diagnose.rules import consent`` imports a module, not the package's names;
            # the root's names are all its public API.
            submodules = [
                f"{node.module}.{alias.name}"
                for alias in node.names
                if node.module != "diagnose" and _is_diagnose_module(f"{node.module}.{alias.name}")
            ]
            if len(submodules) < len(node.names):
                yield node.lineno, node.module, id(node) in top
            for name in submodules:
                yield node.lineno, name, id(node) in top


def _part(module: str) -> str:
    """The room a module lives in: its sub-package, or itself at the top."""
    parts = module.split(".")
    if len(parts) >= 2 and (PACKAGE / parts[1]).is_dir():
        return ".".join(parts[:2])
    return module


def _is_diagnose_module(name: str) -> bool:
    parts = name.split(".")
    if parts[0] != "diagnose":
        return False
    path = ROOT.joinpath(*parts)
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def test_nothing_in_the_library_imports_streamlit() -> None:
    bad = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _modules()
        for line, name, _ in _imports(path.read_text(encoding="utf-8"))
        if name.split(".")[0] == "streamlit"
    ]
    assert not bad


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_each_inner_part_imports_only_what_lies_below_it(part: str) -> None:
    allowed = ALLOWED[part] | {part}
    bad = []
    for path in _modules():
        if _part(_module_name(path)) != part:
            continue
        for line, name, _ in _imports(path.read_text(encoding="utf-8")):
            if _is_diagnose_module(name) and name != "diagnose" and _part(name) not in allowed:
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not bad


def test_the_library_never_imports_batch_cli_or_app_helpers() -> None:
    bad = []
    for path in _modules():
        own = _part(_module_name(path))
        if own in OUTER:
            continue
        for line, name, _ in _imports(path.read_text(encoding="utf-8")):
            if _part(name) in OUTER:
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not bad


def test_rules_never_import_the_learning_side() -> None:
    bad = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in _modules()
        if _part(_module_name(path)) == "diagnose.rules"
        for line, name, _ in _imports(path.read_text(encoding="utf-8"))
        if _part(name) in {"diagnose.learn", "diagnose.batch"}
    ]
    assert not bad


def test_module_level_imports_have_no_cycles() -> None:
    graph: dict[str, set[str]] = {}
    for path in _modules():
        me = _module_name(path)
        edges = graph.setdefault(me, set())
        for _, name, top in _imports(path.read_text(encoding="utf-8")):
            # The root package re-exports everything; importing it is not a layering edge.
            if top and name != "diagnose" and name != me and _is_diagnose_module(name):
                edges.add(name)
    seen: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, stack: list[str]) -> bool:
        seen[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if seen.get(nxt) == 1:
                cycle.extend([*stack[stack.index(nxt) :], nxt] if nxt in stack else [nxt])
                return True
            if nxt not in seen and visit(nxt, [*stack, nxt]):
                return True
        seen[node] = 2
        return False

    for start in sorted(graph):
        if start not in seen and visit(start, [start]):
            break
    assert not cycle, " -> ".join(cycle)


def _surface_violations(source: str, where: str, own_package: str | None) -> list[str]:
    bad = []
    for line, name, _ in _imports(source):
        parts = name.split(".")
        if parts[0] != "diagnose" or not _is_diagnose_module(name):
            continue
        is_package = (ROOT.joinpath(*parts) / "__init__.py").exists()
        inside = own_package is not None and name.startswith(own_package + ".")
        optional = name == "diagnose.batch.dask_engine"  # needs the optional dask extra
        if not (is_package or inside or optional):
            bad.append(f"{where}:{line} imports {name}")
    return bad


def test_app_cli_and_notebooks_import_only_public_surfaces() -> None:
    bad: list[str] = []
    for path in [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]:
        bad += _surface_violations(path.read_text(encoding="utf-8"), path.name, None)
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        bad += _surface_violations(path.read_text(encoding="utf-8"), path.name, "diagnose.cli")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for i, cell in enumerate(c for c in cells if c["cell_type"] == "code"):
            code = "".join(cell["source"])
            code = "\n".join(x for x in code.splitlines() if not x.lstrip().startswith(("%", "!")))
            bad += _surface_violations(code, f"{path.name} cell {i}", None)
    assert not bad


def test_the_checks_see_a_violation() -> None:
    """The helpers must flag what they exist to flag, or every test above passes vacuously."""
    source = "from diagnose.learn.model import load_model\nimport streamlit\n"
    assert _surface_violations(source, "x", None) == ["x:1 imports diagnose.learn.model"]
    assert [n for _, n, _ in _imports(source)][-1] == "streamlit"
    assert _part("diagnose.text.links") == "diagnose.text"
