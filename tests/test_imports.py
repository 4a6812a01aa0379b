"""The layers: model/ reads no file and knows no reader or writer; no module imports in a cycle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("model", "ingest", "render", "esep", "store")
# Libraries that read or write a file format, a database, or the file system as such.
FORMAT_LIBRARIES = {"openpyxl", "python_calamine", "docx", "docxtpl", "pdfplumber", "pypdfium2",
                    "lxml", "defusedxml", "PIL", "jinja2", "zipfile", "sqlalchemy", "alembic",
                    "click", "subprocess", "shutil", "tempfile", "csv"}
FILE_CALLS = {"read_text", "write_text", "read_bytes", "write_bytes", "unlink", "mkdir", "rename",
              "replace_file", "iterdir", "rglob", "glob", "stat"}


def modules() -> dict[str, Path]:
    """Return every module of the project by its dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name == "__main__.py" or "migrations" in path.parts:  # scripts, not modules
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path, *, top_level_only: bool) -> set[str]:
    """Return the modules `name` imports (absolute names), at module level or anywhere."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def project_graph(top_level_only: bool = True) -> dict[str, set[str]]:
    mods = modules()
    return {name: {i for i in imports(name, path, top_level_only=top_level_only) if i in mods
                   and i != name}
            for name, path in mods.items()}


def test_model_imports_no_file_format_library_and_nothing_from_ingest_or_render():
    for name, path in modules().items():
        if not name.startswith("model"):
            continue
        used = imports(name, path, top_level_only=False)
        roots = {i.split(".")[0] for i in used}
        assert not roots & FORMAT_LIBRARIES, (name, roots & FORMAT_LIBRARIES)
        assert not roots & {"ingest", "render", "esep", "store"}, name


def test_model_does_no_file_io():
    for name, path in modules().items():
        if not name.startswith("model"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                assert called != "open" and called not in FILE_CALLS, (name, node.lineno, called)


def test_no_module_imports_in_a_cycle():
    """Top-level imports form no cycle between the project's modules (a package's __init__ aside:
    importing `a.b` loads `a` first, which is not a cycle of the code's own)."""
    graph = project_graph()
    graph = {n: {i for i in deps if not n.startswith(i + ".")} for n, deps in graph.items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(dep):] + [dep]))
            if dep not in state:
                visit(dep)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_every_module_imports_alone():
    """Each module imports in an interpreter where none of the project's modules is loaded yet."""
    script = (
        "import importlib, sys\n"
        f"names = {sorted(modules())!r}\n"
        f"ours = {PACKAGES!r}\n"
        "for name in names:\n"
        "    for loaded in [m for m in sys.modules if m.split('.')[0] in ours]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
