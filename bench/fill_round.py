"""Fill a folder of round sheets as the units would: every sheet's first rows get a percent, a
note and the filler's name (`python bench/fill_round.py FOLDER [--rows N]`). Used by the
round benchmark case and the tests; xlsx and CSV sheets are both filled in place."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path


def fill_xlsx(path: Path, rows: int, percent: int) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    col = {name: i + 1 for i, name in enumerate(header)}
    for r in range(2, min(ws.max_row, rows + 1) + 1):
        ws.cell(row=r, column=col["percent"], value=percent)
        ws.cell(row=r, column=col["note"], value="按计划推进")
        ws.cell(row=r, column=col["by"], value="王填报")
    wb.save(path)


def fill_csv(path: Path, rows: int, percent: int) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text, newline="")))
    header = table[0]
    for row in table[1 : rows + 1]:
        row[header.index("percent")] = str(percent)
        row[header.index("note")] = "按计划推进"
        row[header.index("by")] = "王填报"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(table)
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def fill_folder(folder: Path, *, rows: int = 2, percent: int = 40) -> int:
    n = 0
    for path in sorted(folder.iterdir()):
        if path.suffix == ".xlsx":
            fill_xlsx(path, rows, percent)
        elif path.suffix == ".csv":
            fill_csv(path, rows, percent)
        else:
            continue
        n += 1
    return n


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rows", type=int, default=2)
    parser.add_argument("--percent", type=int, default=40)
    args = parser.parse_args()
    print(fill_folder(args.folder, rows=args.rows, percent=args.percent))
