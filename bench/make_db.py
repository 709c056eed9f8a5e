"""Build a synthetic guantask database for the benchmark: many counties' plans over several years.

    python bench/make_db.py OUT.db [--tasks 100000] [--progress 1000000] [--plans 100] [--seed 1]

The schema is guantask's own (the file is created through `guantask.store.open_store`, which runs
the migrations). The rows are generated with `random.Random(seed)`, so the same arguments give the
same database, and loaded with `executemany` in one transaction with the secondary indexes
dropped during the load and re-created afterwards from their own `sqlite_master` definitions;
then ANALYZE. It also writes a 10,000-task plan JSON (the format of data/plan2024.json) for the
import timing, next to the database (`--plan-json` to choose the path, `--plan-tasks` the size).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a source checkout without installing
    sys.path.append(str(ROOT))

TODAY = date(2024, 9, 30)  # the benchmark's GUANTASK_TODAY: no record is dated after it

PREFIXES = "冠莘阳东茌高临聊夏武平齐博邹滕曲泗汶宁梁郓鄄单巨成定曹嘉金鱼微兰费沂蒙莒"
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋"
    "蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟"
)
GIVEN = "怀恒建国志强海涛明华立新伟红霞丽娟玉兰文军永刚春燕秀英宏东庆平安荣光辉德胜利民学忠"
NUMERALS = "一二三四五六七八九十"


def words(text: str) -> tuple[str, ...]:
    """Space-separated names, kept as one paragraph of text to stay readable."""
    return tuple(text.split())


UNITS = words(
    "县发展和改革局 县发展和改革委员会 县工业和信息化局 县财政局 县教育和体育局 县科学技术局 "
    "县公安局 县民政局 县司法局 县人力资源和社会保障局 县自然资源和规划局 县住房和城乡建设局 "
    "县交通运输局 县水利局 县农业农村局 县商务局 县文化和旅游局 县卫生健康局 县退役军人事务局 "
    "县应急管理局 县审计局 县市场监督管理局 县统计局 县医疗保障局 县行政审批服务局 "
    "县综合行政执法局 县大数据中心 县金融服务中心 县投资促进中心 县税务局 县供电公司 "
    "县发展建设投资集团 冠县发展建设投资集团 县城市管理局 市生态环境局冠县分局 县信访局 "
    "县机关事务服务中心 县融媒体中心 县总工会 团县委 县妇联 县残联 县消防救援大队 县气象局 "
    "县邮政分公司 县移动公司 县联通公司 县电信公司 县人民法院 县人民检察院 各乡镇（街道） "
    "县经济开发区管委会 县高新区管委会 县委宣传部 县委组织部 县委政法委 县委编办 县政府办公室 "
    "县乡村振兴局 县林业发展中心 县畜牧兽医事业发展中心"
)
SECTION_TITLES = (
    "坚持稳中求进，推动经济高质量发展",
    "聚焦产业升级，加快构建现代产业体系",
    "深化改革开放，持续激发发展活力",
    "统筹城乡发展，全面推进乡村振兴",
    "坚持生态优先，建设美丽宜居家园",
    "践行人民至上，持续增进民生福祉",
    "统筹发展和安全，推进社会治理现代化",
    "加强政府自身建设，提升行政效能",
)
SUB_TITLES = (
    "扩大有效投资",
    "促进消费回升",
    "培育壮大新动能",
    "优化营商环境",
    "强化要素保障",
    "推进城市更新",
    "办好民生实事",
    "守牢安全底线",
)
VERBS = words(
    "加快推进 深入实施 持续推进 全面落实 扎实开展 大力发展 着力提升 统筹推进 积极培育 稳步推进 "
    "加强 完善 深化 推动 组织实施"
)
OBJECTS = words(
    "5G基站建设 老旧小区改造 高标准农田建设 乡村振兴示范片区建设 营商环境优化提升 数字经济发展 "
    "县城污水管网改造 农村公路提档升级 重点项目建设 招商引资 中小学校舍改造 县域医共体建设 "
    "养老服务体系建设 文旅融合发展 生态环境保护 安全生产专项整治 政务服务一网通办 "
    "新能源汽车推广应用 企业技术改造 特色产业园区建设 城乡供水一体化 冬季清洁取暖改造 "
    "河湖长制落实 耕地保护 粮食生产 畜牧业转型升级 专精特新企业培育 外贸稳规模优结构 "
    "普惠金融服务 社会信用体系建设 公共法律服务体系建设 全民健身设施建设 城市更新行动 "
    "历史文化街区保护 危化品安全治理 食品安全监管 医保基金监管 就业创业服务"
)
GOALS = (
    "确保年底前全面完成",
    "力争取得阶段性成效",
    "形成可复制可推广的经验",
    "群众满意度明显提升",
    "推动各项任务落地见效",
    "全面提升工作质效",
    "建立健全长效机制",
    "确保按期完成既定目标",
)
METRICS = (
    ("5G基站", "个", 300, 2000),
    ("改造老旧小区", "个", 5, 60),
    ("高标准农田", "亩", 10000, 90000),
    ("新增城镇就业", "人", 2000, 9000),
    ("实际到位资金", "元", 5e8, 6e9),
    ("新建农村公路", "公里", 20, 300),
    ("新增注册商标", "件", 200, 1500),
    ("培育专精特新企业", "家", 5, 40),
    ("新增养老床位", "张", 100, 900),
)
GROWTH = ("地区生产总值", "一般公共预算收入", "规模以上工业增加值", "社会消费品零售总额")
DUE_CHOICES = (  # (weight, kind)
    (55, "year"),
    (10, "half"),
    (15, "quarter"),
    (12, "month"),
    (4, "date"),
    (4, "two-years"),
)
CLERKS = ("督查室", "李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "bench")
NOTES = (
    "已完成年度目标任务",
    "按序时进度推进",
    "资金已拨付到位",
    "项目已开工建设",
    "正在组织验收",
    "受天气影响进度滞后",
    "土地指标未落实",
    "已完成前期手续",
    "召开专题推进会",
    "[bold]不是标记[/] 100%",
)


@dataclass(frozen=True, slots=True)
class Args:
    out: Path
    tasks: int
    progress: int
    plans: int
    seed: int
    plan_json: Path
    plan_tasks: int
    today: date
    force: bool
    check: bool
    quiet: bool


def parse_args(argv: list[str] | None = None) -> Args:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path, help="the database file to create")
    p.add_argument("--tasks", type=int, default=100_000, help="tasks in all plans (100000)")
    p.add_argument("--progress", type=int, default=1_000_000, help="progress records (1000000)")
    p.add_argument("--plans", type=int, default=100, help="plans: counties × years (100)")
    p.add_argument("--seed", type=int, default=1, help="random seed (1)")
    p.add_argument("--plan-json", type=Path, help="where to write the import plan (OUT.plan.json)")
    p.add_argument("--plan-tasks", type=int, default=10_000, help="tasks in that plan (10000)")
    p.add_argument("--today", default=TODAY.isoformat(), help="no record after this date")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.add_argument("--check", action="store_true", help="run integrity and foreign-key checks")
    p.add_argument("--quiet", "-q", action="store_true", help="no timing lines on stderr")
    a = p.parse_args(argv)
    if a.plans < 1 or a.tasks < a.plans or a.progress < 0 or a.plan_tasks < 1:
        p.error("need --plans >= 1, --tasks >= --plans, --progress >= 0, --plan-tasks >= 1")
    out: Path = a.out
    return Args(
        out=out,
        tasks=a.tasks,
        progress=a.progress,
        plans=a.plans,
        seed=a.seed,
        plan_json=a.plan_json or out.with_name(out.stem + ".plan.json"),
        plan_tasks=a.plan_tasks,
        today=date.fromisoformat(a.today),
        force=a.force,
        check=a.check,
        quiet=a.quiet,
    )


# ----- generated plans (shared by the database rows and the plan JSON) ------------------------


@dataclass(slots=True)
class GenTask:
    no: int
    section: int
    subsection: int | None
    text: str
    leaders: list[str]
    lead_units: list[str]
    responsible_units: list[str]
    due: date
    due_source: str
    targets: list[dict[str, Any]]


@dataclass(slots=True)
class GenPlan:
    county: str
    prefix: str
    year: int
    doc_number: str
    issuer: str
    title: str
    issued: date
    sections: list[dict[str, Any]]
    tasks: list[GenTask]


def month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def person_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        name = rng.choice(SURNAMES) + given
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def gen_due(rng: random.Random, year: int) -> tuple[date, str]:
    kind = rng.choices([k for _w, k in DUE_CHOICES], [w for w, _k in DUE_CHOICES])[0]
    if kind == "half":
        return date(year, 6, 30), "上半年"
    if kind == "quarter":
        q = rng.randint(1, 4)
        return month_end(year, q * 3), f"{NUMERALS[q - 1]}季度"
    if kind == "month":
        m = rng.randint(3, 11)
        return month_end(year, m), f"{m}月底前"
    if kind == "date":
        m, d = rng.randint(3, 11), rng.choice((10, 15, 20))
        return date(year, m, d), f"{m}月{d}日前"
    if kind == "two-years":
        return date(year + 1, 12, 31), "利用两年时间"
    return date(year, 12, 31), rng.choice(("default", "default", "年底前", "年内"))


def gen_targets(rng: random.Random) -> list[dict[str, Any]]:
    r = rng.random()
    if r > 0.3:
        return []
    out = []
    for _ in range(1 if r > 0.08 else rng.randint(2, 4)):
        if rng.random() < 0.2:
            metric = rng.choice(GROWTH)
            value = float(rng.choice((5, 5.5, 6, 6.5, 7, 8, 10)))
            out.append(
                {
                    "metric": metric,
                    "value": value,
                    "unit": "%",
                    "kind": "growth",
                    "at_least": False,
                    "as_written": f"{metric}增长{value:g}%",
                }
            )
            continue
        metric, unit, lo, hi = rng.choice(METRICS)
        value = float(round(rng.uniform(lo, hi), -1 if hi < 1e6 else -8))
        at_least = rng.random() < 0.3
        shown = f"{value / 1e8:g}亿" if value >= 1e8 else f"{value:g}"
        kind = "add" if metric.startswith("新") else "reach"
        out.append(
            {
                "metric": metric,
                "value": value,
                "unit": unit,
                "kind": kind,
                "at_least": at_least,
                "as_written": f"{metric}{shown}{unit}{'以上' if at_least else ''}",
            }
        )
    # one target per metric, as the parser produces
    seen: dict[str, dict[str, Any]] = {}
    for t in out:
        seen.setdefault(t["metric"], t)
    return list(seen.values())


def gen_text(rng: random.Random, targets: list[dict[str, Any]]) -> str:
    parts = [rng.choice(VERBS) + rng.choice(OBJECTS)]
    for _ in range(rng.randint(0, 2)):
        parts.append(rng.choice(VERBS) + rng.choice(OBJECTS))
    parts.extend(t["as_written"] for t in targets)
    parts.append(rng.choice(GOALS))
    return "，".join(parts) + "。"


def gen_sections(rng: random.Random) -> list[dict[str, Any]]:
    count = rng.randint(5, len(SECTION_TITLES))
    sections = []
    for no in range(1, count + 1):
        subs = []
        if rng.random() < 0.5:
            for sno in range(1, rng.randint(2, 4) + 1):
                subs.append(
                    {
                        "no": sno,
                        "numeral": f"（{NUMERALS[sno - 1]}）",
                        "title": rng.choice(SUB_TITLES),
                    }
                )
        sections.append(
            {
                "no": no,
                "numeral": NUMERALS[no - 1],
                "title": SECTION_TITLES[no - 1],
                "subsections": subs,
            }
        )
    return sections


def gen_plan(
    rng: random.Random,
    *,
    prefix: str,
    year: int,
    n_tasks: int,
    leaders: list[str],
    units: list[str],
) -> GenPlan:
    county = prefix + "县" if len(prefix) == 1 else prefix
    issued = date(year, 1, 10) + timedelta(days=rng.randint(0, 45))
    sections = gen_sections(rng)
    # tasks are spread over the sections in order, then over each section's subsections
    bounds = sorted(rng.sample(range(1, n_tasks), min(len(sections), n_tasks) - 1))
    starts = [1, *[b + 1 for b in bounds]]
    tasks: list[GenTask] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else n_tasks
        sec = sections[i]
        subs = sec["subsections"]
        for no in range(start, end + 1):
            sub = None
            if subs:
                share = (no - start) * len(subs) // max(1, end - start + 1)
                sub = subs[share]["no"]
            targets = gen_targets(rng)
            due, source = gen_due(rng, year)
            lead = rng.sample(units, rng.choice((1, 1, 1, 2)))
            resp = [u for u in rng.sample(units, rng.randint(0, 4)) if u not in lead]
            tasks.append(
                GenTask(
                    no=no,
                    section=sec["no"],
                    subsection=sub,
                    text=gen_text(rng, targets),
                    leaders=rng.sample(leaders, 1 if rng.random() < 0.85 else 2),
                    lead_units=lead,
                    responsible_units=resp,
                    due=due,
                    due_source=source,
                    targets=targets,
                )
            )
    return GenPlan(
        county=county,
        prefix=prefix,
        year=year,
        doc_number=f"{prefix}政办发〔{year}〕{rng.randint(1, 12)}号",
        issuer=f"{county}人民政府办公室",
        title=f"关于印发{county}{year}年政府工作报告重点工作任务分解方案的通知",
        issued=issued,
        sections=sections,
        tasks=tasks,
    )


def county_prefixes(count: int) -> list[str]:
    return [
        PREFIXES[i] if i < len(PREFIXES) else f"{PREFIXES[i % len(PREFIXES)]}{i // len(PREFIXES)}"
        for i in range(count)
    ]


def gen_plans(args: Args, rng: random.Random) -> Iterator[GenPlan]:
    years = min(5, args.plans)
    counties = math.ceil(args.plans / years)
    first_year = args.today.year - years + 1
    prefixes = county_prefixes(counties)
    taken: set[str] = set()
    county_leaders = {p: person_names(rng, 8, taken) for p in prefixes}
    per_plan, extra = divmod(args.tasks, args.plans)
    for i in range(args.plans):
        prefix = prefixes[i // years]
        yield gen_plan(
            rng,
            prefix=prefix,
            year=first_year + i % years,
            n_tasks=per_plan + (1 if i < extra else 0),
            leaders=county_leaders[prefix],
            units=UNITS,
        )


def plan_json(plan: GenPlan) -> dict[str, Any]:
    """The plan in the plan-file format, built through guantask's own dataclasses."""
    from guantask.plan.model import Document, PlanTask, Section, Subsection, Target
    from guantask.plan.model import Plan as ModelPlan

    doc = Document(
        issuer=plan.issuer,
        doc_number=plan.doc_number,
        title=plan.title,
        issued=plan.issued.isoformat(),
        year=plan.year,
    )
    sections = tuple(
        Section(
            no=s["no"],
            numeral=s["numeral"],
            title=s["title"],
            subsections=tuple(Subsection(**ss) for ss in s["subsections"]),
        )
        for s in plan.sections
    )
    tasks = tuple(
        PlanTask(
            no=t.no,
            section=t.section,
            subsection=t.subsection,
            text=t.text,
            leaders=tuple(t.leaders),
            lead_units=tuple(t.lead_units),
            responsible_units=tuple(t.responsible_units),
            due=t.due.isoformat(),
            due_source=t.due_source,
            targets=tuple(Target(**g) for g in t.targets),
        )
        for t in plan.tasks
    )
    return ModelPlan(document=doc, sections=sections, tasks=tasks).to_dict()


# ----- rows ------------------------------------------------------------------------------------


class Rows:
    """Every table's rows, in primary-key order, ready for executemany."""

    def __init__(self) -> None:
        self.plans: list[tuple[Any, ...]] = []
        self.sections: list[tuple[Any, ...]] = []
        self.subsections: list[tuple[Any, ...]] = []
        self.tasks: list[tuple[Any, ...]] = []
        self.leaders: dict[str, int] = {}
        self.units: dict[str, int] = {}
        self.task_leaders: list[tuple[Any, ...]] = []
        self.task_units: list[tuple[Any, ...]] = []
        self.targets: list[tuple[Any, ...]] = []
        self.assignments: list[tuple[Any, ...]] = []
        self.progress: list[tuple[Any, ...]] = []
        self.progress_values: list[tuple[Any, ...]] = []
        self.extensions: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []


def name_id(table: dict[str, int], name: str) -> int:
    got = table.get(name)
    if got is None:
        got = table[name] = len(table) + 1
    return got


@dataclass(slots=True)
class Track:
    """What the progress generator needs to know about one task."""

    pk: int
    start: int  # first possible record day (ordinal)
    end: int  # last possible record day (ordinal)
    due: int
    past_year: bool
    targets: list[tuple[int, float]]  # (target id, target value)


def plan_rows(args: Args, rng: random.Random, rows: Rows) -> list[Track]:
    tracks: list[Track] = []
    section_id = subsection_id = task_pk = target_id = 0
    today = args.today.toordinal()
    for plan_id, plan in enumerate(gen_plans(args, rng), start=1):
        issued = plan.issued.isoformat()
        rows.plans.append(
            (
                plan_id,
                plan.doc_number,
                plan.issuer,
                plan.title,
                issued,
                plan.year,
                f"{issued}T09:00:00+08:00",
            )
        )
        rows.events.append(
            (
                len(rows.events) + 1,
                f"{issued}T09:00:00+08:00",
                "督查室",
                "import",
                plan_id,
                None,
                f"imported {plan.doc_number}: {len(plan.tasks)} tasks",
                None,
                json.dumps({"doc_number": plan.doc_number, "tasks": len(plan.tasks)}),
                json.dumps({"doc_number": plan.doc_number, "previous": None}),
                None,
            )
        )
        for s in plan.sections:
            section_id += 1
            rows.sections.append((section_id, plan_id, s["no"], s["numeral"], s["title"]))
            for ss in s["subsections"]:
                subsection_id += 1
                rows.subsections.append(
                    (subsection_id, section_id, ss["no"], ss["numeral"], ss["title"])
                )
        for t in plan.tasks:
            task_pk += 1
            due, plan_due = t.due, t.due
            if rng.random() < 0.02:  # an extension (延期) granted by the office
                due = plan_due + timedelta(days=rng.choice((30, 61, 92)))
                rows.extensions.append(
                    (
                        len(rows.extensions) + 1,
                        task_pk,
                        plan_due.isoformat(),
                        due.isoformat(),
                        "受客观因素影响申请延期",
                        "督查室",
                        f"{plan_due.isoformat()}T16:00:00+08:00",
                    )
                )
            rows.tasks.append(
                (
                    task_pk,
                    plan_id,
                    t.no,
                    t.section,
                    t.subsection,
                    t.text,
                    due.isoformat(),
                    t.due_source,
                    plan_due.isoformat(),
                    0,
                )
            )
            for pos, name in sorted(
                ((i, name_id(rows.leaders, n)) for i, n in enumerate(t.leaders)),
                key=lambda x: x[1],
            ):
                rows.task_leaders.append((task_pk, name, pos))
            links = [("lead", name_id(rows.units, n), i) for i, n in enumerate(t.lead_units)]
            links += [
                ("responsible", name_id(rows.units, n), i)
                for i, n in enumerate(t.responsible_units)
            ]
            for role, unit, pos in sorted(links):
                rows.task_units.append((task_pk, unit, role, pos))
            tgt: list[tuple[int, float]] = []
            for pos, g in enumerate(t.targets):
                target_id += 1
                rows.targets.append(
                    (
                        target_id,
                        task_pk,
                        pos,
                        g["metric"],
                        g["value"],
                        g["unit"],
                        g["kind"],
                        int(g["at_least"]),
                        g["as_written"],
                    )
                )
                tgt.append((target_id, g["value"]))
            start = plan.issued.toordinal() + 5
            end = min(date(plan.year, 12, 31).toordinal(), today)
            tracks.append(
                Track(task_pk, start, end, due.toordinal(), plan.year < args.today.year, tgt)
            )
            if rng.random() < 0.4:
                assignments(rng, rows, task_pk, plan.issued, t, end)
    return tracks


def assignments(
    rng: random.Random, rows: Rows, task_pk: int, issued: date, t: GenTask, end: int
) -> None:
    day = issued + timedelta(days=rng.randint(3, 30))
    names = ("李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "孙丽", "周强", "吴敏")
    for n in range(1 if rng.random() < 0.85 else 2):
        if day.toordinal() > end:
            break
        cleared = n == 1 and rng.random() < 0.2
        rows.assignments.append(
            (
                len(rows.assignments) + 1,
                task_pk,
                None if cleared else rng.choice(names),
                None if cleared else rng.choice(t.lead_units),
                t.due.isoformat() if rng.random() < 0.3 else None,
                None,
                "督查室",
                f"{day.isoformat()}T10:00:00+08:00",
            )
        )
        day += timedelta(days=rng.randint(20, 120))


def split_counts(rng: random.Random, total: int, tracks: list[Track]) -> list[int]:
    """How many records each task gets: about 12% of current tasks none, the rest ~even."""
    counts = [0] * len(tracks)
    active = [
        i
        for i, tr in enumerate(tracks)
        if tr.end >= tr.start and (tr.past_year or rng.random() >= 0.12)
    ]
    if not active or total == 0:
        return counts
    base, rem = divmod(total, len(active))
    rng.shuffle(active)
    for k, i in enumerate(active):
        counts[i] = base + (1 if k < rem else 0)
    if base >= 2:  # some tasks are reported on often, some rarely: move records around
        for i in active:
            j = active[rng.randrange(len(active))]
            moved = rng.randint(0, counts[i] // 2)
            counts[i] -= moved
            counts[j] += moved
    return counts


def progress_rows(args: Args, rng: random.Random, rows: Rows, tracks: list[Track]) -> None:
    counts = split_counts(rng, args.progress, tracks)
    day_iso: dict[int, str] = {}

    def iso(ordinal: int) -> str:
        s = day_iso.get(ordinal)
        if s is None:
            s = day_iso[ordinal] = date.fromordinal(ordinal).isoformat()
        return s

    recs: list[tuple[str, int, int, str, str | None, str, int]] = []
    rnd = rng.random
    for tr, k in zip(tracks, counts, strict=True):
        if k == 0:
            continue
        span = tr.end - tr.start
        # the final state: most past-year tasks done, current ones along their schedule
        if tr.past_year:
            done = rnd() < 0.85
        else:
            frac = (tr.end - tr.start) / max(1, tr.due - tr.start)
            done = rnd() < (0.8 if frac >= 1 else 0.15 * frac)
        if done:
            final = 100
        else:
            frac = min(1.0, (tr.end - tr.start) / max(1, tr.due - tr.start))
            final = max(1, min(95, int(frac * 100 + (rnd() - 0.6) * 50)))
        days = sorted(tr.start + int(rnd() * (span + 1)) for _ in range(k))
        pcts = sorted(1 + int(rnd() * final) for _ in range(k))
        pcts[-1] = final
        signed = done and k >= 2 and rnd() < 0.6
        last = rnd()
        for n in range(k):
            if n == k - 1 and signed:
                status = "signed-off"
                pct = 100
            elif done and (n == k - 1 or (signed and n == k - 2)):
                status, pct = "done", 100
            else:
                pct = pcts[n]
                if n == k - 1:
                    status = "at-risk" if last < 0.06 else "blocked" if last < 0.09 else "on-track"
                else:
                    r = rnd()
                    status = "at-risk" if r < 0.05 else "blocked" if r < 0.07 else "on-track"
            note = NOTES[int(rnd() * len(NOTES))] if rnd() < 0.3 else None
            who = CLERKS[int(rnd() * len(CLERKS))]
            recs.append((iso(days[n]), tr.pk, pct, status, note, who, n))
    # ids in the order the records were made, as in a real database
    recs.sort(key=lambda r: (r[0], r[1], r[6]))
    targets = {tr.pk: tr.targets for tr in tracks if tr.targets}
    out = rows.progress
    values = rows.progress_values
    for pid, (day, pk, pct, status, note, who, n) in enumerate(recs, start=1):
        at = f"{day}T{9 + pid % 9:02d}:{pid * 7 % 60:02d}:00+08:00"
        out.append((pid, pk, day, pct, status, note, who, at))
        tg = targets.get(pk)
        if tg is not None and (n % 3 == 0 or pct == 100):
            for target_id, target in tg:
                value = round(target * pct / 100, 2)
                values.append((pid, target_id, value, f"{value:g}"))
    values.sort()


# ----- loading ---------------------------------------------------------------------------------

# The columns each table's rows fill, in the order Rows holds them.
COLUMNS: dict[str, str] = {
    "plans": "id doc_number issuer title issued year imported_at",
    "sections": "id plan_id no numeral title",
    "subsections": "id section_id no numeral title",
    "tasks": "id plan_id no section subsection text due due_source plan_due removed",
    "leaders": "id name",
    "units": "id name",
    "task_leaders": "task_id leader_id position",
    "task_units": "task_id unit_id role position",
    "targets": "id task_id position metric value unit kind at_least as_written",
    "assignments": "id task_id assignee unit due note by at",
    "progress": "id task_id date percent status note by at",
    "progress_values": "progress_id target_id value as_written",
    "extensions": "id task_id old_due new_due reason by at",
    "events": "id at by kind plan_id task_no summary before after undo reverts",
}


def load(conn: sqlite3.Connection, rows: Rows, settings: dict[str, str]) -> None:
    """Insert every row in one transaction, secondary indexes dropped and re-created after."""
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
    ).fetchall()
    conn.execute("BEGIN")
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    data: dict[str, Any] = dict(vars(rows))
    data["leaders"] = [(i, n) for n, i in rows.leaders.items()]
    data["units"] = [(i, n) for n, i in rows.units.items()]
    for table, columns in COLUMNS.items():
        names = columns.split()
        quoted = ", ".join(f'"{c}"' for c in names)
        marks = ", ".join("?" * len(names))
        conn.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', data[table])
    conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", settings.items())
    for _name, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")


def build(args: Args) -> dict[str, Any]:
    from guantask.store import open_store

    t0 = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(args.out) + suffix)
        if p.exists():
            if not args.force:
                raise SystemExit(f"make_db: {p} exists (use --force to replace it)")
            p.unlink()
    db = open_store(args.out, create_folder=True, bundled_plan=None)
    db.close()

    rng = random.Random(args.seed)
    rows = Rows()
    tracks = plan_rows(args, rng, rows)
    progress_rows(args, rng, rows, tracks)
    t_gen = time.perf_counter()

    conn = sqlite3.connect(str(args.out), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # a failed build is deleted, not rolled back
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -200000")
        conn.execute("PRAGMA temp_store = MEMORY")
        params = {
            "tasks": args.tasks,
            "progress": args.progress,
            "plans": args.plans,
            "seed": args.seed,
            "today": args.today.isoformat(),
            "plan_tasks": args.plan_tasks,
        }
        # 'seeded' stops guantask from adding the bundled plan on first use
        load(conn, rows, {"seeded": "bench", "bench": json.dumps(params, sort_keys=True)})
        t_load = time.perf_counter()
        if args.check:
            bad = conn.execute("PRAGMA foreign_key_check").fetchall()
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if bad or ok != "ok":
                raise SystemExit(f"make_db: check failed: {ok}; foreign keys: {bad[:5]}")
        conn.execute("PRAGMA journal_mode = WAL")  # as guantask keeps it
    except BaseException:
        conn.close()
        args.out.unlink(missing_ok=True)
        raise
    conn.close()

    import_plan = gen_import_plan(args)
    args.plan_json.write_text(json.dumps(import_plan, ensure_ascii=False, indent=1), "utf-8")
    t_end = time.perf_counter()
    return {
        "plans": len(rows.plans),
        "tasks": len(rows.tasks),
        "progress": len(rows.progress),
        "progress_values": len(rows.progress_values),
        "targets": len(rows.targets),
        "assignments": len(rows.assignments),
        "leaders": len(rows.leaders),
        "units": len(rows.units),
        "generate_s": round(t_gen - t0, 2),
        "load_s": round(t_load - t_gen, 2),
        "total_s": round(t_end - t0, 2),
        "plan_json": str(args.plan_json),
    }


def gen_import_plan(args: Args) -> dict[str, Any]:
    """A plan for the import timing: a county and a year the database does not hold."""
    rng = random.Random(args.seed + 1)
    leaders = person_names(rng, 8, set())
    plan = gen_plan(
        rng,
        prefix="基准",
        year=args.today.year + 1,
        n_tasks=args.plan_tasks,
        leaders=leaders,
        units=UNITS,
    )
    return plan_json(plan)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    info = build(args)
    if not args.quiet:
        print(json.dumps(info, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
