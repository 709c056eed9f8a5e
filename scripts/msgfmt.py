"""Compile the gettext catalogues: guantask/locale/*/LC_MESSAGES/guantask.po → .mo.

Pure Python (no GNU gettext needed): `python scripts/msgfmt.py` rewrites the .mo files, and
`python scripts/msgfmt.py --check` exits 1 if a committed .mo is out of date (a test runs it).
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "guantask" / "locale"


def read_po(text: str) -> dict[str, str]:
    """msgid → msgstr of a .po file (plain entries; fuzzy and empty translations are skipped)."""
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    fuzzy = False
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key, value = "".join(msgid), "".join(msgstr)
            if value and not fuzzy:
                entries[key] = value

    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            flush()
            msgid, msgstr, current = [ast.literal_eval(line[6:])], None, None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [ast.literal_eval(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        elif not line:
            flush()
            msgid = msgstr = current = None
            fuzzy = False
    return entries


def build_mo(entries: dict[str, str]) -> bytes:
    """The GNU .mo binary format (little-endian, no hash table)."""
    keys = sorted(entries)
    ids = [k.encode() for k in keys]
    strs = [entries[k].encode() for k in keys]
    n = len(keys)
    header = 7 * 4
    ids_table = header
    strs_table = ids_table + 8 * n
    data = strs_table + 8 * n
    offsets_ids, offsets_strs, blob = [], [], b""
    for s in ids:
        offsets_ids.append((len(s), data + len(blob)))
        blob += s + b"\0"
    for s in strs:
        offsets_strs.append((len(s), data + len(blob)))
        blob += s + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, n, ids_table, strs_table, 0, 0)
    out += b"".join(struct.pack("<2I", *o) for o in offsets_ids)
    out += b"".join(struct.pack("<2I", *o) for o in offsets_strs)
    return out + blob


def literal_msgids(root: Path = LOCALE.parent) -> set[str]:
    """Every string literal passed to `_()` in the package, f-strings included."""
    import ast

    found: set[str] = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def main(argv: list[str]) -> int:
    if "--missing" in argv:
        po = LOCALE / "zh" / "LC_MESSAGES" / "guantask.po"
        known = read_po(po.read_text(encoding="utf-8"))
        missing = sorted(literal_msgids() - set(known))
        for msgid in missing:
            print(msgid)
        return 1 if missing else 0
    check = "--check" in argv
    stale = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/guantask.po")):
        mo = po.with_suffix(".mo")
        data = build_mo(read_po(po.read_text(encoding="utf-8")))
        if check:
            if not mo.exists() or mo.read_bytes() != data:
                stale.append(str(mo))
        else:
            mo.write_bytes(data)
            print(f"wrote {mo}")
    if stale:
        print("out of date (run python scripts/msgfmt.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
