"""The notice parser: the 2024 seed end to end, each extraction artefact, deadline and target
rules one by one, other counties' formats, and golden input/output pairs."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from guantask.errors import ParseError
from guantask.plan.model import PlanTask, Target
from guantask.plan.parser import ParseResult, Problem, normalise_line, parse_notice, split_names
from guantask.plan.planfile import dump_plan
from guantask.plan.targets import extract_due, extract_targets

ROOT = Path(__file__).parent.parent
SEED = ROOT / "data" / "notices" / "guanzhengbanfa-2024-1.txt"
GOLDEN = Path(__file__).parent / "golden" / "notices"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str) -> ParseResult:
    return parse_notice(seed_text)


@pytest.fixture(scope="module")
def tasks(seed: ParseResult) -> dict[int, PlanTask]:
    return {t.no: t for t in seed.plan.tasks}


COVER = """冠山县人民政府办公室文件

冠山政办发〔2025〕9号

冠山县人民政府办公室关于印发《2025年重点工作任务分工方案》的通知

各乡镇人民政府：

现将《2025年重点工作任务分工方案》印发给你们。

冠山县人民政府办公室

2025年2月1日

2025年重点工作任务分工方案

"""


def notice(body: str) -> ParseResult:
    """A small notice: a fixed cover, then `body` (sections and tasks)."""
    return parse_notice(COVER + body)


def line_of(body: str, needle: str) -> int:
    """The 1-based line of `needle` in the notice made of COVER + body."""
    lines = (COVER + body).splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


# ----- the seed end to end ------------------------------------------------------------------


def test_seed_has_121_tasks_numbered_1_to_121_and_no_problems(seed: ParseResult) -> None:
    assert [t.no for t in seed.plan.tasks] == list(range(1, 122))
    assert seed.problems == ()


def test_seed_document_header_comes_from_the_cover(seed: ParseResult) -> None:
    doc = seed.plan.document
    assert doc.issuer == "冠县人民政府办公室"
    assert doc.doc_number == "冠政办发〔2024〕1号"
    assert doc.title == "2024年县政府工作报告重点工作任务责任分工方案"  # stray space removed
    assert doc.issued == "2024-01-31"
    assert doc.year == 2024


def test_seed_has_nine_sections_with_their_subsection_counts(seed: ParseResult) -> None:
    sections = seed.plan.sections
    assert [s.no for s in sections] == list(range(1, 10))
    assert [s.numeral for s in sections] == list("一二三四五六七八九")
    assert [len(s.subsections) for s in sections] == [0, 3, 3, 3, 4, 4, 3, 3, 0]
    for s in sections:
        assert [sub.no for sub in s.subsections] == list(range(1, len(s.subsections) + 1))


def test_headings_with_and_without_a_full_stop_give_titles_without_it(seed: ParseResult) -> None:
    sections = seed.plan.sections
    assert sections[0].title == "主要预期目标"  # written without 。
    assert sections[1].title == "突出科技创新，在产业提质增效上实现新突破"  # written with 。
    assert sections[8].title == "加强政府自身建设"
    assert sections[1].subsections[0].title == "打造更具驱动力的创新体系"


def test_half_width_subsection_heading_with_space(seed: ParseResult) -> None:
    # "(二) 让农村更“美”。"
    sub = seed.plan.sections[3].subsections[1]
    assert (sub.no, sub.numeral, sub.title) == (2, "二", "让农村更“美”")


def test_tasks_know_their_section_and_subsection(tasks: dict[int, PlanTask]) -> None:
    assert (tasks[1].section, tasks[1].subsection) == (1, None)  # section without subsections
    assert (tasks[7].section, tasks[7].subsection) == (2, 1)
    assert (tasks[19].section, tasks[19].subsection) == (2, 3)
    assert (tasks[39].section, tasks[39].subsection) == (4, 2)
    assert (tasks[117].section, tasks[117].subsection) == (8, 3)
    assert (tasks[121].section, tasks[121].subsection) == (9, None)


def test_cover_issuer_date_and_closing_print_line_are_not_tasks(
    seed: ParseResult, tasks: dict[int, PlanTask]
) -> None:
    for t in seed.plan.tasks:
        assert "印发" not in t.text and "此件公开发布" not in t.text
        assert "冠县人民政府办公室" not in t.responsible_units
    assert tasks[121].text == "用心办好12345市民热线，着力解决好人民群众“急难愁盼”。"
    assert tasks[121].responsible_units == ("县政府各部门", "各乡镇（街道）")


def test_task_fields_split_into_leaders_lead_units_and_responsible_units(
    tasks: dict[int, PlanTask],
) -> None:
    t = tasks[1]
    assert t.text == "地区生产总值增长 6%。"
    assert t.leaders == ("张怀恒",)
    assert t.lead_units == ("县发展和改革局",)
    assert t.responsible_units == ("县政府有关部门", "各乡镇（街道）", "县经济开发区")
    assert tasks[15].leaders == ("张怀恒", "张子民", "张琪")


# ----- each artefact of the seed (issue point 4) ----------------------------------------------


def test_page_break_in_the_middle_of_a_word_is_joined(tasks: dict[int, PlanTask]) -> None:
    assert tasks[42].text == "强化示范带动，创建省级和美乡村4个、市级和美乡村 10 个以上。"
    assert "院士工作站、省级重点实验室" in tasks[11].text
    assert "吸引外贸业务回流" in tasks[64].text


def test_page_break_in_the_middle_of_a_name_is_joined(tasks: dict[int, PlanTask]) -> None:
    # "…责任单位：县政府有关部门，各" | "乡镇（街道）、县经济开发区）"
    assert tasks[6].responsible_units == ("县政府有关部门", "各乡镇（街道）", "县经济开发区")


def test_page_break_inside_a_field_label(tasks: dict[int, PlanTask]) -> None:
    # "(牵" | "头领导：张子民；…）"
    assert tasks[84].leaders == ("张子民",)
    assert tasks[84].lead_units == (
        "县住房和城乡建设局",
        "县综合行政执法局",
        "市生态环境局冠县分局",
    )
    assert tasks[84].text.endswith("确保河流断面水质稳定达标。")
    # "（牵头领导：李长峰；牵头" | "单位：县交警大队)"
    assert tasks[79].leaders == ("李长峰",)
    assert tasks[79].lead_units == ("县交警大队",)
    # "（牵" | "头领导：秦立忠、李长峰；…；" | "责任单位：各乡镇（街道））"
    assert tasks[112].leaders == ("秦立忠", "李长峰")
    assert tasks[112].lead_units == ("县委政法委", "县信访局")
    assert tasks[112].responsible_units == ("各乡镇（街道）",)


def test_page_break_inside_the_fields_parenthetical(tasks: dict[int, PlanTask]) -> None:
    # "（牵头领导：张子民；" | "牵头单位：县自然资源和规划局；责任单位：…）"
    t = tasks[61]
    assert t.leaders == ("张子民",)
    assert t.lead_units == ("县自然资源和规划局",)
    assert t.responsible_units == ("县政府有关部门", "各乡镇（街道）", "县经济开发区")
    assert t.text.endswith("提高土地利用效率。")


def test_half_width_and_mixed_parenthesis_pairs(tasks: dict[int, PlanTask]) -> None:
    # (…各乡镇(街道)) is written half-width: names get full-width parentheses
    assert tasks[38].responsible_units == ("各乡镇（街道）",)
    assert tasks[39].responsible_units == ("有关乡镇（街道）",)
    # "（…；责任单位：各乡镇(街道)、县经济开发区)" and "(…各乡镇（街道）、县经济开发区）"
    assert tasks[82].responsible_units == ("各乡镇（街道）", "县经济开发区")
    assert tasks[84].responsible_units == ("各乡镇（街道）", "县经济开发区")
    assert (
        tasks[79].text
        == "扎实开展交通秩序整治，强化城区易堵路段、重点路段管理，提高重要路口通行效率。"
    )


def test_parenthetical_on_its_own_line(tasks: dict[int, PlanTask]) -> None:
    t = tasks[37]
    assert t.text == (
        "深入实施灵芝产业“13331”工程，加快华冠灵芝大健康产业园、融芝联现代农业产业园等项目建设，"
        "引进培育一批精深加工企业，打造全国最大的灵芝交易平台，创建省级知名农产品区域公用品牌，"
        "推动灵芝产量、质量、价值全面提升。"
    )
    assert t.leaders == ("张庆辉", "邢同凯")
    assert t.lead_units == ("县农业农村局", "县乡村振兴局", "店子镇")
    assert t.responsible_units == ()
    assert tasks[90].text == "发挥工业水厂作用，推动水资源节约集约、循环利用。"
    assert tasks[90].lead_units == ("县水利局", "县水务集团")


def test_fragment_repeated_after_a_page_break_is_merged_once(tasks: dict[int, PlanTask]) -> None:
    # "…牵头单位：县发展和改革局）" | "革局；责任单位：县政府有关部门，各乡镇（街道）、县经济开发区）"
    t = tasks[23]
    assert t.text == "健全项目谋划储备长效机制，形成滚动实施、有序接力的良好格局。"
    assert t.leaders == ("张怀恒",)
    assert t.lead_units == ("县发展和改革局",)
    assert t.responsible_units == ("县政府有关部门", "各乡镇（街道）", "县经济开发区")


def test_damaged_parenthetical_of_task_74(tasks: dict[int, PlanTask]) -> None:
    # "…持续改善群众居住条件。（牵头单位：" | "牵头领导：张子民；牵头单位：县住房和城乡建设局；…）"
    t = tasks[74]
    assert (
        t.text
        == "建成交付回迁安置房 2820 套，实现应交尽交；改造老旧小区 3 个、282 户，持续改善群众居住条件。"
    )
    assert t.leaders == ("张子民",)
    assert t.lead_units == ("县住房和城乡建设局",)
    assert t.responsible_units == (
        "县发展建设投资集团",
        "县国际陆港集团",
        "清泉街道",
        "崇文街道",
        "烟庄街道",
    )


def test_comma_before_a_field_label(tasks: dict[int, PlanTask]) -> None:
    # "牵头单位：县委组织部、县人力资源和社会保障局，责任单位：县委人才工作领导小组各成员单位"
    t = tasks[12]
    assert t.lead_units == ("县委组织部", "县人力资源和社会保障局")
    assert t.responsible_units == ("县委人才工作领导小组各成员单位",)


def test_tasks_without_responsible_units(tasks: dict[int, PlanTask]) -> None:
    for no in (28, 47, 66, 68, 69, 79, 102, 114):
        assert tasks[no].responsible_units == (), no
        assert tasks[no].lead_units, no


def test_parentheses_inside_names_are_full_width_and_kept(tasks: dict[int, PlanTask]) -> None:
    assert tasks[58].lead_units == ("县社会信用中心（筹建）",)
    assert tasks[107].responsible_units == ("县直有关部门（单位）",)


def test_text_keeps_its_spaces_and_symbols_as_written(tasks: dict[int, PlanTask]) -> None:
    assert "PM_{2.5}、PM₁₀、优良天数" in tasks[83].text
    assert "“‘服务红色冠县 助力绿色发展’乡村振兴样板银行创建活动-2024”" in tasks[62].text
    assert "5G 基站达到 1200 个、千兆网络端口达到 4.3 万个" in tasks[18].text


# ----- deadlines (issue point 5) --------------------------------------------------------------


def test_seed_deadlines(tasks: dict[int, PlanTask]) -> None:
    stated = {21: "年内", 26: "全年", 64: "全年", 72: "年内", 102: "利用两年时间"}
    for t in tasks.values():
        if t.no == 102:
            assert (t.due, t.due_source) == ("2025-12-31", "利用两年时间")
        else:
            assert (t.due, t.due_source) == ("2024-12-31", stated.get(t.no, "default")), t.no


def test_cover_notice_date_is_not_a_deadline(seed: ParseResult) -> None:
    assert all(t.due != "2024-01-31" for t in seed.plan.tasks)
    r = parse_notice(
        COVER.replace("印发给你们。", "印发给你们，请于2025年3月10日前报送推进计划。")
        + "一、目标\n\n1. 建成县图书馆。（牵头领导：某甲；牵头单位：县文化局）\n"
    )
    assert (r.plan.tasks[0].due, r.plan.tasks[0].due_source) == ("2025-12-31", "default")


@pytest.mark.parametrize(
    ("text", "due", "source"),
    [
        ("推进工作。", "2024-12-31", "default"),
        ("推动更多项目年内投产达效。", "2024-12-31", "年内"),
        ("全年招商引资到位资金50亿元。", "2024-12-31", "全年"),
        ("年底前建成投用。", "2024-12-31", "年底前"),
        ("上半年完成招标。", "2024-06-30", "上半年"),
        ("下半年开工。", "2024-12-31", "下半年"),
        ("一季度完成摸底。", "2024-03-31", "一季度"),
        ("二季度完成。", "2024-06-30", "二季度"),
        ("第三季度末前完成。", "2024-09-30", "第三季度末前"),
        ("四季度验收。", "2024-12-31", "四季度"),
        ("6月底前完成。", "2024-06-30", "6月底前"),
        ("2月底完成。", "2024-02-29", "2月底"),
        ("九月底前完成。", "2024-09-30", "九月底前"),
        ("3月15日前报送。", "2024-03-15", "3月15日前"),
        ("2025年3月15日前建成。", "2025-03-15", "2025年3月15日前"),
        ("利用两年时间创建示范区。", "2025-12-31", "利用两年时间"),
        ("用三年时间完成改造。", "2026-12-31", "用三年时间"),
        ("力争2025年底前建成。", "2025-12-31", "2025年底前"),
    ],
)
def test_deadline_phrases(text: str, due: str, source: str) -> None:
    assert extract_due(text, 2024) == (due, source)


@pytest.mark.parametrize(
    "text",
    [
        "开展新一轮“四减四增”三年行动。",  # a three-year campaign, not this task's deadline
        "五年内实现全覆盖。",
        "推动水资源循环利用。",
        "确保重点建设用地安全利用率达到100%。",
        "每年3月15日开展宣传。",  # a date without 前 is not a deadline in the text
    ],
)
def test_phrases_that_are_not_deadlines(text: str) -> None:
    assert extract_due(text, 2024) == ("2024-12-31", "default")


def test_the_latest_of_several_deadlines_wins() -> None:
    assert extract_due("上半年启动，年底前全部完成。", 2024) == ("2024-12-31", "年底前")
    assert extract_due("一季度完成摸底，6月底前完成改造。", 2024) == ("2024-06-30", "6月底前")


def test_bare_dates_count_only_in_a_deadline_field() -> None:
    assert extract_due("2024年6月30日", 2024) == ("2024-12-31", "default")
    assert extract_due("2024年6月30日", 2024, bare_dates=True) == ("2024-06-30", "2024年6月30日")
    assert extract_due("2024年10月", 2024, bare_dates=True) == ("2024-10-31", "2024年10月")
    assert extract_due("2024年10月底", 2024, bare_dates=True) == ("2024-10-31", "2024年10月底")
    assert extract_due("长期坚持", 2024, bare_dates=True) == ("2024-12-31", "default")


def test_deadline_field_overrides_the_text_and_an_unreadable_one_is_a_problem() -> None:
    body = (
        "一、目标\n\n"
        "1. 年底前建成县图书馆。\n责任领导：某甲\n牵头单位：县文化局\n完成时限：2025年9月30日\n\n"
        "2. 上半年完成改造。\n责任领导：某甲\n牵头单位：县住建局\n完成时限：长期坚持\n"
    )
    r = notice(body)
    first, second = r.plan.tasks
    assert (first.due, first.due_source) == ("2025-09-30", "完成时限：2025年9月30日")
    assert (second.due, second.due_source) == ("2025-06-30", "上半年")
    line = line_of(body, "长期坚持")
    message = "task 2: cannot read 完成时限 长期坚持; due from the text"
    assert r.problems == (Problem(line, message),)


# ----- targets (issue point 6) ----------------------------------------------------------------


def test_task_18_targets_with_wan_multiplied_out(tasks: dict[int, PlanTask]) -> None:
    assert tasks[18].targets == (
        Target("5G基站", 1200, "个", "reach", False, "1200 个"),
        Target("千兆网络端口", 43000, "个", "reach", False, "4.3 万个"),
    )
    assert type(tasks[18].targets[1].value) is int


def test_task_1_growth_target(tasks: dict[int, PlanTask]) -> None:
    assert tasks[1].targets == (Target("地区生产总值", 6, "%", "growth", False, "6%"),)
    assert tasks[6].targets == (Target("居民人均可支配收入", 6.2, "%", "growth", False, "6.2%"),)
    assert tasks[7].targets == (Target("全社会研发投入", 8, "%", "growth", True, "8% 以上"),)


def test_task_8_has_six_targets(tasks: dict[int, PlanTask]) -> None:
    assert [(t.metric, t.value, t.unit, t.kind) for t in tasks[8].targets] == [
        ("国家级专精特新“小巨人”企业", 1, "家", "add"),
        ("高新技术企业", 10, "家", "add"),
        ("山东省瞪羚企业", 2, "家", "add"),
        ("质量标杆企业", 3, "家", "add"),
        ("绿色工厂", 2, "家", "add"),
        ("专精特新企业", 20, "家", "add"),
    ]


def test_at_least_targets(tasks: dict[int, PlanTask]) -> None:
    assert tasks[9].targets == (
        Target("国家标准、行业标准", 4, "项", "add", True, "4 项以上"),
        Target("注册商标", 500, "件", "add", True, "500 件以上"),
        Target("发明专利", 10, "件", "add", True, "10 件以上"),
    )


def test_yi_is_multiplied_out_and_as_written_kept(tasks: dict[int, PlanTask]) -> None:
    assert tasks[62].targets == (
        Target("各项贷款", 4_000_000_000, "元", "add", False, "40 亿元"),
        Target("普惠贷款", 2_500_000_000, "元", "add", False, "25 亿元"),
        Target("政策性银行贷款", 1_000_000_000, "元", "add", False, "10 亿元"),
        Target(
            "“冠县乡村振兴金融服务平台”线上发放贷款", 5_000_000_000, "元", "reach", False, "50 亿元"
        ),
    )
    assert [t.value for t in tasks[31].targets] == [873_000, 50_000, 155_000]


def test_number_before_its_noun_names_the_metric_after_it(tasks: dict[int, PlanTask]) -> None:
    assert tasks[16].targets == (Target("高端轴承产业园", 2, "处", "add", False, "2 处"),)
    assert tasks[100].targets == (Target("城区优秀教师", 1000, "名", "add", True, "1000 名以上"),)
    assert tasks[31].targets[0] == Target("耕地红线", 873_000, "亩", "level", False, "87.3 万亩")


def test_each_and_a_second_unit_of_the_same_thing(tasks: dict[int, PlanTask]) -> None:
    assert tasks[14].targets == (
        Target("国家级、省级、市级特色产业集群", 1, "个", "add", False, "各 1 个"),
    )
    assert tasks[74].targets == (
        Target("回迁安置房", 2820, "套", "add", False, "2820 套"),
        Target("老旧小区", 3, "个", "add", False, "3 个"),
        Target("老旧小区（户）", 282, "户", "add", False, "282 户"),
    )


def test_thresholds_that_qualify_a_noun_are_not_targets(tasks: dict[int, PlanTask]) -> None:
    # "集体收入过 50 万元行政村占比稳定在 35%以上，努力培育更多过 100 万元的经济强村"
    assert tasks[49].targets == (
        Target("集体收入过50万元行政村占比", 35, "%", "level", True, "35%以上"),
    )
    assert [t.metric for t in tasks[26].targets] == [
        "招商引资到位资金",
        "过亿元项目",
        "过50亿元的项目",
    ]


@pytest.mark.parametrize(
    "no",
    [
        37,  # 灵芝产业“13331”工程
        67,  # 国道 309 冠县段
        83,  # PM_{2.5}、PM₁₀
        99,  # 第三中学、第四中学
        102,  # 利用两年时间
        113,  # “八抓20条”
        121,  # 12345市民热线
    ],
)
def test_seed_tasks_whose_numbers_are_not_targets(tasks: dict[int, PlanTask], no: int) -> None:
    assert tasks[no].targets == ()


def test_names_and_slogans_next_to_real_targets_are_skipped(tasks: dict[int, PlanTask]) -> None:
    # “15 分钟健身圈” is a name; 15 场 is the target
    assert tasks[111].targets == (Target("全民健身运动会", 15, "场", "add", True, "15 场以上"),)
    # "一带一路" and the 2024 in a campaign name are not numbers to reach
    assert [t.metric for t in tasks[64].targets] == ["实绩出口企业", "进出口总额"]
    assert len(tasks[62].targets) == 4
    # 兴华路、杭州路 are roads; 10 条 is the target
    assert tasks[69].targets == (Target("道路建设", 10, "条", "add", False, "10 条"),)


@pytest.mark.parametrize(
    "text",
    [
        "根据冠政办发〔2024〕1号文件要求推进。",
        "到2025年底全面完成。",
        "建成投用第3批示范点。",
        "落实“八抓20条”措施。",
        "用心办好12345市民热线。",
        "实现PM2.5浓度持续改善，推进5G建设。",
        "完善“15 分钟健身圈”。",
        "努力培育更多过 100 万元的经济强村。",
        "推动国道 309 冠县段南移。",
        "打造智能制造场景。",
    ],
)
def test_numbers_that_are_not_targets(text: str) -> None:
    assert extract_targets(text) == ()


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("新增注册商标 500 件以上。", Target("注册商标", 500, "件", "add", True, "500 件以上")),
        (
            "粮食总产稳定在38万吨以上。",
            Target("粮食总产", 380_000, "吨", "level", True, "38万吨以上"),
        ),
        ("PM2.5平均浓度下降5%。", Target("PM2.5平均浓度", 5, "%", "reduce", False, "5%")),
        (
            "城镇调查失业率控制在4.5%以内。",
            Target("城镇调查失业率", 4.5, "%", "cap", False, "4.5%"),
        ),
        ("审批时限不超过5天。", Target("审批时限", 5, "天", "cap", False, "5天")),
        (
            "研发投入强度提高0.2个百分点。",
            Target("研发投入强度", 0.2, "个百分点", "growth", False, "0.2个百分点"),
        ),
        ("城镇就业增长 500 人。", Target("城镇就业", 500, "人", "add", False, "500 人")),
        ("完成投资1.5亿元。", Target("投资", 150_000_000, "元", "add", False, "1.5亿元")),
        ("收入增长6%与经济同步。", Target("收入", 6, "%", "growth", False, "6%")),
        (
            "到位资金达到50亿元左右。",
            Target("到位资金", 5_000_000_000, "元", "reach", False, "50亿元"),
        ),
        ("实施老旧小区改造12个。", Target("老旧小区改造", 12, "个", "add", False, "12个")),
        (
            "总投资700亿元以上。",
            Target("总投资", 70_000_000_000, "元", "reach", True, "700亿元以上"),
        ),
    ],
)
def test_target_rules(text: str, target: Target) -> None:
    assert extract_targets(text) == (target,)


def test_list_after_a_verb_shares_its_kind() -> None:
    got = extract_targets("新建幼儿园2所、改扩建中小学校5所，新增学位1800个。")
    assert [(t.metric, t.value, t.kind) for t in got] == [
        ("幼儿园", 2, "add"),
        ("中小学校", 5, "add"),
        ("学位", 1800, "add"),
    ]


# ----- names and normalisation ----------------------------------------------------------------


def test_names_split_on_dunhao_and_commas_with_spaces_removed() -> None:
    assert split_names("县政府有关部门，各乡镇(街道)、 县经济 开发区") == [
        "县政府有关部门",
        "各乡镇（街道）",
        "县经济开发区",
    ]
    assert split_names("县直有关部门（单位，含派驻机构）、县财政局") == [
        "县直有关部门（单位，含派驻机构）",
        "县财政局",
    ]


def test_normalise_line_makes_punctuation_full_width_but_keeps_numbers() -> None:
    assert normalise_line("（牵头领导:张三;牵头单位:县财政局,责任单位:各镇(街道))") == (
        "（牵头领导：张三；牵头单位：县财政局，责任单位：各镇（街道））"
    )
    assert normalise_line("１．投资1,200万元，9:30开会，PM₁₀") == "1.投资1,200万元，9:30开会，PM₁₀"


def test_nfkc_notice_parses_like_the_original(seed_text: str, seed: ParseResult) -> None:
    """Half-width punctuation throughout (an NFKC-normalised extraction) changes nothing but
    the characters NFKC itself rewrites (PM₁₀ → PM10)."""
    r = parse_notice(unicodedata.normalize("NFKC", seed_text))
    assert r.problems == ()
    assert r.plan.document == seed.plan.document
    assert r.plan.sections == seed.plan.sections
    changed = [a.no for a, b in zip(seed.plan.tasks, r.plan.tasks, strict=True) if a != b]
    assert changed == [83]


def test_line_endings_and_missing_blank_lines_do_not_matter(
    seed_text: str, seed: ParseResult
) -> None:
    assert parse_notice(seed_text.replace("\n", "\r\n")).plan == seed.plan
    assert parse_notice(seed_text.replace("\n\n", "\n")).plan == seed.plan


# ----- other counties' formats ------------------------------------------------------------------


def test_fields_on_their_own_lines_with_other_labels() -> None:
    r = notice(
        "一、经济发展\n\n"
        "1. 新增市场主体3000户。\n"
        "分管领导：李晓梅、王建国\n"
        "牵头单位：县市场监督管理局\n"
        "协同单位：县工业和信息化局、各\n\n"
        "镇（街道）\n\n"
        "2. 地区生产总值增长5%。\n"
        "责任领导：王建国\n"
        "牵头单位：县发展和改革局\n"
        "配合单位：县统计局，各镇（街道）\n"
        "\n冠山县人民政府办公室\n\n2025年2月1日印发\n"
    )
    assert r.problems == ()
    first, second = r.plan.tasks
    assert first.text == "新增市场主体3000户。"
    assert first.leaders == ("李晓梅", "王建国")
    assert first.responsible_units == ("县工业和信息化局", "各镇（街道）")
    assert second.leaders == ("王建国",)
    assert second.responsible_units == ("县统计局", "各镇（街道）")


def test_tasks_numbered_in_parentheses_under_subsections() -> None:
    r = notice(
        "一、扩大投资\n\n（一）抓项目\n\n"
        "（1）实施重点项目25个。（责任领导：周海涛；牵头单位：县发改局；完成时限：2025年9月底）\n\n"
        "（2）开工建设污水厂。（责任领导：周海涛；牵头单位：县住建局）\n\n"
        "（二）抓招商\n\n"
        "（3）签约项目20个。（分管领导：吴国栋；牵头单位：县投促中心）\n"
    )
    assert r.problems == ()
    assert [(t.no, t.section, t.subsection) for t in r.plan.tasks] == [
        (1, 1, 1),
        (2, 1, 1),
        (3, 1, 2),
    ]
    assert [s.title for s in r.plan.sections[0].subsections] == ["抓项目", "抓招商"]
    assert (r.plan.tasks[0].due, r.plan.tasks[0].due_source) == (
        "2025-09-30",
        "完成时限：2025年9月底",
    )


def test_tasks_numbered_with_chinese_numerals_in_parentheses() -> None:
    r = notice(
        "一、产业\n\n"
        "(一)完成技术改造项目30个。\n责任领导：钱永军\n牵头单位：县工信局\n\n"
        "二、环境\n\n"
        "(二)打通断头路5条。\n责任领导：林春华\n牵头单位：县住建局\n完成时限：2025年10月底\n"
    )
    assert r.problems == ()
    assert [(t.no, t.section, t.subsection) for t in r.plan.tasks] == [(1, 1, None), (2, 2, None)]
    assert [s.subsections for s in r.plan.sections] == [(), ()]
    assert r.plan.tasks[1].due == "2025-10-31"


def test_task_numbers_restarting_in_each_section_get_running_ids() -> None:
    body = (
        "一、甲\n\n1. 任务一。（牵头领导：甲；牵头单位：县甲局）\n\n"
        "二、乙\n\n1. 任务二。（牵头领导：乙；牵头单位：县乙局）\n"
    )
    r = notice(body)
    assert [t.no for t in r.plan.tasks] == [1, 2]
    line = line_of(body, "任务二")
    assert r.problems == (Problem(line, "task numbered 1 again: given id 2"),)


# ----- problems and errors ------------------------------------------------------------------


def test_unresolved_oddities_are_reported_with_their_lines() -> None:
    body = (
        "一、民生\n\n"
        "1. 建设村卫生室12个。（牵头领导：冯立平；督办科室：县督查室；牵头单位：县卫健局）\n\n"
        "— 2 —\n\n"
        "3. 配备心理健康教师40名。（牵头领导：冯立平；牵头单位：县教育局）\n\n"
        "4. 开通公交线路3条。\n\n"
        "二、工作要求\n\n"
        "各牵头单位要细化措施。\n"
    )
    r = notice(body)
    assert [t.no for t in r.plan.tasks] == [1, 3, 4]
    assert r.plan.tasks[0].lead_units == ("县卫健局",)
    assert r.problems == (
        Problem(line_of(body, "督办科室"), "task 1: unknown field 督办科室: ignored"),
        Problem(line_of(body, "3. "), "task 3 follows task 1"),
        Problem(line_of(body, "4. "), "task 4: no leader and no lead unit"),
        Problem(line_of(body, "工作要求"), "section 二、工作要求 has no tasks: left out"),
    )
    assert [s.no for s in r.plan.sections] == [1]


def test_text_after_a_finished_task_is_reported_not_merged() -> None:
    body = (
        "一、民生\n\n1. 建设村卫生室12个。（牵头领导：冯立平；牵头单位：县卫健局）\n\n"
        "另请各单位每月报送进展情况。\n"
    )
    r = notice(body)
    assert r.plan.tasks[0].text == "建设村卫生室12个。"
    message = "text outside any task ignored: 另请各单位每月报送进展情况。"
    assert r.problems == (Problem(line_of(body, "另请"), message),)


def test_unclosed_fields_stop_at_the_signature_and_are_reported() -> None:
    body = (
        "一、民生\n\n1. 建设村卫生室12个。（牵头领导：冯立平；牵头单位：县卫健局；责任单位：各乡镇\n\n"
        "冠山县人民政府办公室\n\n2025年2月1日印发\n"
    )
    r = notice(body)
    assert r.plan.tasks[0].responsible_units == ("各乡镇",)
    assert r.problems == (Problem(line_of(body, "1. "), "task 1: the fields' （ is never closed"),)


def test_a_number_after_a_page_break_is_not_taken_for_a_far_task_number() -> None:
    r = notice(
        "一、民生\n\n1. 改造老旧小区\n\n10、20个。（牵头领导：冯立平；牵头单位：县住建局）\n"
    )
    assert [t.no for t in r.plan.tasks] == [1]
    assert r.plan.tasks[0].text == "改造老旧小区10、20个。"
    assert r.problems == ()


def test_no_tasks_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="no numbered tasks"):
        parse_notice(COVER + "一、目标\n\n全年完成各项工作。\n")
    with pytest.raises(ParseError):
        parse_notice("")


def test_no_document_header_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="no document header"):
        parse_notice("一、目标\n\n1. 建成图书馆。（牵头领导：某甲；牵头单位：县文化局）\n")


def test_missing_cover_details_are_problems_not_errors() -> None:
    r = parse_notice(
        "《2025年任务清单》\n\n一、目标\n\n1. 建成图书馆。（牵头领导：某甲；牵头单位：县文化局）\n"
    )
    assert r.plan.document.year == 2025
    assert r.plan.document.issued == "2025-01-01"
    assert (r.plan.document.doc_number, r.plan.document.issuer) == ("2025年任务清单", "未注明")
    assert {p.message for p in r.problems} == {
        "no document number (…〔2024〕1号) found: the title stands in (give --doc-number)",
        "no issuer found (…关于印发… or …文件): 未注明 stands in (give --issuer)",
        "no issue date found; using 2025-01-01",
    }


# ----- golden pairs and the shipped plan ------------------------------------------------------


def _golden_output(result: ParseResult) -> tuple[str, str]:
    problems = "".join(f"{p}\n" for p in result.problems)
    return dump_plan(result.plan), problems


@pytest.mark.parametrize("source", sorted(GOLDEN.glob("*.txt")), ids=lambda p: p.stem)
def test_golden_notice(source: Path, update_golden: bool) -> None:
    plan_text, problems = _golden_output(parse_notice(source.read_text(encoding="utf-8")))
    plan_file = source.with_suffix(".json")
    problems_file = source.with_suffix(".problems")
    if update_golden:
        plan_file.write_text(plan_text, encoding="utf-8")
        if problems:
            problems_file.write_text(problems, encoding="utf-8")
        else:
            problems_file.unlink(missing_ok=True)
    assert plan_text == plan_file.read_text(encoding="utf-8")
    expected = problems_file.read_text(encoding="utf-8") if problems_file.exists() else ""
    assert problems == expected


def test_there_are_golden_notices_in_each_format() -> None:
    names = {p.stem for p in GOLDEN.glob("*.txt")}
    assert len(names) >= 3
    assert all(GOLDEN.joinpath(f"{n}.json").exists() for n in names)


def test_shipped_plan2024_is_the_parse_of_the_seed(seed: ParseResult) -> None:
    assert dump_plan(seed.plan) == (ROOT / "data" / "plan2024.json").read_text(encoding="utf-8")
