"""The migration chain: one head, and the file names sort in the order the chain runs."""

import ast
from pathlib import Path

VERSIONS = Path(__file__).resolve().parents[2] / "migrations" / "versions"


def revision_ids(path: Path) -> tuple[str, str | None]:
    """The revision and down_revision assigned at the top of a migration file."""
    values = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in {"revision", "down_revision"}:
                values[node.targets[0].id] = ast.literal_eval(node.value)
    return values["revision"], values["down_revision"]


def chain_in_file_order() -> list[tuple[str, str | None]]:
    return [revision_ids(path) for path in sorted(VERSIONS.glob("*.py"))]


def heads(revisions: list[tuple[str, str | None]]) -> set[str]:
    parents = {parent for _, parent in revisions}
    return {revision for revision, _ in revisions} - parents


def test_the_chain_has_one_head():
    assert len(heads(chain_in_file_order())) == 1


def test_each_file_revises_the_file_sorted_before_it():
    revisions = chain_in_file_order()
    expected_parents = [None] + [revision for revision, _ in revisions[:-1]]
    assert [parent for _, parent in revisions] == expected_parents


def test_a_file_out_of_order_is_reported():
    """The check can fail: two files swapped no longer revise their predecessor."""
    revisions = chain_in_file_order()
    swapped = [revisions[1], revisions[0], *revisions[2:]]
    assert [parent for _, parent in swapped] != [None] + [rev for rev, _ in swapped[:-1]]
