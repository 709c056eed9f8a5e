"""The filter language: parsing, precedence, error positions, binding, and the SQL it compiles to.

The SQL is run against a real in-memory SQLite database holding a small `v` table with the
view's columns and the four link tables, so each test shows which task numbers a filter finds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import date

import pytest

from guantask.errors import AmbiguousName, NameNotFound, UsageError
from guantask.filters.help import FILTER_HELP
from guantask.filters.language import (
    And,
    Compare,
    Contains,
    Flag,
    IdsTerm,
    Not,
    Or,
    Term,
    Text,
    bind,
    parse_filter,
    terms_expr,
)
from guantask.filters.names import match_names
from guantask.filters.syntax import FIELD_ALIASES, FLAGS
from guantask.store.filters import FilterContext, compile_filter, like_pattern

TODAY = date(2024, 3, 15)
CTX = FilterContext(today="2024-03-15", warn_days=14, stale_days=30)


def t(value: str, pos: int) -> Text:
    return Text(value, pos)


# --- parsing ------------------------------------------------------------------------------


def test_the_issue_example_parses_to_an_and_of_its_terms() -> None:
    words = [
        "leader:张怀恒",
        "unit:工信",
        "due<2024-07-01",
        "percent<50",
        "not",
        "status:done",
        "5G",
    ]
    assert parse_filter(words) == And(
        (
            Term("leader", ":", "张怀恒", 1),
            Term("unit", ":", "工信", 12),
            Term("due", "<", "2024-07-01", 20),
            Term("percent", "<", "50", 35),
            Not(Term("status", ":", "done", 50)),
            Text("5G", 62),
        )
    )


def test_one_shell_word_may_hold_several_terms() -> None:
    assert parse_filter(["leader:张怀恒 unit:工信"]) == parse_filter(["leader:张怀恒", "unit:工信"])


def test_no_words_match_everything_but_a_blank_word_is_an_error() -> None:
    assert parse_filter([]) == And(())
    with pytest.raises(UsageError, match="empty filter term"):
        parse_filter(["  "])


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("a b", And((t("a", 1), t("b", 3)))),
        ("a and b", And((t("a", 1), t("b", 7)))),
        ("a or b c", Or((t("a", 1), And((t("b", 6), t("c", 8)))))),
        ("a b OR c", Or((And((t("a", 1), t("b", 3))), t("c", 8)))),
        ("a | b", Or((t("a", 1), t("b", 5)))),
        ("not a b", And((Not(t("a", 5)), t("b", 7)))),
        ("NOT a or b", Or((Not(t("a", 5)), t("b", 10)))),
        ("a or not b c", Or((t("a", 1), And((Not(t("b", 10)), t("c", 12)))))),
        ("not not a", Not(Not(t("a", 9)))),
        ("(a or b) c", And((Or((t("a", 2), t("b", 7))), t("c", 10)))),
        ("not (a or b)", Not(Or((t("a", 6), t("b", 11))))),
        ("not(a or b)", Not(Or((t("a", 5), t("b", 10))))),
        ("-a", Not(t("a", 2))),
        ("-(a b)", Not(And((t("a", 3), t("b", 5))))),
        ("a (b or (c d))", And((t("a", 1), Or((t("b", 4), And((t("c", 10), t("d", 12)))))))),
    ],
)
def test_not_binds_tighter_than_and_which_binds_tighter_than_or(
    expr: str, expected: object
) -> None:
    assert parse_filter([expr]) == expected


def test_parentheses_may_be_separate_words() -> None:
    assert parse_filter(["(", "a", "or", "b", ")", "c"]) == And(
        (Or((t("a", 3), t("b", 8))), t("c", 12))
    )


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("领导:张怀恒", Term("leader", ":", "张怀恒", 1)),
        ("领导：张怀恒", Term("leader", ":", "张怀恒", 1)),
        ("单位:工信", Term("unit", ":", "工信", 1)),
        ("牵头单位:工信", Term("lead", ":", "工信", 1)),
        ("lead-unit:工信", Term("lead", ":", "工信", 1)),
        ("责任单位:工信", Term("responsible", ":", "工信", 1)),
        ("章:三", Term("section", ":", "三", 1)),
        ("状态:已完成", Term("status", ":", "已完成", 1)),
        ("责任人:李明", Term("assignee", ":", "李明", 1)),
        ("时限<6月底", Term("due", "<", "6月底", 1)),
        ("进度>=50", Term("percent", ">=", "50", 1)),
        ("灯:红", Term("light", ":", "红", 1)),
        ("内容:基站", Term("text", ":", "基站", 1)),
        ("Leader=张", Term("leader", ":", "张", 1)),
        ("status!=done", Term("status", "!=", "done", 1)),
        ("id<=10", Term("id", "<=", "10", 1)),
        ("section>2", Term("section", ">", "2", 1)),
        ("subsection:1", Term("subsection", ":", "1", 1)),
        ("due.before:eom", Term("due", "<", "eom", 1)),
        ("due.after:2024-06-30", Term("due", ">", "2024-06-30", 1)),
        ("leader.not:张", Term("leader", "!=", "张", 1)),
        ("+overdue", Flag("overdue", 1)),
        ("+DueSoon", Flag("duesoon", 1)),
        ("-+done", Not(Flag("done", 2))),
        ("-status:done", Not(Term("status", ":", "done", 2))),
        ("5G", Text("5G", 1)),
        ("注：配套资金", Text("注：配套资金", 1)),
        ("unit:各乡镇(街道)", Term("unit", ":", "各乡镇(街道)", 1)),
    ],
)
def test_fields_aliases_operators_and_flags(word: str, expected: object) -> None:
    assert parse_filter([word]) == expected


def test_quotes_keep_spaces_and_make_keywords_literal() -> None:
    assert parse_filter(['text:"new energy" "or" \'a (b\'']) == And(
        (Term("text", ":", "new energy", 1), Text("or", 19), Text("a (b", 24))
    )
    assert parse_filter(['-"not this"']) == Not(Text("not this", 2))
    assert parse_filter(['"C:\\temp"']) == Text("C:\\temp", 1)


def test_quotes_inside_a_word_are_ordinary_characters() -> None:
    assert parse_filter(["it's"]) == Text("it's", 1)
    assert parse_filter(['say"hi"']) == Text('say"hi"', 1)


def test_attached_parentheses_are_peeled_but_those_inside_values_kept() -> None:
    assert parse_filter(["(unit:各乡镇(街道) or 5G)"]) == Or(
        (Term("unit", ":", "各乡镇(街道)", 2), Text("5G", 18))
    )


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (
            ["leaderr:张怀恒"],
            "filter: unknown field 'leaderr' at position 1 (did you mean leader?)",
        ),
        (
            ["leader:张怀恒", "unitt:工信"],
            "filter: unknown field 'unitt' at position 12 (did you mean unit?)",
        ),
        (["leader:张怀恒", ")"], "filter: unbalanced ')' at position 12"),
        (["(a", "or", "b"], "filter: unbalanced '(' at position 1"),
        (["a", "("], "filter: unbalanced '(' at position 3"),
        (["due<"], "filter: expected a value after 'due<' at position 5"),
        (["5G", "due<"], "filter: expected a value after 'due<' at position 8"),
        (["text:"], "filter: expected a value after 'text:' at position 6"),
        (["a", "or"], "filter: expected a term after 'or' at position 3"),
        (["or", "a"], "filter: expected a term before 'or' at position 1"),
        (["a", "or", "or", "b"], "filter: expected a term after 'or' at position 3"),
        (["a", "not"], "filter: expected a term after 'not' at position 3"),
        (["(not)"], "filter: expected a term after 'not' at position 2"),
        (["a", "-"], "filter: expected a term after '-' at position 3"),
        (["a", "()"], "filter: empty parentheses at position 3"),
        (['text:"open'], 'filter: unclosed quote " at position 6'),
        (["+overdu"], "filter: unknown flag '+overdu' at position 1 (did you mean +overdue?)"),
        (['""'], "filter: empty quoted text at position 1"),
    ],
)
def test_syntax_errors_name_the_term_and_its_position(words: list[str], message: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_filter(words)
    assert str(info.value) == message


def test_order_operators_are_refused_for_unordered_fields() -> None:
    with pytest.raises(UsageError, match=r"operator '<' does not apply to leader at position 4"):
        parse_filter(["5G leader<张"])
    with pytest.raises(UsageError, match=r"operator '<' does not apply to status at position 1"):
        parse_filter(["status.before:done"])
    with pytest.raises(UsageError, match=r"unknown modifier 'due.whenever:'"):
        parse_filter(["due.whenever:eom"])


def test_an_unknown_field_without_a_near_name_lists_the_fields() -> None:
    with pytest.raises(
        UsageError, match=r"unknown field 'zzz' at position 1 \(fields: id, section"
    ):
        parse_filter(["zzz:1"])


def test_filter_help_documents_every_field_and_flag_in_forty_lines() -> None:
    lines = FILTER_HELP.splitlines()
    assert len(lines) <= 40
    assert all(len(line) <= 100 for line in lines)
    for name in set(FIELD_ALIASES.values()) - {"subsection"}:
        assert f"{name}:" in FILTER_HELP or f"{name}<" in FILTER_HELP, name
    for flag in FLAGS:
        assert f"+{flag}" in FILTER_HELP
    assert "guantask filter leader:张怀恒 unit:工信 'due<2024-07-01'" in FILTER_HELP


# --- binding ------------------------------------------------------------------------------

NAMES = {
    "leader": {1: "张怀恒", 2: "张琪", 3: "张子民"},
    "unit": {
        1: "县工业和信息化局",
        2: "县发展和改革局",
        3: "县发展和改革委员会",
        4: "县公安局",
        5: "县财政局",
    },
}


def resolve_from(names: dict[str, dict[int, str]]) -> Callable[[str, str], tuple[int, ...]]:
    def resolve(kind: str, query: str) -> tuple[int, ...]:
        table = names[kind]
        found = set(match_names(query, list(table.values()), kind=kind))
        return tuple(i for i, name in table.items() if name in found)

    return resolve


def bound(*words: str, today: date = TODAY, plan_year: int = 2024) -> object:
    return bind(parse_filter(words), today=today, plan_year=plan_year, resolve=resolve_from(NAMES))


def test_binding_types_every_value() -> None:
    assert bound(
        "leader:zhh",
        "unit:发改",
        "lead:工信",
        "responsible:公安",
        "due<6月底",
        "percent<50%",
        "section:三",
        "id>=12",
        "status:已完成",
        "light:红灯",
        "assignee:李",
        "5G",
    ) == And(
        (
            IdsTerm("leader", None, (1,)),
            IdsTerm("unit", None, (2, 3)),
            IdsTerm("unit", "lead", (1,)),
            IdsTerm("unit", "responsible", (4,)),
            Compare("due", "<", "2024-06-30"),
            Compare("percent", "<", 50),
            Compare("section", "=", 3),
            Compare("no", ">=", 12),
            Compare("status", "=", "done"),
            Compare("light", "=", "red"),
            Contains("assignee", "李"),
            Contains("text", "5G"),
        )
    )


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("status:not_started", Compare("status", "=", "not-started")),
        ("status:In-Progress", Compare("status", "=", "in-progress")),
        ("status:有风险", Compare("status", "=", "at-risk")),
        ("status:受阻", Compare("status", "=", "blocked")),
        ("status:已销号", Compare("status", "=", "signed-off")),
        ("status:未开始", Compare("status", "=", "not-started")),
        ("status:进行中", Compare("status", "=", "in-progress")),
        ("light:黄", Compare("light", "=", "yellow")),
        ("light:绿", Compare("light", "=", "green")),
        ("light:done", Compare("light", "=", "done")),
        ("section:十二", Compare("section", "=", 12)),
        ("id:１２", Compare("no", "=", 12)),
        ("percent>=５０％", Compare("percent", ">=", 50)),
        ("subsection:二", Compare("subsection", "=", 2)),
        ("due:eom", Compare("due", "=", "2024-03-31")),
        ("due>=+3d", Compare("due", ">=", "2024-03-18")),
        ("text:[bold]", Contains("text", "[bold]")),
        ("status!=done", Not(Compare("status", "=", "done"))),
        ("leader!=张琪", Not(IdsTerm("leader", None, (2,)))),
        ("+stale", Flag("stale", 1)),
    ],
)
def test_binding_accepts_codes_chinese_words_and_relative_dates(
    word: str, expected: object
) -> None:
    assert bound(word) == expected


def test_year_less_dates_bind_in_the_plan_year() -> None:
    assert bound("due<6月底", plan_year=2025) == Compare("due", "<", "2025-06-30")


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("percent:150", "filter: percent '150' is out of range (0-100) at position 1"),
        ("percent:-1", "filter: percent must be a whole number, not '-1' at position 1"),
        ("percent:half", "filter: percent must be a whole number, not 'half' at position 1"),
        ("id:0", "filter: id '0' is out of range (1-999999) at position 1"),
        ("id:1.5", "filter: id must be a whole number, not '1.5' at position 1"),
        ("section:一百", "filter: section must be a whole number, not '一百' at position 1"),
        (
            "status:finished",
            "filter: unknown status 'finished' at position 1 (expected not-started",
        ),
        (
            "light:blue",
            "filter: unknown light 'blue' at position 1 (expected red yellow green done",
        ),
        ("due:someday", "filter: due at position 1: cannot read date 'someday'; accepted: "),
        ("due:2024-02-30", "filter: due at position 1: invalid date '2024-02-30'"),
    ],
)
def test_invalid_values_are_usage_errors_with_positions(word: str, message: str) -> None:
    with pytest.raises(UsageError) as info:
        bound(word)
    assert str(info.value).startswith(message)


def test_unknown_and_ambiguous_names_come_from_the_resolver() -> None:
    with pytest.raises(NameNotFound, match="no unit matches '交通'"):
        bound("unit:交通")
    with pytest.raises(AmbiguousName, match="leader 'zhang' is ambiguous"):
        bound("leader:zhang")


def test_terms_expr_builds_the_same_terms_as_the_filter_language() -> None:
    expr = terms_expr([("leader", "=", "张怀恒"), ("lead-unit", ":", "工信"), ("due", "<", "eom")])
    assert expr == And(
        (
            Term("leader", ":", "张怀恒", 0),
            Term("lead", ":", "工信", 0),
            Term("due", "<", "eom", 0),
        )
    )
    assert bind(expr, today=TODAY, plan_year=2024, resolve=resolve_from(NAMES)) == And(
        (
            IdsTerm("leader", None, (1,)),
            IdsTerm("unit", "lead", (1,)),
            Compare("due", "<", "2024-03-31"),
        )
    )


def test_terms_expr_errors_carry_no_position() -> None:
    with pytest.raises(UsageError, match=r"^unknown field 'leaderr' \(did you mean leader\?\)$"):
        terms_expr([("leaderr", ":", "x")])
    with pytest.raises(UsageError, match=r"^operator '<' does not apply to status$"):
        terms_expr([("status", "<", "done")])
    with pytest.raises(UsageError, match=r"^unknown status 'x' \(expected "):
        bind(
            terms_expr([("status", ":", "x")]),
            today=TODAY,
            plan_year=2024,
            resolve=resolve_from(NAMES),
        )


# --- compiling to SQL, run on a real database ---------------------------------------------

# no, section, subsection, text, due, status, percent, light, assignee, last_activity,
# leaders, lead units, responsible units
# fmt: off
TASKS: list[tuple] = [
    (1, 1, 1, "5G 基站达到 1200 个", "2024-06-30", "in-progress", 40, "green", "李明",
     "2024-03-01", ["张怀恒"], ["县工业和信息化局"], ["县发展和改革局"]),
    (2, 1, None, "100% 完成 a_b 任务", "2024-03-10", "not-started", 0, "red", None,
     "2024-01-05", ["张琪"], ["县发展和改革委员会"], []),
    (3, 2, 2, "[bold]重点[/] it's \"quoted\" ; DROP TABLE v; --", "2024-03-20", "at-risk", 60,
     "yellow", "王%五", "2024-03-14", ["张怀恒", "张子民"], ["县公安局"], ["县工业和信息化局"]),
    (4, 3, None, "back\\slash C:\\temp axb", "2024-02-01", "done", 100, "done", "李明",
     "2023-12-01", ["张子民"], ["县财政局"], []),
    (5, 3, 1, "已销号 task", "2024-12-31", "signed-off", 100, "done", None,
     "2024-03-01", ["张怀恒"], ["县工业和信息化局"], []),
    (6, 2, None, "年底前完成 5G 覆盖", "2024-03-29", "blocked", 10, "red", "赵六",
     "2024-02-14", ["张琪"], ["县财政局"], ["县公安局"]),
    (7, 4, None, "今日到期 _ 测试", "2024-03-15", "in-progress", 20, "yellow", "李明",
     "2024-02-13", ["张琪"], ["县公安局"], []),
    (8, 4, 3, "明日之后一天", "2024-03-30", "in-progress", 20, "green", None,
     "2024-03-10", [], [], []),
]
# fmt: on


@pytest.fixture
def db() -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(":memory:")
    con.executescript(
        """
        CREATE TABLE v (pk INTEGER PRIMARY KEY, plan_id INTEGER, no INTEGER, section INTEGER,
            subsection INTEGER, text TEXT, due TEXT, status TEXT, percent INTEGER, light TEXT,
            assignee TEXT, last_update TEXT, last_activity TEXT);
        CREATE TABLE leaders (id INTEGER PRIMARY KEY, name TEXT UNIQUE);
        CREATE TABLE units (id INTEGER PRIMARY KEY, name TEXT UNIQUE);
        CREATE TABLE task_leaders (task_id INTEGER, leader_id INTEGER, position INTEGER);
        CREATE TABLE task_units (task_id INTEGER, unit_id INTEGER, role TEXT, position INTEGER);
        """
    )
    ids: dict[str, dict[str, int]] = {"leaders": {}, "units": {}}

    def name_id(table: str, name: str) -> int:
        if name not in ids[table]:
            cur = con.execute(f"INSERT INTO {table} (name) VALUES (?)", [name])
            ids[table][name] = int(cur.lastrowid or 0)
        return ids[table][name]

    for no, sec, sub, text, due, status, pct, light, who, last, lds, lead, resp in TASKS:
        pk = 100 + no  # internal ids differ from task numbers on purpose
        con.execute(
            "INSERT INTO v VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [pk, no, sec, sub, text, due, status, pct, light, who, last, last],
        )
        for i, name in enumerate(lds):
            con.execute(
                "INSERT INTO task_leaders VALUES (?, ?, ?)", [pk, name_id("leaders", name), i]
            )
        for role, names in (("lead", lead), ("responsible", resp)):
            for i, name in enumerate(names):
                con.execute(
                    "INSERT INTO task_units VALUES (?, ?, ?, ?)",
                    [pk, name_id("units", name), role, i],
                )
    yield con
    con.close()


def db_resolver(con: sqlite3.Connection) -> Callable[[str, str], tuple[int, ...]]:
    def resolve(kind: str, query: str) -> tuple[int, ...]:
        table = "leaders" if kind == "leader" else "units"
        rows = con.execute(f"SELECT id, name FROM {table} ORDER BY id").fetchall()
        found = set(match_names(query, [name for _, name in rows], kind=kind))
        return tuple(i for i, name in rows if name in found)

    return resolve


def select(con: sqlite3.Connection, words: Sequence[str], ctx: FilterContext = CTX) -> list[int]:
    expr = bind(parse_filter(words), today=TODAY, plan_year=2024, resolve=db_resolver(con))
    sql, params = compile_filter(expr, ctx)
    return [row[0] for row in con.execute(f"SELECT v.no FROM v WHERE {sql} ORDER BY v.no", params)]


def test_the_issue_example_finds_the_matching_task(db: sqlite3.Connection) -> None:
    words = [
        "leader:张怀恒",
        "unit:工信",
        "due<2024-07-01",
        "percent<50",
        "not",
        "status:done",
        "5G",
    ]
    assert select(db, words) == [1]


def test_an_empty_filter_finds_every_task(db: sqlite3.Connection) -> None:
    assert select(db, []) == [1, 2, 3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["leader:张怀恒"], [1, 3, 5]),
        (["leader:zhh"], [1, 3, 5]),
        (["leader!=张怀恒"], [2, 4, 6, 7, 8]),
        (["unit:工信"], [1, 3, 5]),
        (["lead:工信"], [1, 5]),
        (["牵头单位:工信"], [1, 5]),
        (["responsible:工信"], [3]),
        (["unit:发改"], [1, 2]),
        (["lead:发改"], [2]),
        (["unit:公安 -lead:公安"], [6]),
        (["section:3"], [4, 5]),
        (["章:三"], [4, 5]),
        (["subsection:1"], [1, 5]),
        (["not subsection:1"], [2, 3, 4, 6, 7, 8]),
        (["id>6"], [7, 8]),
        (["percent>=60"], [3, 4, 5]),
        (["due:2024-03-20"], [3]),
        (["due<=3月20日"], [2, 3, 4, 7]),
        (["due.after:eom"], [1, 5]),
        (["status:进行中"], [1, 7, 8]),
        (["status:done"], [4]),
        (["light:红"], [2, 6]),
        (["assignee:李"], [1, 4, 7]),
        (["not assignee:李明"], [2, 3, 5, 6, 8]),
        (["5G"], [1, 6]),
        (["5g"], [1, 6]),
        (["5G or status:blocked", "leader:张琪"], [1, 6]),  # words do not group
        (["(5G or status:blocked) leader:张琪"], [6]),
        (["5G or status:blocked leader:张琪"], [1, 6]),
        (["-5G", "-(section:3 or section:4)"], [2, 3]),
    ],
)
def test_terms_find_the_right_tasks(
    db: sqlite3.Connection, words: list[str], expected: list[int]
) -> None:
    assert select(db, words) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # not done and due before today (2024-03-15): task 4 is done, task 7 is due today
        (["+overdue"], [2]),
        # not done and 2024-03-15 <= due <= 2024-03-29 (today + 14)
        (["+duesoon"], [3, 6, 7]),
        # not done and last activity before 2024-02-14 (today - 30): 2024-02-14 is not stale
        (["+stale"], [2, 7]),
        (["+done"], [4, 5]),
        (["-+done"], [1, 2, 3, 6, 7, 8]),
        (["+assigned"], [1, 3, 4, 6, 7]),
        (["+unassigned"], [2, 5, 8]),
        (["+overdue or +duesoon"], [2, 3, 6, 7]),
    ],
)
def test_flags_are_computed_from_today_and_the_thresholds(
    db: sqlite3.Connection, words: list[str], expected: list[int]
) -> None:
    assert select(db, words) == expected


def test_thresholds_come_from_the_context(db: sqlite3.Connection) -> None:
    ctx = FilterContext(today="2024-03-15", warn_days=15, stale_days=29)
    assert select(db, ["+duesoon"], ctx) == [3, 6, 7, 8]
    assert select(db, ["+stale"], ctx) == [2, 6, 7]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("%", [2]),
        ("100%", [2]),
        ("_", [2, 7]),
        ("a_b", [2]),
        ("[bold]", [3]),
        ("[/]", [3]),
        ("it's", [3]),
        ('"quoted"', [3]),
        ("; DROP TABLE v; --", [3]),
        ("\\", [4]),
        ("C:\\temp", [4]),
        ("' OR 1=1 --", []),
        ("\x1b[31m", []),
    ],
)
def test_text_search_matches_metacharacters_literally(
    db: sqlite3.Connection, value: str, expected: list[int]
) -> None:
    sql, params = compile_filter(Contains("text", value), CTX)
    assert sql == "(COALESCE(v.text, '') LIKE ? ESCAPE '\\')"
    assert params == [like_pattern(value)]
    rows = db.execute(f"SELECT v.no FROM v WHERE {sql} ORDER BY v.no", params).fetchall()
    assert [r[0] for r in rows] == expected
    assert db.execute("SELECT count(*) FROM v").fetchone()[0] == len(TASKS)


def test_quoted_filter_words_search_metacharacters_literally(db: sqlite3.Connection) -> None:
    assert select(db, ["'; DROP TABLE v; --'"]) == [3]
    assert select(db, ['text:"[bold]重点[/]"']) == [3]
    assert select(db, ['"C:\\temp"']) == [4]
    assert select(db, ["assignee:%"]) == [3]
    assert select(db, ["assignee:王%五"]) == [3]
    assert db.execute("SELECT count(*) FROM v").fetchone()[0] == len(TASKS)


def test_values_are_parameters_never_part_of_the_sql() -> None:
    sql, params = compile_filter(
        And(
            (
                Contains("text", "x' OR '1'='1"),
                Compare("due", "<", "2024-07-01"),
                IdsTerm("unit", "lead", (7, 9)),
            )
        ),
        CTX,
    )
    assert "OR '1'" not in sql and "2024-07-01" not in sql and "lead" not in sql
    assert params == ["%x' OR '1'='1%", "2024-07-01", 7, 9, "lead"]


def test_like_pattern_escapes_percent_underscore_and_backslash() -> None:
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"


def test_a_name_matching_no_task_ids_selects_nothing(db: sqlite3.Connection) -> None:
    sql, params = compile_filter(IdsTerm("leader", None, ()), CTX)
    assert db.execute(f"SELECT count(*) FROM v WHERE {sql}", params).fetchone()[0] == 0
    sql, params = compile_filter(Not(IdsTerm("leader", None, ())), CTX)
    assert db.execute(f"SELECT count(*) FROM v WHERE {sql}", params).fetchone()[0] == len(TASKS)


def test_an_unbound_term_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="bound expression"):
        compile_filter(Term("leader", ":", "张", 1), CTX)


def test_every_example_in_the_filter_help_parses() -> None:
    import shlex

    examples = [line.strip() for line in FILTER_HELP.splitlines() if "guantask filter" in line]
    assert len(examples) >= 4
    for line in examples:
        words = shlex.split(line)[2:]
        words = words[: words.index("--format")] if "--format" in words else words
        assert parse_filter(words) != And(()), line


def test_nodes_equal_only_nodes_of_their_own_kind() -> None:
    from guantask.filters.language import And, Or, Text

    a = Text("5G", 1)
    assert And((a,)) == And((Text("5G", 1),))
    assert And((a,)) != Or((a,))
    assert hash(And((a,))) == hash(And((Text("5G", 1),)))
    assert repr(a) == "Text(value='5G', pos=1)"
    with pytest.raises(AttributeError):
        a.value = "x"  # type: ignore[misc]
