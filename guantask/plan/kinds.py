"""What a recorded figure means for each kind of target; pure, imported by `record-progress`
without the parser (no dataclasses, no regular expressions).

Kinds (the parser, `plan.targets`, records one per target):

- reach  达到/突破/提高到 N (a count or amount to build up to): cumulative
- add    新增/新建/完成 N (a quantity added over the period): cumulative
- reduce 下降/减少/压减 N (cut by N): cumulative, unless N is a rate
- growth 增长/提高 N% (a growth rate): judged at period end
- level  稳定在/保持在/守住 N (a level to hold): judged at period end
- cap    控制在 N 以内, 不超过 N (an upper bound): judged at period end
"""

from __future__ import annotations

KINDS = ("reach", "growth", "add", "reduce", "level", "cap")
RATE_UNITS = ("%", "个百分点", "倍")
CUMULATIVE_KINDS = ("reach", "add", "reduce")


def is_cumulative(kind: str, unit: str) -> bool:
    """A quantity that builds up over the year (5G基站达到1200个, 完成投资32亿元): a recorded
    figure gives a share of the work done. Rates and levels (增长6%, 控制在4.5%以内, 稳定在35%以上)
    are judged at the end of the period: a figure is shown against the target, no percent."""
    return kind in CUMULATIVE_KINDS and unit not in RATE_UNITS


def on_track(kind: str, actual: float, target: float) -> bool:
    """A figure against its target: at most the target for a cap, at least it otherwise."""
    return actual <= target if kind == "cap" else actual >= target
