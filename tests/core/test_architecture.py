"""The project's packages depend on each other one way only, and in no cycle.

core ← accounts ← courses ← trainees ← results ← reports ← api: each may import only the packages before it
(the REST API reads and writes through all the domain apps; none of them knows it).
The development tooling (demo, benchmarks) builds on all of them and nothing imports it; the
project package (settings, URLs, Celery, WSGI) is the top, and no app imports it.
"""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["core", "accounts", "courses", "trainees", "results", "reports", "api"]
TOP = "poc_training"
ALLOWED = {
    **{layer: set(LAYERS[:index]) for index, layer in enumerate(LAYERS)},
    "demo": set(LAYERS),
    "benchmarks": set(LAYERS) | {"demo", TOP},  # it runs the project's WSGI app and Celery worker
    TOP: set(LAYERS),
}
PACKAGES = set(ALLOWED)


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & PACKAGES


def dependencies(package: str) -> dict[str, set[str]]:
    """For each module of the package (migrations aside), the other project packages it imports."""
    found = {}
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        imported = imported_packages(path) - {package}
        if imported:
            found[str(path.relative_to(ROOT))] = imported
    return found


def test_every_python_package_of_the_project_has_its_place():
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in {"tests", "node_modules"} and not path.parent.name.startswith(".")
    }
    assert packages == PACKAGES, "give the new package its place (and its allowed imports) in this test"


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_a_package_imports_only_the_packages_below_it(package):
    offenders = {
        module: sorted(imported - ALLOWED[package])
        for module, imported in dependencies(package).items()
        if imported - ALLOWED[package]
    }
    assert offenders == {}


def test_the_packages_form_no_cycle():
    graph = {package: set().union(*dependencies(package).values()) for package in PACKAGES}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as cycle:
        pytest.fail(f"import cycle between packages: {cycle.args[1]}")
    assert order.index("core") < order.index("reports")
