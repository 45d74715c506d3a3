"""Dependencies point one way, and nothing imports itself back.

    pages (public, staff, auth, api, cli)
      → use cases (booking, cases, reports, accounts)
        → services (availability, mail, calendar_files, calendar_sync, directory)
          → foundation (models, core, extensions)

A module's layer is its package's: a page module lives in a page package. The same order is
written in the README's layout section.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "intake"
LAYERS = {"pages": 3, "use cases": 2, "services": 1, "foundation": 0}
PACKAGES = {
    "public": "pages",
    "staff": "pages",
    "auth": "pages",
    "api": "pages",
    "cli": "pages",
    "booking": "use cases",
    "cases": "use cases",
    "reports": "use cases",
    "accounts": "use cases",
    "availability": "services",
    "mail": "services",
    "calendar_files": "services",
    "directory": "services",
    "calendar_sync": "services",
    "models": "foundation",
    "core": "foundation",
    "extensions": "foundation",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    """The app factory (`intake` itself) sits above everything."""
    if module == "intake":
        return LAYERS["pages"] + 1
    return LAYERS[PACKAGES[module.split(".")[1]]]


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """What a module imports; `from intake.x import y` names the module `intake.x.y` when
    there is one, else `intake.x`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known else node.module)
    return {name for name in found if name.startswith("intake.")}


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    return {name: imported_modules(path, set(modules)) for name, path in modules.items()}


def violations(graph: dict[str, set[str]]) -> list[str]:
    return [
        f"{importer} imports {imported}"
        for importer, imports in graph.items()
        for imported in sorted(imports)
        if layer_of(imported) > layer_of(importer)
    ]


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first node repeated at the end), or None."""
    visiting, done = [], set()

    def visit(node: str) -> list[str] | None:
        if node in visiting:
            return [*visiting[visiting.index(node) :], node]
        if node in done:
            return None
        visiting.append(node)
        for target in sorted(graph.get(node, ())):
            if cycle := visit(target):
                return cycle
        visiting.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        if cycle := visit(start):
            return cycle
    return None


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Imports between the feature packages (intake.core, intake.staff, ...)."""
    packages: dict[str, set[str]] = {}
    for importer, imports in graph.items():
        source = ".".join(importer.split(".")[:2])
        targets = {".".join(name.split(".")[:2]) for name in imports}
        packages.setdefault(source, set()).update(targets - {source})
    return packages


def test_every_package_has_a_layer():
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages - set(PACKAGES) == set()


def test_no_lower_layer_imports_a_higher_one():
    assert violations(import_graph(all_modules())) == []


def test_no_module_imports_itself_back():
    assert find_cycle(import_graph(all_modules())) is None


def test_no_package_imports_itself_back():
    assert find_cycle(package_graph(import_graph(all_modules()))) is None


def test_a_lower_layer_importing_a_use_case_is_reported():
    """The check can fail: mail importing booking (the old cycle) is caught."""
    graph = {"intake.mail.requester_messages": {"intake.booking.appointments"}}
    assert violations(graph) == [
        "intake.mail.requester_messages imports intake.booking.appointments"
    ]


def test_a_page_module_inside_a_service_package_is_a_service():
    """No exemption by module name: routes in `availability` importing `staff` is caught."""
    graph = {"intake.availability.routes": {"intake.staff.displaced"}}
    assert violations(graph) == ["intake.availability.routes imports intake.staff.displaced"]


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        (
            {"intake.staff": {"intake.staff.audit"}, "intake.staff.audit": {"intake.staff"}},
            ["intake.staff", "intake.staff.audit", "intake.staff"],
        ),
        (
            {"intake.core": {"intake.models"}, "intake.models": {"intake.core"}},
            ["intake.core", "intake.models", "intake.core"],
        ),
    ],
)
def test_an_import_cycle_is_found(graph, cycle):
    assert find_cycle(graph) == cycle
