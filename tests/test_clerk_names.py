"""Names as a county clerk types them (issue 14, items 4, 5, 6 and 11), through the real CLI:
everyday pinyin readings only, aliases that add a name without hiding others, empty values
that are usage errors, and `show <Tab>` ids in numeric order with their text in bash too."""

from __future__ import annotations

import pytest

from guantask.errors import ExitCode

# ----- item 6: empty values are not "everything" ------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--leader", ""],
        ["list", "--leader", "  "],
        ["list", "--unit", ""],
        ["list", "--lead-unit", " "],
        ["list", "--search", ""],
        ["list", "--assignee", ""],
        ["list", "--due-before", ""],
        ["filter", ""],
        ["filter", "status:done", " "],
        ["overdue", ""],
        ["stats", ""],
        ["export", "", "--format", "csv"],
        ["history", "--by", ""],
        ["history", "--since", " "],
        ["assign", "18", "--to", "李明", "--unit", ""],
        ["units", "merge", "", "县财政局"],
        ["units", "merge", "县财政局", " "],
    ],
)
def test_an_empty_or_blank_value_is_a_usage_error_not_every_task(seeded, args) -> None:
    r = seeded(*args)
    assert r.exit_code == ExitCode.USAGE, r.output
    assert r.stdout == ""
    assert r.stderr.startswith("guantask: ") and "empty" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_an_empty_unit_for_a_template_writes_no_file(seeded, tmp_path) -> None:
    out = tmp_path / "t.csv"
    r = seeded("template", "--unit", " ", "-o", str(out))
    assert r.exit_code == ExitCode.USAGE, r.output
    assert not out.exists()


def test_an_empty_value_changes_nothing(seeded) -> None:
    before = seeded("history", "--format", "json").stdout
    r = seeded("assign", "18", "--to", "李明", "--unit", "")
    assert r.exit_code == ExitCode.USAGE, r.output
    assert seeded("history", "--format", "json").stdout == before


def test_a_name_that_picks_one_unit_and_matches_several_is_a_usage_error(seeded) -> None:
    r = seeded("assign", "18", "--to", "李明", "--unit", "发改")
    assert r.exit_code == ExitCode.USAGE, r.output
    assert "县发展和改革局" in r.stderr and "县发展和改革委员会" in r.stderr


# ----- item 4: everyday pinyin readings, one rule for commands and completion -------------------

ZHANG = ["张子民", "张庆辉", "张怀恒", "张琪"]


def _ids(run, *args: str) -> list[str]:
    r = run("list", *args, "--format", "ids")
    assert r.exit_code == 0, r.output
    return r.stdout.split()


def _bash(env: dict[str, str], line: str) -> list[str]:
    """The candidates the installed bash function receives for `line` (the real protocol)."""
    from test_completion import _complete

    r = _complete(env, line)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    return [line for line in r.stdout.splitlines() if line]


def test_pinyin_uses_everyday_readings_not_rare_heteronyms(seeded) -> None:
    r = seeded("list", "--leader", "zh")
    assert r.exit_code == ExitCode.USAGE, r.output  # several 张: name one
    assert r.stderr.count("、") == 3 and all(n in r.stderr for n in ZHANG)
    assert "何宁" not in r.stderr  # 宁 is ning, never zhu
    # 体 is ti, not cui; 县 is left out: czj is 县财政局 alone.
    assert _ids(seeded, "--unit", "czj") == _ids(seeded, "--unit", "县财政局")
    # 人民银行冠县支行 reads renminyinhangguanxianzhihang: xxx names nothing.
    r = seeded("list", "--unit", "xxx")
    assert r.exit_code == ExitCode.ERROR and "no unit matches 'xxx'" in r.stderr
    # 李长峰: 长 in a given name is chang.
    assert _ids(seeded, "--leader", "lichangfeng") == _ids(seeded, "--leader", "李长峰")
    assert _ids(seeded, "--leader", "lcf") == _ids(seeded, "--leader", "李长峰")


def test_pinyin_is_a_prefix_of_the_full_pinyin_or_initials_and_nothing_else(seeded) -> None:
    gx = _ids(seeded, "--unit", "县工业和信息化局")
    for query in ("gongye", "gongyehexinxi", "gyhxxhj", "xgyh", "xiangongye"):
        assert _ids(seeded, "--unit", query) == gx, query
    for query in ("gongxin", "gxj", "fg"):  # syllables picked across the name: not a match
        r = seeded("list", "--unit", query)
        assert r.exit_code == ExitCode.ERROR, (query, r.output)


@pytest.mark.parametrize(
    "query", ["zh", "zhh", "zhangq", "lm", "czj", "gongxin", "gongye", "fg", "xxx", "张", "工信"]
)
@pytest.mark.parametrize("option", ["--leader", "--unit"])
def test_completion_offers_exactly_what_the_command_accepts(seeded, env, option, query) -> None:
    offered = _bash(env, f"guantask list {option} {query}")
    r = seeded("list", option, query, "--format", "ids")
    if r.exit_code == ExitCode.ERROR:  # nothing matches: nothing is offered
        assert offered == [], r.stderr
        return
    if r.exit_code == ExitCode.USAGE:  # several: they are the candidates offered
        assert offered and all(name in r.stderr for name in offered), r.stderr
        assert r.stderr.count("、") == len(offered) - 1
        return
    assert r.exit_code == 0, r.output
    assert offered
    got: set[str] = set()
    for name in offered:
        got |= set(_ids(seeded, option, name))
    assert got == set(r.stdout.split())


def test_completion_reads_stored_readings_and_never_imports_pypinyin(seeded, env, tmp_path) -> None:
    broken = tmp_path / "site" / "pypinyin"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('completion imported pypinyin')\n")
    path = f"{tmp_path / 'site'}:{env.get('PYTHONPATH', '')}"
    from test_completion import _complete

    full = {**env, "PYTHONPATH": path}
    r = _complete(full, "guantask list --leader zh")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ZHANG
    assert _complete(full, "guantask list --unit czj").stdout.splitlines() == ["县财政局"]


def test_an_older_database_gets_the_readings_of_its_names_when_migrated(seeded, db_path) -> None:
    import sqlite3

    before = _ids(seeded, "--leader", "zhh")
    with sqlite3.connect(db_path) as conn:  # what a database of the previous schema looks like
        conn.execute("DROP TABLE name_readings")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0002_name_readings'")
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    assert _ids(seeded, "--leader", "zhh") == before
    with sqlite3.connect(db_path) as conn:
        got = conn.execute("SELECT full, initials FROM name_readings WHERE name = '张怀恒'")
        assert got.fetchall() == [("zhanghuaiheng", "zhh")]
        missing = conn.execute(
            "SELECT count(*) FROM units WHERE name NOT IN (SELECT name FROM name_readings)"
        ).fetchone()[0]
    conn.close()
    assert missing == 0


def test_an_alias_is_read_when_it_is_added(seeded) -> None:
    assert seeded("units", "alias", "发改委", "县发展和改革委员会").exit_code == 0
    assert _ids(seeded, "--unit", "fgw") == _ids(seeded, "--unit", "县发展和改革委员会")


# ----- item 5: aliases add a name, they never hide others ---------------------------------------


def test_an_alias_never_hides_the_units_a_query_matched_before(seeded, env) -> None:
    before = _ids(seeded, "--unit", "发改")
    assert len(before) == 19
    assert seeded("units", "alias", "发改委", "县发展和改革委员会").exit_code == 0
    assert _ids(seeded, "--unit", "发改") == before
    r = seeded("filter", "unit:发改", "--format", "ids")
    assert r.exit_code == 0 and r.stdout.split() == before
    # The alias itself, exactly, means its unit.
    assert _ids(seeded, "--unit", "发改委") == _ids(seeded, "--unit", "县发展和改革委员会")
    offered = _bash(env, "guantask list --unit 发改")
    assert set(offered) == {"发改委", "县发展和改革局", "县发展和改革委员会"}


def test_a_query_that_picks_one_unit_refuses_several_even_with_an_alias(seeded, tmp_path) -> None:
    assert seeded("units", "alias", "发改委", "县发展和改革委员会").exit_code == 0
    out = tmp_path / "t.csv"
    r = seeded("template", "--unit", "发改", "-o", str(out))
    assert r.exit_code == ExitCode.USAGE, r.output
    assert "县发展和改革局" in r.stderr and "县发展和改革委员会" in r.stderr
    assert not out.exists()
    r = seeded("template", "--unit", "发改委", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8-sig").count("\n") == 1 + len(
        _ids(seeded, "--unit", "县发展和改革委员会")
    )


# ----- item 11: `show <Tab>` in bash: ids in numeric order with their text ----------------------


def test_bash_completion_of_show_lists_ids_in_numeric_order_with_their_text(seeded, env) -> None:
    lines = _bash(env, "guantask show ")
    ids = [line.split()[0] for line in lines]
    assert ids == [str(n) for n in range(1, 122)]
    assert lines[0] == "1    地区生产总值增长 6%。"
    assert lines[17].startswith("18   实施“数字+”赋能")
    assert lines[120].startswith("121  ")
    # Several candidates share only their ids' start; one candidate is the bare id for Tab.
    assert [line.split()[0] for line in _bash(env, "guantask show 12")] == ["12", "120", "121"]
    assert _bash(env, "guantask show 18") == ["18"]
    assert _bash(env, "guantask list --leader 张怀") == ["张怀恒"]


def test_the_bash_script_keeps_guantasks_order(run, tmp_path) -> None:
    import shutil
    import subprocess

    r = run("--show-completion", "bash")
    assert r.exit_code == 0, r.output
    assert "complete -o nosort -o default -F _guantask_completion guantask" in r.stdout
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash on this machine")
    script = tmp_path / "guantask.bash"
    script.write_text(r.stdout, encoding="utf-8")
    out = subprocess.run(
        [bash, "--norc", "-c", f"source {script} && complete -p guantask"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "-o nosort" in out
