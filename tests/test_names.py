"""Name matching: exact, substring, characters in order, pinyin, and the two refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guantask.errors import AmbiguousName, ExitCode, NameNotFound, UsageError
from guantask.filters.names import match_names, near_duplicates, pinyin_keys

LEADERS = ["张怀恒", "张琪", "张子民", "李明"]
UNITS = [
    "县工业和信息化局",
    "县公安局",
    "县发展和改革局",
    "县发展和改革委员会",
    "县财政局",
    "各乡镇（街道）",
    "县发展建设投资集团",
    "冠县发展建设投资集团",
    "5G专班",
]


def test_an_exact_name_wins_over_longer_names_containing_it() -> None:
    assert match_names("县发展和改革局", UNITS, kind="unit") == ["县发展和改革局"]
    assert match_names("县发展建设投资集团", UNITS, kind="unit") == ["县发展建设投资集团"]


def test_a_substring_finds_every_name_containing_it() -> None:
    assert match_names("发展和改革", UNITS, kind="unit") == ["县发展和改革局", "县发展和改革委员会"]
    assert match_names("公安", UNITS, kind="unit") == ["县公安局"]


def test_half_and_full_width_parentheses_and_case_are_the_same() -> None:
    assert match_names("各乡镇(街道)", UNITS, kind="unit") == ["各乡镇（街道）"]
    assert match_names("乡镇(街", UNITS, kind="unit") == ["各乡镇（街道）"]
    assert match_names("5g专班", UNITS, kind="unit") == ["5G专班"]


def test_characters_in_order_find_abbreviations() -> None:
    assert match_names("工信", UNITS, kind="unit") == ["县工业和信息化局"]
    assert match_names("发改", UNITS, kind="unit") == ["县发展和改革局", "县发展和改革委员会"]
    assert match_names("发改委", UNITS, kind="unit") == ["县发展和改革委员会"]


def test_substring_is_preferred_to_characters_in_order() -> None:
    # 财政 is a substring of 县财政局 only; in-order would not add more here, but 县局
    # (in order in most names) must not be reached when a substring matched.
    assert match_names("财政", UNITS, kind="unit") == ["县财政局"]
    assert match_names("县局", UNITS, kind="unit") == [
        "县工业和信息化局",
        "县公安局",
        "县发展和改革局",
        "县财政局",
    ]


def test_full_pinyin_finds_a_leader() -> None:
    assert match_names("zhanghuaiheng", LEADERS, kind="leader") == ["张怀恒"]
    assert match_names("ZhangHuaiHeng", LEADERS, kind="leader") == ["张怀恒"]
    assert match_names("zhang huai heng", LEADERS, kind="leader") == ["张怀恒"]


def test_initials_find_a_leader() -> None:
    assert match_names("zhh", LEADERS, kind="leader") == ["张怀恒"]
    assert match_names("zq", LEADERS, kind="leader") == ["张琪"]
    assert match_names("lm", LEADERS, kind="leader") == ["李明"]


def test_pinyin_is_a_prefix_of_the_full_pinyin_or_initials_with_or_without_the_county() -> None:
    assert match_names("gongan", UNITS, kind="unit") == ["县公安局"]
    assert match_names("gaj", UNITS, kind="unit") == ["县公安局"]
    assert match_names("xgaj", UNITS, kind="unit") == ["县公安局"]
    assert match_names("zhangqi", LEADERS, kind="leader") == ["张琪"]
    assert match_names("gongye", UNITS, kind="unit") == ["县工业和信息化局"]


def test_letters_that_start_no_reading_match_nothing() -> None:
    # Syllable pieces picked across the name are not the rule: gxj, gongxin name nothing.
    for query in ("gxj", "gongxin", "fg", "xxx"):
        with pytest.raises(NameNotFound):
            match_names(query, UNITS, kind="unit")


def test_a_whole_name_pinyin_match_beats_looser_prefix_matches() -> None:
    # "zm" is the initials of 张子民 as a whole; 张怀恒 does not fit, nor 李明.
    assert match_names("zzm", LEADERS, kind="leader") == ["张子民"]
    assert match_names("lm", [*LEADERS, "李明远"], kind="leader") == ["李明"]


def test_an_ambiguous_pinyin_match_lists_the_candidates() -> None:
    with pytest.raises(AmbiguousName) as info:
        match_names("zhang", LEADERS, kind="leader")
    assert info.value.candidates == ["张怀恒", "张琪", "张子民"]
    assert str(info.value) == "leader 'zhang' is ambiguous: 张怀恒、张琪、张子民"
    with pytest.raises(AmbiguousName) as info:
        match_names("fazhanhe", UNITS, kind="unit")
    assert info.value.candidates == ["县发展和改革局", "县发展和改革委员会"]
    assert info.value.exit_code == ExitCode.USAGE


def test_no_match_lists_up_to_five_closest_names() -> None:
    with pytest.raises(NameNotFound) as info:
        match_names("县交通运输局", UNITS, kind="unit")
    err = info.value
    assert err.kind == "unit"
    assert 1 <= len(err.closest) <= 5
    assert err.closest[0] in ("县公安局", "县财政局")
    assert str(err).startswith("no unit matches '县交通运输局'; closest: ")
    assert err.exit_code == ExitCode.ERROR


def test_no_pinyin_match_lists_names_close_in_pinyin() -> None:
    with pytest.raises(NameNotFound) as info:
        match_names("zhanghuaiheen", LEADERS, kind="leader")
    assert info.value.closest[0] == "张怀恒"


def test_an_empty_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        match_names("  ", UNITS, kind="unit")


def test_duplicate_candidates_are_reported_once() -> None:
    assert match_names("公安", ["县公安局", "县公安局"], kind="unit") == ["县公安局"]


def test_pinyin_keys_give_full_pinyin_and_initials() -> None:
    assert pinyin_keys("张怀恒") == ("zhanghuaiheng", "zhh")
    assert pinyin_keys("县工业和信息化局") == ("xiangongyehexinxihuaju", "xgyhxxhj")
    assert pinyin_keys("5G专班") == ("5gzhuanban", "5gzb")
    assert pinyin_keys("各乡镇（街道）") == ("gexiangzhenjiedao", "gxzjd")


def test_chinese_queries_never_import_pypinyin() -> None:
    code = (
        "import sys\n"
        "from guantask.filters.names import match_names\n"
        f"units = {UNITS!r}\n"
        "match_names('工信', units, kind='unit')\n"
        "match_names('发改', units, kind='unit')\n"
        "try:\n"
        "    match_names('县交通局', units, kind='unit')\n"
        "except Exception:\n"
        "    pass\n"
        "print('pypinyin' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    assert out.strip() == "False"


def test_near_duplicates_pair_variant_spellings_of_one_unit() -> None:
    pairs = near_duplicates(UNITS)
    assert ("县发展和改革局", "县发展和改革委员会") in pairs
    assert ("县发展建设投资集团", "冠县发展建设投资集团") in pairs
    assert ("县工业和信息化局", "县公安局") not in pairs
    assert near_duplicates(["各乡镇(街道)", "各乡镇（街道）"]) == [
        ("各乡镇(街道)", "各乡镇（街道）")
    ]
    assert near_duplicates(["县委", "县委办公室"]) == []
