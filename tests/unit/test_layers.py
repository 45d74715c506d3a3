"""Dependencies point one way; a lower layer never imports a higher one.

    pages (public, staff, auth, api, cli, every routes module)
      → use cases (booking, cases, reports)
        → services (availability, mail, calendar_files, calendar_sync)
          → foundation (models, core, extensions)

The same order is written in the README's layout section.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "intake"
LAYERS = {
    "pages": 3,
    "use cases": 2,
    "services": 1,
    "foundation": 0,
}
PACKAGES = {
    "public": "pages", "staff": "pages", "auth": "pages", "api": "pages", "cli": "pages",
    "booking": "use cases", "cases": "use cases", "reports": "use cases",
    "availability": "services", "mail": "services", "calendar_files": "services",
    "calendar_sync": "services",
    "models": "foundation", "core": "foundation", "extensions": "foundation",
}  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    """Routes modules are pages wherever they live; the app factory sits above everything."""
    parts = module.split(".")
    if module == "intake" or parts[-1] == "routes":
        return LAYERS["pages"]
    return LAYERS[PACKAGES[parts[1]]]


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name.startswith("intake.")}


def violations(modules: dict[str, Path]) -> list[str]:
    problems = []
    for importer, path in modules.items():
        for imported in sorted(imported_modules(path)):
            if layer_of(imported) > layer_of(importer):
                problems.append(f"{importer} imports {imported}")
    return problems


def test_every_package_has_a_layer():
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages - set(PACKAGES) == set()


def test_no_lower_layer_imports_a_higher_one():
    modules = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
    assert violations(modules) == []


def test_a_lower_layer_importing_a_use_case_is_reported(tmp_path):
    """The check can fail: mail importing booking (the old cycle) is caught."""
    source = tmp_path / "content.py"
    source.write_text("from intake.booking import slots\n", encoding="utf-8")
    found = violations({"intake.mail.content": source})
    assert found == ["intake.mail.content imports intake.booking"]
