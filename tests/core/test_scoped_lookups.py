"""Every lookup of a view is scoped to what the user may see.

A view reaches records through ``Model.objects.for_user(user, perm)`` (or through the relations
of a record it reached that way), and looks one up with ``core.views.get_or_404``: a bare
``get_object_or_404(Model, pk=pk)`` or an unscoped ``Model.objects`` in a view is a bug, since it
would show another programme's records.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "courses", "trainees", "results", "reports", "api"]
VIEW_MODULES = sorted(
    path for app in APPS for path in [*(ROOT / app).glob("views.py"), *(ROOT / app).glob("views/*.py")]
)


def unscoped_lookups(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    offenders = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "get_object_or_404":
            offenders.append(f"{path.name}:{node.lineno} get_object_or_404")
        if isinstance(node, ast.Attribute) and node.attr == "objects" and isinstance(node.value, ast.Name):
            chain, current = [], node
            while current in parents and isinstance(parents[current], ast.Attribute | ast.Call):
                parent = parents[current]
                if isinstance(parent, ast.Attribute):
                    chain.append(parent.attr)
                elif parent.func is not current:  # the chain is an argument of another call: it ends here
                    break
                current = parent
            if "for_user" not in chain:
                offenders.append(f"{path.name}:{node.lineno} {node.value.id}.objects.{'.'.join(chain)}")
    return offenders


def test_there_are_views_to_check():
    assert len(VIEW_MODULES) >= 8


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_view_looks_records_up_only_through_for_user(path):
    assert unscoped_lookups(path) == []


def test_the_check_catches_an_unscoped_lookup(tmp_path):
    view = tmp_path / "views.py"
    view.write_text(
        "def show(request, pk):\n"
        "    a = get_object_or_404(Activity, pk=pk)\n"
        "    b = Activity.objects.filter(pk=pk).first()\n"
        "    c = Activity.objects.for_user(request.user).filter(pk=pk)\n"
    )
    assert unscoped_lookups(view) == [
        "views.py:2 get_object_or_404",
        "views.py:3 Activity.objects.filter.first",
    ]
