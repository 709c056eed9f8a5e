"""Several plans of several issuers side by side: `--plan` and `--issuer` on list, overdue,
report and stats, and `stats --by issuer` across every plan."""

from __future__ import annotations

import json

import pytest
from sample_plans import small_plan, write_plan

from guantask.errors import AmbiguousName

pytestmark = pytest.mark.both_stores

BUNDLED_ISSUER = "冠县人民政府办公室"
SMALL_ISSUER = "莘县人民政府办公室"


@pytest.fixture
def two_counties(seeded, tmp_path):
    r = seeded("import", str(write_plan(tmp_path / "small.json", small_plan())))
    assert r.exit_code == 0, r.output
    return seeded


def _ids(run, *args: str) -> list[int]:
    r = run(*args, "--format", "ids")
    assert r.exit_code == 0, r.output
    return [int(x) for x in r.stdout.split()]


def test_issuer_picks_that_offices_newest_plan(two_counties):
    run = two_counties
    assert _ids(run, "list") == _ids(run, "list", "--issuer", "莘县")  # the newest plan
    assert len(_ids(run, "list", "--issuer", "冠县")) == 121
    assert _ids(run, "list", "--issuer", "冠县") == _ids(run, "list", "--plan", "2024")
    rows = json.loads(run("list", "--issuer", BUNDLED_ISSUER, "--format", "json").stdout)
    assert {r["plan"] for r in rows} == {"冠政办发〔2024〕1号"}


def test_issuer_and_plan_together_must_agree(two_counties):
    run = two_counties
    assert (
        len(_ids(run, "overdue", "--issuer", "冠县", "--plan", "2024", "--as-of", "2025-01-05"))
        > 100
    )
    r = run("list", "--issuer", "莘县", "--plan", "2024")
    assert r.exit_code == 1
    assert "is not of issuer 莘县人民政府办公室" in r.stderr
    r = run("list", "--issuer", "人民政府")
    assert r.exit_code == AmbiguousName.exit_code and "ambiguous" in r.stderr
    r = run("list", "--issuer", "聊城")
    assert r.exit_code == 1 and "no plan of issuer '聊城'" in r.stderr


def test_report_weekly_takes_plan_and_issuer(two_counties):
    run = two_counties
    r = run("report", "weekly", "--issuer", "冠县", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["plan"]["doc_number"] == "冠政办发〔2024〕1号"
    r = run("report", "weekly", "--plan", "2025", "--format", "json")
    assert json.loads(r.stdout)["plan"]["doc_number"] == "莘政办发〔2025〕3号"


def test_stats_by_issuer_counts_across_every_plan(two_counties):
    run = two_counties
    r = run("--plan", "2024", "record-progress", "1", "--status", "done")
    assert r.exit_code == 0, r.output
    r = run("stats", "--by", "issuer", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    small_tasks = len(_ids(run, "list", "--plan", "2025"))
    assert [(x["name"], x["tasks"], x["done"]) for x in rows] == [
        (BUNDLED_ISSUER, 121, 1),
        (SMALL_ISSUER, small_tasks, 0),
    ]
    r = run("stats", "--by", "issuer", "--issuer", "莘县", "--format", "json")
    assert [x["name"] for x in json.loads(r.stdout)] == [SMALL_ISSUER]
    r = run("stats", "--by", "issuer")
    assert r.exit_code == 0, r.output
    assert "Issuer" in r.stdout and "Total" in r.stdout
