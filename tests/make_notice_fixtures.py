"""Writes the notice fixtures of tests/fixtures/notices/ that Python can make.

    python tests/make_notice_fixtures.py          # the .docx, .xlsx and .txt fixtures
    python tests/make_notice_fixtures.py --pdf    # also the PDFs, once, with LibreOffice

Each fixture is a notice of an invented county in a layout found in real ones: a Word notice
in paragraphs, a Word notice whose tasks are a table with merged cells, an Excel 任务分解表
with a two-row header, a text copied from a web page (half-width punctuation), and PDFs
exported by LibreOffice (`soffice --headless --convert-to pdf`) from two Word notices. The
PDFs are committed as exported; regenerating them needs LibreOffice with CJK fonts.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent / "fixtures" / "notices"

# ----- a Word notice in paragraphs: the year outside 《》, no document number ------------------

PARAGRAPHS = """\
白云区人民政府办公室
关于印发2023年区《政府工作报告》确定的重点工作任务责任分解方案的通知
各街道办事处，区政府各部门：
经区政府同意，现将2023年区《政府工作报告》确定的重点工作任务责任分解方案印发给你们，请认真贯彻落实。
白云区人民政府办公室
2023年2月20日
一、稳住经济大盘
1.全区地区生产总值增长6%左右，一般公共预算收入增长5%。（责任领导：钱立新；牵头单位：区发展改革局；协办单位：区财政局、区统计局）
2.加快交易平台和储备制度建设，年内建成区级公共资源交易平台。（区发展改革局、区财政局牵头落实）
3.新增市场主体3000户以上。（分管领导：孙海燕；牵头单位：区市场监管局；配合单位：各街道办事处；时间节点：2023年9月底前）
二、办好民生实事
4.新建社区养老服务站10个。（区民政局负责，2023年6月底前）
5.改造老旧小区12个，惠及居民4500户。（责任领导：孙海燕；牵头单位：区住房城乡建设局；协办单位：各街道办事处）
6.持续推进全民健身设施补短板工程。（区文化体育局、区卫生健康局分别负责，年内持续推进）
"""

# ----- a Word notice whose tasks are a table, with merged cells --------------------------------

TABLE_COVER = [
    "云溪市人民政府办公室文件",
    "云政办发〔2024〕12号",
    "云溪市人民政府办公室关于印发《2024年市政府工作报告重点工作分工方案》的通知",
    "各县（区）人民政府，市政府各部门：",
    "现将《2024年市政府工作报告重点工作分工方案》印发给你们，请抓好落实。",
    "云溪市人民政府办公室",
    "2024年3月5日",
    "2024年市政府工作报告重点工作分工方案",
]
TABLE_HEADER = ["序号", "重点工作", "分管领导", "牵头单位", "配合单位", "完成时限"]
# A row is a section (one string) or six cells; "^" marks a cell merged with the one above.
TABLE_ROWS: list[Any] = [
    "一、扩大有效需求",
    [
        "1",
        "完成固定资产投资增长8%，实施重点项目200个。",
        "周明远",
        "市发展改革委",
        "各县（区）人民政府",
        "2024年12月底前",
    ],
    [
        "2",
        "社会消费品零售总额增长7%，举办促消费活动50场。",
        "^",
        "市商务局",
        "市财政局、市文化旅游局",
        "全年",
    ],
    ["3", "新增出口实绩企业60家。", "^", "^", "市海关、市税务局", "2024年9月底前"],
    "二、提升城市品质",
    [
        "4",
        "新建改建城市道路30公里。",
        "吴秀兰",
        "市住房城乡建设局",
        "市自然资源局",
        "2024年10月底前",
    ],
    ["5", "新增城市绿地面积50万平方米。", "^", "市城市管理局", "^", "上半年"],
    ["6", "推进城市更新，改造城中村3个。", "", "", "各县（区）人民政府", "长期坚持"],
]


def _docx_table_notice(path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    for line in TABLE_COVER:
        doc.add_paragraph(line)
    table = doc.add_table(rows=1, cols=len(TABLE_HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, TABLE_HEADER, strict=True):
        cell.text = text
    for row in TABLE_ROWS:
        cells = table.add_row().cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[-1])
            merged.text = row
            continue
        for c, text in enumerate(row):
            if text == "^":
                above = table.rows[len(table.rows) - 2].cells[c]
                above.merge(cells[c])  # the value stays in the top cell
            else:
                cells[c].text = text
    for p in doc.paragraphs:
        for run in p.runs:
            run.font.size = Pt(12)
    doc.add_paragraph("（此件公开发布）")
    doc.save(path)


def _docx_paragraphs(path: Path, text: str) -> None:
    from docx import Document

    doc = Document()
    for line in text.splitlines():
        doc.add_paragraph(line)
    doc.save(path)


# ----- an Excel 任务分解表 with a two-row header ------------------------------------------------

XLSX_ROWS: list[Any] = [
    ["松江市2024年政府工作报告重点任务分解表"],
    ["序号", "重点任务", "责任分工", None, None, "时间节点"],
    [None, None, "市政府分管领导", "牵头单位", "协办单位", None],
    ["一、产业发展"],
    [1, "规模以上工业增加值增长7.5%。", "郑国华", "市工业和信息化局", "市统计局", "2024年12月31日"],
    [2, "新培育专精特新企业20家。", None, "市工业和信息化局", "市科技局", "2024年11月"],
    [3, "引进亿元以上项目40个。", "冯建军", "市投资促进局", "各县（市、区）", "全年"],
    ["二、民生保障"],
    [4, "城镇新增就业2.5万人。", "卫丽君", "市人力资源社会保障局", "各县（市、区）", "2024年12月"],
    [5, "建成保障性租赁住房1200套。", None, None, "市自然资源和规划局", "视进度"],
]
XLSX_MERGES = ["A1:F1", "C2:E2", "A2:A3", "B2:B3", "F2:F3", "A4:F4", "C5:C6", "A8:F8", "C9:C10"]


def _xlsx(path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分解表"
    for row in XLSX_ROWS:
        ws.append(row)
    for rng in XLSX_MERGES:
        ws.merge_cells(rng)
    wb.create_sheet("说明").append(["填表说明：请各单位按月报送进展。"])
    wb.save(path)


# ----- a text copied from a web page: half-width punctuation, labels of other places ----------

WEB_TEXT = """\
青山县人民政府办公室关于印发2024年县政府工作报告重点工作任务分工的通知
青政办发[2024]5号
各乡镇人民政府,县政府各部门:
现将2024年县政府工作报告重点工作任务分工印发给你们,请认真抓好落实。
青山县人民政府办公室
2024年1月26日
一、着力稳增长
1.地区生产总值增长6.5%,固定资产投资增长8%。(县政府分管领导:陈东;牵头单位:县发展和改革局;配合单位:县统计局,县财政局;完成时限:2024年12月底前)
2.加快建设县域物流中心,2024年6月底前建成投用。(县商务局,县交通运输局牵头落实)
3.深化"放管服"改革,企业开办时间压缩至1个工作日。(县政府分管领导:林平;牵头单位:县行政审批局;配合单位:县市场监管局)
二、着力惠民生
4.新增城镇就业2800人。(县人社局负责,年内持续推进)
5.全面落实各项惠民政策。(国务院各部门分别负责,年内持续推进)
"""


def write_all(folder: Path = HERE) -> list[Path]:
    """The Python-made fixtures, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    made = [
        folder / "baiyun-2023-paragraphs.docx",
        folder / "yunxi-2024-table-merged.docx",
        folder / "songjiang-2024-two-row-header.xlsx",
        folder / "qingshan-2024-web-halfwidth.txt",
    ]
    _docx_paragraphs(made[0], PARAGRAPHS)
    _docx_table_notice(made[1])
    _xlsx(made[2])
    made[3].write_text(WEB_TEXT, encoding="utf-8")
    return made


def write_pdfs(folder: Path = HERE) -> list[Path]:
    """The PDFs: two Word notices exported with LibreOffice (run once; the PDFs are committed)."""
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        sources = [Path(tmp) / "jinhe-2024-paragraphs.docx", Path(tmp) / "yunxi-2024-table.docx"]
        _docx_paragraphs(sources[0], PDF_PARAGRAPHS)
        _docx_table_notice(sources[1])
        for src in sources:
            subprocess.run(
                ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(src)],
                check=True,
                capture_output=True,
            )
            made.append(folder / (src.stem + ".pdf"))
    return made


# The PDF in paragraphs: long tasks that wrap over lines and a page, as exported PDFs do.
PDF_PARAGRAPHS = """\
金禾县人民政府办公室文件
金政办发〔2024〕3号
金禾县人民政府办公室关于印发《金禾县2024年重点工作任务责任分工方案》的通知
各乡镇人民政府，县直各部门：
现将《金禾县2024年重点工作任务责任分工方案》印发给你们，请结合实际认真贯彻落实。
金禾县人民政府办公室
2024年2月8日
金禾县2024年重点工作任务责任分工方案
一、推动农业提质增效
1.粮食播种面积稳定在45万亩以上，粮食总产量稳定在18万吨以上，新建高标准农田3万亩，持续巩固拓展脱贫攻坚成果同乡村振兴有效衔接。（牵头领导：许文华；牵头单位：县农业农村局；责任单位：县财政局、县自然资源局、各乡镇人民政府）
2.培育市级以上农业产业化龙头企业5家，新增农民专业合作社示范社10家，年底前完成。（牵头领导：许文华；牵头单位：县农业农村局；责任单位：县市场监管局）
二、推动工业转型升级
3.规模以上工业增加值增长8%，新增规模以上工业企业15家，实施技术改造项目30个，力争全年工业投资增长10%以上。（牵头领导：何建平；牵头单位：县工业和信息化局；责任单位：县发展和改革局、县统计局）
4.建成县经济开发区污水处理厂，2024年9月底前投入运行。（牵头领导：何建平；牵头单位：县经济开发区管委会；责任单位：县生态环境局、县住房和城乡建设局）
三、推动民生事业发展
5.新建改扩建幼儿园4所，新增学位1200个。（牵头领导：赵丽；牵头单位：县教育局；责任单位：县财政局、县发展和改革局）
6.实施城乡居民医保参保扩面，参保率稳定在95%以上。（牵头领导：赵丽；牵头单位：县医疗保障局；责任单位：各乡镇人民政府）
金禾县人民政府办公室
2024年2月8日印发
"""


if __name__ == "__main__":
    for path in write_all():
        print(path)
    if "--pdf" in sys.argv[1:]:
        for path in write_pdfs():
            print(path)
