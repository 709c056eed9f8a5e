"""Every kind of change the app stores has a registered handler in `guantask.changes`."""

from __future__ import annotations

import ast
import json
import sqlite3
from pathlib import Path

from conftest import ROOT

from guantask import changes


def _kinds_logged_in_source() -> set[str]:
    """Kinds written as constants where the source logs an event: `log_event(kind="…")`,
    `write_progress(kind="…")`, and the default of a `kind` parameter passed on to them."""
    kinds: set[str] = set()
    for path in (ROOT / "guantask").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in ("log_event", "write_progress"):
                    for kw in node.keywords:
                        if kw.arg == "kind" and isinstance(kw.value, ast.Constant):
                            kinds.add(str(kw.value.value))
            if isinstance(node, ast.FunctionDef) and "log_event(" in ast.unparse(node):
                args = node.args
                for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
                    if arg.arg == "kind" and isinstance(default, ast.Constant):
                        kinds.add(str(default.value))
    return kinds


def test_every_kind_the_source_logs_has_a_registered_handler() -> None:
    logged = _kinds_logged_in_source()
    assert {"import", "assign", "progress", "signoff", "extend", "config", "undo"} <= logged
    assert sorted(logged) == sorted(changes.REGISTRANTS)
    assert all(changes.kind_of(k) is not None for k in logged)


def test_each_kind_is_registered_by_the_module_the_table_names() -> None:
    for kind, module in changes.REGISTRANTS.items():
        registered = changes.kind_of(kind)
        assert registered is not None, kind
        if registered.undo is not None:
            assert registered.undo.__module__ == module
    assert set(changes.KINDS) == set(changes.REGISTRANTS)
    undo = changes.kind_of("undo")
    assert undo is not None and undo.undo is None  # an undo is not undone


def _stored_kinds(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return [r[0] for r in conn.execute("SELECT DISTINCT kind FROM events ORDER BY kind")]


def test_every_kind_stored_by_the_app_is_described_and_undone_through_its_handler(
    seeded, db_path
) -> None:
    def ok(*args: str) -> None:
        r = seeded(*args)
        assert r.exit_code == 0, r.output

    ok("assign", "18", "--to", "李明")
    ok("record-progress", "18", "--percent", "40")
    ok("extend", "18", "--to", "2025-03-31", "--reason", "延期")
    ok("record-progress", "21", "--status", "done")
    ok("signoff", "21")
    ok("config", "set", "warn-days", "7")
    ok("units", "alias", "发改委", "县发展和改革委员会")
    ok("units", "unalias", "发改委")
    ok("units", "merge", "县发展和改革委员会", "县发展和改革局")
    stored = _stored_kinds(db_path)
    assert stored == [
        "alias",
        "assign",
        "config",
        "extend",
        "import",
        "merge",
        "progress",
        "signoff",
        "unalias",
    ]
    for kind in stored:
        assert changes.undo_handler(kind) is not None, kind
    r = seeded("history", "--format", "json")
    assert r.exit_code == 0, r.output
    tasks = {e["kind"]: e["tasks"] for e in json.loads(r.stdout)}
    assert tasks["import"] == [] and tasks["assign"] == [18] and tasks["signoff"] == [21]
    # Undo every change, newest first: each kind's handler reverts it.
    made = ("assign", "progress", "extend", "progress", "signoff", "config", "alias", "unalias")
    for kind in reversed((*made, "merge")):
        r = seeded("undo", "--yes", "--format", "json")
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout)[0]["kind"] == kind
    assert "undo" in _stored_kinds(db_path)
    assert set(_stored_kinds(db_path)) <= set(changes.REGISTRANTS)
