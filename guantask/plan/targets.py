"""Deadlines and quantitative targets read from a task's text; pure functions, `re` only.

`extract_due` finds the phrase that sets a task's deadline (年内, 上半年, 6月底前, 利用两年时间 ...)
and `extract_targets` the numbers a task commits to (`5G基站达到1200个` → reach 1200 个). Both are
heuristics for the way county notices are written; the rules are listed in the README
("The plan format").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from guantask.plan.model import Target
from guantask.plan.numbers import scaled

DEFAULT_SOURCE = "default"


def words(text: str) -> tuple[str, ...]:
    """`"牵头领导 责任领导"` → ("牵头领导", "责任领导"): word lists kept readable."""
    return tuple(text.split())


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千"


def cn_to_int(s: str) -> int | None:
    """`一`→1, `十二`→12, `一百二十一`→121, `二〇二四`→2024, `12`→12; None if not a number."""
    s = s.strip()
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    if any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in s):
        return None
    if not any(ch in _CN_UNITS for ch in s):  # digit by digit: 二〇二四
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total, digit = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
    return total + digit


# ----- deadlines ---------------------------------------------------------------------------

_NUM = rf"(?:\d{{1,2}}|[{CN_NUMERAL}]{{1,3}})"
_YEAR = r"(?:(?P<y>\d{4})年)?"
_BEFORE = r"(?:之前|以前|前)"
_DUE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("day", re.compile(rf"{_YEAR}(?P<m>{_NUM})月(?P<d>{_NUM})[日号]{_BEFORE}")),
    ("month", re.compile(rf"{_YEAR}(?P<m>{_NUM})月(?:份)?(?:底|末){_BEFORE}?")),
    ("quarter", re.compile(rf"{_YEAR}第?(?P<q>[一二三四1-4])季度(?:末|底)?{_BEFORE}?")),
    ("half", re.compile(rf"{_YEAR}(?P<h>[上下])半年")),
    ("year_end", re.compile(rf"(?P<y>\d{{4}})年(?:底|末){_BEFORE}?")),
    ("year_end", re.compile(rf"(?<![\d{CN_NUMERAL}多])年(?:底|末){_BEFORE}?")),
    ("year_end", re.compile(rf"(?<![\d{CN_NUMERAL}多几半])年内")),
    ("year_end", re.compile(r"全年")),
    ("years", re.compile(rf"(?:利用|用)(?P<n>\d{{1,2}}|[{CN_NUMERAL}]{{1,3}})年(?:时间|左右)?")),
)
# A 完成时限 field may hold a bare date: 2024年6月30日, 2024年6月, 6月, 2024年.
_BARE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("day", re.compile(rf"{_YEAR}(?P<m>{_NUM})月(?P<d>{_NUM})[日号]")),
    ("day", re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")),
    ("month", re.compile(rf"{_YEAR}(?P<m>{_NUM})月")),
    ("year_end", re.compile(r"(?P<y>\d{4})年")),
)


def _month_end(year: int, month: int) -> date:
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return nxt - timedelta(days=1)


def _due_of(kind: str, m: re.Match[str], year: int) -> date | None:
    groups = m.groupdict()
    y = int(groups["y"]) if groups.get("y") else year
    try:
        if kind == "day":
            month, day = cn_to_int(m["m"]), cn_to_int(m["d"])
            return date(y, month, day) if month and day else None
        if kind == "month":
            month = cn_to_int(m["m"])
            return _month_end(y, month) if month and 1 <= month <= 12 else None
        if kind == "quarter":
            q = cn_to_int(m["q"])
            return _month_end(y, 3 * q) if q else None
        if kind == "half":
            return date(y, 6, 30) if m["h"] == "上" else date(y, 12, 31)
        if kind == "year_end":
            return date(y, 12, 31)
        if kind == "years":
            n = cn_to_int(m["n"])
            return date(y + n - 1, 12, 31) if n else None
    except ValueError:
        return None
    return None


def extract_due(text: str, year: int, *, bare_dates: bool = False) -> tuple[str, str]:
    """The task's deadline as (YYYY-MM-DD, phrase); (year end, "default") when none is stated.

    Several phrases: the latest date wins (上半年启动、年底前完成 → year end). `bare_dates`
    also reads plain dates (`2024年6月30日`), as a 完成时限 field states them.
    """
    compact = re.sub(r"\s+", "", text)
    patterns = _DUE_PATTERNS + (_BARE_PATTERNS if bare_dates else ())
    best: tuple[date, int, str] | None = None
    taken: list[tuple[int, int]] = []
    for kind, pattern in patterns:
        for m in pattern.finditer(compact):
            if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
                continue  # part of a phrase already read (6月底前 is not also 6月)
            due = _due_of(kind, m, year)
            if due is None:
                continue
            taken.append(m.span())
            if best is None or due > best[0] or (due == best[0] and m.start() < best[1]):
                best = (due, m.start(), m.group())
    if best is None:
        return f"{year:04d}-12-31", DEFAULT_SOURCE
    return best[0].isoformat(), best[2]


# ----- targets -----------------------------------------------------------------------------

_UNITS = words(
    "个百分点 平方公里 平方米 立方米 千瓦时 千瓦 兆瓦 公里 千米 公顷 美元 人次 场次 台套 "
    "吨 亩 米 元 个 家 项 件 人 名 场 处 条 座 所 套 户 台 辆 次 批 栋 间 张 床 只 头 株 "
    "棵 篇 部 款 宗 支 期 届 位 种 天 % 倍"
)
_UNIT_ALT = "|".join(re.escape(u) for u in _UNITS)
# A unit character that begins a longer word is not a unit: 场景, 人民, 处理, 条例, 名单 ...
_NOT_UNIT_AFTER = {
    "场": "景所馆地",
    "人": "民才口员",
    "处": "理置",
    "条": "例件款",
    "名": "单称",
    "家": "庭",
    "部": "门",
    "期": "间",
    "位": "置",
    "天": "内然",
    "个": "月工",
}
_NUMBER_RE = re.compile(
    rf"(?P<num>\d+(?:\.\d+)?)\s*(?P<mult>万亿|亿|万)?\s*(?P<unit>{_UNIT_ALT})"
    r"(?P<more>\s*(?:及以上|以上))?"
)
_PERCENT = ("%", "个百分点")
_CLAUSE_END = "，；。：！？\n"
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》"}

# Verbs that end the phrase before a number and say what kind of target it is.
_TRAILING = (
    ("level", "稳定在 保持在"),
    ("cap", "控制在"),
    ("reach", "提高到 提高至 提升到 提升至 增加到 增至 达到 突破 达"),
    ("growth", "增长 提高 提升 增加"),
    ("add", "新增"),
    ("reduce", "下降 降低 减少 压减 削减"),
)
_TRAILING_VERBS = sorted(
    ((verb, kind) for kind, verbs in _TRAILING for verb in words(verbs)),
    key=lambda vk: -len(vk[0]),
)
_AT_LEAST_BEFORE = ("不少于", "不低于", "至少", "超过")
_AT_MOST_BEFORE = ("不超过", "不高于", "低于")
_AT_MOST_AFTER = ("以内", "以下", "之内")
# Verbs whose object is the metric: `新增注册商标 500 件` → 注册商标. All mean "add" except 守住.
_OBJECT_VERBS = sorted(
    words(
        "新增 新建 改建 扩建 新培育 培育 引进 培养 创建 争创 建成 交付 建设 打造 举办 完成 签约 "
        "选派 选拔 发放 招聘 实施 开展 改造 推进 开工 新开工 组织 制修订 制定 修订 认定 申报 "
        "吸引 规划 布局 培训 新改建 改扩建 配备 配置 开通 打通 守住"
    ),
    key=len,
    reverse=True,
)
_REACH_VERBS = ("守住",)  # a level to hold: kind "level"
_PREFIXES = sorted(
    words(
        "力争 确保 其中 全年 年内 累计 努力 力求 争取 全力 进一步 持续 加快 积极 大力 动态 "
        "合理 新开工 全县 共 再 总计 合计"
    ),
    key=len,
    reverse=True,
)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every quoted stretch (“…”, ‘…’, 《…》 ...), outermost only."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        close = _QUOTES.get(text[i])
        if close is not None:
            end = text.find(close, i + 1)
            if end != -1:
                spans.append((i, end + 1))
                i = end + 1
                continue
        i += 1
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < pos < e for s, e in spans)


def _is_unit(m: re.Match[str], text: str) -> bool:
    nxt = text[m.end("unit") : m.end("unit") + 1]
    return not (nxt and nxt in _NOT_UNIT_AFTER.get(m["unit"], ""))


def _is_qualifier(m: re.Match[str], text: str, spans: list[tuple[int, int]]) -> bool:
    """Numbers that name or qualify something rather than commit to it."""
    start = m.start("num")
    before = text[:start].rstrip()
    after = text[m.end() :].lstrip()
    if _inside(start, spans):  # “13331”工程, “15 分钟健身圈”, “八抓20条”
        return True
    if before.endswith("第"):  # 第3批
        return True
    last = before[-1:]
    if last and ((last.isascii() and last.isalnum()) or last in "_{.-~～"):
        return True  # PM2.5, 5G, 3-5 个
    if after.startswith("的"):  # 过 100 万元的经济强村
        return True
    # 过 50 万元行政村: a threshold describing the noun that follows
    return before.endswith(("过", "超")) and _starts_word(after)


def _starts_word(text: str) -> bool:
    """Text that begins with a Chinese character or an opening quote (a noun may follow)."""
    return bool(text) and ("\u4e00" <= text[0] <= "\u9fff" or text[0] in "“‘")


def _strip_prefixes(s: str) -> str:
    changed = True
    while changed and s:
        changed = False
        for p in _PREFIXES:
            if s.startswith(p) and len(s) > len(p):
                s, changed = s[len(p) :], True
                break
    return s


def _following_phrase(text: str) -> str:
    """The noun a number quantifies when it stands first: `3 处县域医疗次中心。` → 县域医疗次中心."""
    m = re.match(r"[^，；。、：！？\n（(]*", text)
    phrase = re.sub(r"\s+", "", m.group() if m else "")
    return re.split(r"到|的", phrase, maxsplit=1)[0]


def _clause_start(text: str, pos: int, spans: list[tuple[int, int]]) -> int:
    i = pos - 1
    while i >= 0:
        if text[i] in _CLAUSE_END and not _inside(i, spans):
            return i + 1
        i -= 1
    return 0


def _metric_and_kind(seg: str) -> tuple[str, str | None, bool, bool]:
    """(metric, kind or None, at_least, trailing) from the phrase before the number;
    `trailing` when a verb such as 达到/增长 ends it (the number is its complement)."""
    at_least = False
    for word in _AT_MOST_BEFORE:
        if seg.endswith(word) and len(seg) > len(word):
            return _strip_prefixes(seg[: -len(word)]), "cap", False, True
    for word in _AT_LEAST_BEFORE:
        if seg.endswith(word):
            seg, at_least = seg[: -len(word)], True
            break
    for verb, kind in _TRAILING_VERBS:
        if seg.endswith(verb) and len(seg) > len(verb):
            return _strip_prefixes(seg[: -len(verb)]), kind, at_least, True
    metric, kind = _object_of(seg)
    return metric, kind, at_least, False


def _object_of(seg: str) -> tuple[str, str | None]:
    """The object of the phrase's verbs and the kind they give.

    Verbs at the start are peeled off (`建成交付回迁安置房` → 回迁安置房, `完成技术改造项目` →
    技术改造项目); without one, the object follows the last verb (`引导企业参与制修订国家标准`
    → 国家标准); a verb that ends the phrase names the work itself (`实施老旧小区改造`).
    """
    seg, kind, peeled = _strip_prefixes(seg), None, False
    while True:
        verb = next((v for v in _OBJECT_VERBS if seg.startswith(v) and len(seg) > len(v)), None)
        if verb is None:
            break
        seg, peeled = _strip_prefixes(seg[len(verb) :]), True
        kind = "level" if verb in _REACH_VERBS else "add"
    if peeled:
        return seg.rstrip("等的"), kind
    cut, found = -1, ""
    for verb in _OBJECT_VERBS:
        pos = seg.rfind(verb)
        if pos != -1 and pos + len(verb) > cut:
            cut, found = pos + len(verb), verb
    if cut == -1:
        return seg.rstrip("等的"), None
    kind = "level" if found in _REACH_VERBS else "add"
    metric = _strip_prefixes(seg[cut:]).rstrip("等的")
    if not metric:
        before, _ = _object_of(seg[: cut - len(found)])
        metric = before + found if before else ""
    return metric, kind


def _value(num: str, mult: str | None) -> int | float:
    value = scaled(num, mult)
    return int(value) if value == value.to_integral_value() else float(value)


# What a recorded figure against each kind means: `guantask.plan.kinds` (is_cumulative, on_track).


def extract_targets(text: str) -> tuple[Target, ...]:
    """Every number the task commits to, in order of appearance.

    A number counts when it carries a unit (个, 家, 亩, 亿元, % ...) and is not a name or a
    qualifier (inside quotes, after 第, part of PM2.5/5G, `过 50 万元的`). The metric is the noun
    phrase before the number (`5G基站达到1200个` → 5G基站), or after it when the number stands
    first (`2 处高端轴承产业园` → 高端轴承产业园).
    """
    spans = _quoted_spans(text)
    targets: list[Target] = []
    prev_end, prev_kind, prev_metric = -1, "reach", ""
    for m in _NUMBER_RE.finditer(text):
        if not _is_unit(m, text) or _is_qualifier(m, text, spans):
            continue
        start, unit = m.start("num"), m["unit"]
        clause = _clause_start(text, start, spans)
        same_clause = prev_end >= clause  # joined to the previous target by 、/和
        seg_start = prev_end if same_clause else clause
        raw_seg = text[seg_start:start]
        seg = re.sub(r"\s+", "", raw_seg).lstrip("、和及与")
        each = seg.endswith("各")  # 国家级、省级、市级特色产业集群各 1 个
        if each:
            seg = seg[:-1]
        written_start = seg_start + raw_seg.rfind("各") if each else start
        metric, kind, at_least, trailing = _metric_and_kind(seg)
        at_least = at_least or bool(m["more"])
        rest = text[m.end() :].lstrip()
        number_first = not trailing and unit not in _PERCENT and _starts_word(rest)
        if number_first and not rest.startswith(("以内", "左右", "以下")):
            metric = _following_phrase(rest) or metric  # number first: 3 处县域医疗次中心
            kind = kind or "add"
        if kind is None:
            kind = prev_kind if same_clause else "reach"
        if kind == "growth" and unit not in _PERCENT:
            kind = "add"  # 增长 500 人 adds people; 增长 6% is a growth rate
        if rest.startswith(_AT_MOST_AFTER) and kind in ("reach", "level"):
            kind = "cap"  # 控制在 4.5% 以内, 降至 30 天以下
        derived = not metric
        if derived:
            if not (same_clause and prev_metric):
                continue
            metric = f"{prev_metric}（{unit}）"  # 老旧小区 3 个、282 户
        targets.append(
            Target(
                metric=metric,
                value=_value(m["num"], m["mult"]),
                unit=unit,
                kind=kind,
                at_least=at_least,
                as_written=text[written_start : m.end()].strip(),
            )
        )
        prev_end, prev_kind = m.end(), kind
        if not derived:
            prev_metric = metric
    return tuple(targets)
