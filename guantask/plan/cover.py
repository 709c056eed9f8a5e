"""The notice's cover: issuer, document number, title, issue date and the plan's year.

`read_document` reads them from the lines before the first heading, task or task table, and
applies what the user gave on the command line (`Identity`). A notice without a year, and
none given, is an error that says to give `--year`; other missing parts are problems, with a
stand-in so that the plan can still be imported.
"""

from __future__ import annotations

import re

from guantask.errors import ParseError
from guantask.plan.model import Document
from guantask.plan.problems import Identity, Problem
from guantask.plan.targets import CN_NUMERAL, cn_to_int

_CN_DATE = rf"(\d{{4}}|[{CN_NUMERAL}]{{4}})年(\d{{1,2}}|[{CN_NUMERAL}]{{1,3}})月"
DATE_RE = re.compile(rf"{_CN_DATE}(\d{{1,2}}|[{CN_NUMERAL}]{{1,3}})日")
DATE_LINE_RE = re.compile(rf"^{DATE_RE.pattern}$")
DOC_NUMBER_RE = re.compile(
    r"([^\s\d〔［\[【（﹝），。；：、《》“”]{1,12})\s*[〔［\[【（﹝]\s*(\d{4})\s*[〕］\]】）﹞]"
    r"\s*第?\s*(\d+)\s*号"
)
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_TITLE_WORDS_RE = re.compile(r"方案|计划|清单|分工|分解|任务|责任")
_CIRCULAR_RE = re.compile(r"关于印发(.+?)的通知")
MISSING_ISSUER = "未注明"


def _date_of(m: re.Match[str]) -> str | None:
    y, mo, d = cn_to_int(m[1]), cn_to_int(m[2]), cn_to_int(m[3])
    if not (y and mo and d and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _title(header: list[tuple[int, str]]) -> str:
    """`…关于印发X的通知` gives X (without its 《》), else a 《…》 that names a plan, else the
    last cover line that reads like a plan's title."""
    joined = "".join(text for _, text in header)
    if c := _CIRCULAR_RE.search(joined):
        title = c[1]
        if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
            title = title[1:-1]
        return title
    for t in re.finditer(r"《(.+?)》", joined):
        if _TITLE_WORDS_RE.search(t[1]):
            return t[1]
    for _, text in reversed(header):
        if _TITLE_WORDS_RE.search(text) and "〔" not in text and not text.endswith("："):
            return re.sub(r"^.*?关于印发|的通知$", "", text)
    return ""


def _issuer(header: list[tuple[int, str]]) -> str:
    for k, (_, text) in enumerate(header):
        if "关于" in text:
            issuer = text.split("关于", 1)[0]
            if not issuer and k > 0 and not DOC_NUMBER_RE.search(header[k - 1][1]):
                issuer = header[k - 1][1]
            if issuer:
                return issuer
            break
    return next((t[:-2] for _, t in header if t.endswith("文件") and len(t) > 2), "")


def _issued(lines: list[str], body_start: int) -> str:
    for i in range(body_start - 1, -1, -1) if body_start else range(len(lines)):
        if d := DATE_LINE_RE.match(lines[i].replace(" ", "")):
            return _date_of(d) or ""
    issued = ""
    for line in lines:
        d = DATE_RE.search(line.replace(" ", ""))
        if d and line.replace(" ", "").endswith("印发"):
            issued = _date_of(d) or ""
    return issued


def _year(title: str, doc: re.Match[str] | None, header: list[tuple[int, str]], issued: str) -> int:
    """The plan's year: from the title, the document number, any other cover line, the date."""
    if y := _YEAR_RE.search(title):
        return int(y[1])
    if doc:
        return int(doc[2])
    for _, text in header:
        if not DATE_RE.search(text) and (y := _YEAR_RE.search(text)):
            return int(y[1])
    return int(issued[:4]) if issued else 0


def read_document(
    lines: list[str],
    *,
    body_start: int,
    first_block: int,
    given: Identity,
    problems: list[Problem],
) -> Document:
    """The document header from the cover (`lines[:first_block]`, the lines before the first
    heading or task), with what the user gave in `given` taking precedence."""
    header = [(i + 1, line.replace(" ", "")) for i, line in enumerate(lines[:first_block]) if line]
    doc = next(
        (found for line in [*lines[:first_block], *lines] if (found := DOC_NUMBER_RE.search(line))),
        None,
    )
    doc_number = given.doc_number or (f"{doc[1]}〔{doc[2]}〕{doc[3]}号" if doc else "")
    title = given.title or _title(header)
    if not doc_number and not title:
        raise ParseError(
            "no document header found: no document number (…〔2024〕1号) or title;"
            " give them with --doc-number and --title"
        )
    issuer = given.issuer or _issuer(header)
    issued = _issued(lines, body_start)
    year = given.year or _year(title, doc, header, issued)
    if not year:
        raise ParseError(
            "no plan year found in the title, cover lines, document number or date;"
            " give it with --year"
        )
    line1 = header[0][0] if header else 1
    if not doc_number:
        doc_number = title
        problems.append(
            Problem(
                line1,
                "no document number (…〔2024〕1号) found: the title stands in (give --doc-number)",
            )
        )
    if not title:
        title = doc_number
        problems.append(
            Problem(line1, "no title 《…》 found: the document number stands in (give --title)")
        )
    if not issuer:
        issuer = MISSING_ISSUER
        problems.append(
            Problem(
                line1, f"no issuer found (…关于印发… or …文件): {issuer} stands in (give --issuer)"
            )
        )
    if not issued:
        issued = f"{year:04d}-01-01"
        problems.append(Problem(line1, f"no issue date found; using {issued}"))
    return Document(issuer=issuer, doc_number=doc_number, title=title, issued=issued, year=year)
