"""Notice readers: a file as the office receives it → text lines and tables, in document order.

`load_notice` takes the bytes of a regular file (or stdin), within `MAX_BYTES`; `read_notice`
chooses the reader by content, not by name: a zip whose content types say Word or Excel goes
to the docx or xlsx reader, `%PDF` to the pdf reader, anything else is text in UTF-8, UTF-16
(with its BOM) or GB18030. Each format's library is an optional extra, imported only when a
file of that format is read. A reader never raises anything but a GuantaskError.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from typing import BinaryIO

from guantask.errors import GuantaskError, UsageError
from guantask.i18n import _
from guantask.plan.readers.content import Notice, Table, TextLine

__all__ = [
    "MAX_BYTES",
    "Notice",
    "Table",
    "TextLine",
    "load_file",
    "load_notice",
    "read_notice",
    "zip_kind",
]

MAX_BYTES = 50 * 1024 * 1024  # a notice with its scans of signatures stays far below this
MAX_UNZIPPED = 200 * 1024 * 1024  # a docx or xlsx, all parts unpacked
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def load_notice(path: str, *, stdin: BinaryIO) -> bytes:
    """The bytes of a notice: a regular file, or stdin for '-', at most MAX_BYTES."""
    return load_file(path, what=_("notice"), stdin=stdin, max_bytes=MAX_BYTES)


def load_file(path: str, *, what: str, stdin: BinaryIO, max_bytes: int) -> bytes:
    """The bytes of an input file (a notice, a unit's return): a regular file, or stdin for
    '-', at most `max_bytes`; a device, FIFO, socket or folder is refused before it is read."""
    too_big = _("{what} {path} is larger than {mb} MB; refused").format(
        what=what, path=path, mb=max_bytes // (1024 * 1024)
    )
    if path == "-":
        data = stdin.read(max_bytes + 1)
    else:
        try:
            st = os.stat(path)
            if stat.S_ISDIR(st.st_mode):
                raise UsageError(_("{what} {path} is a folder").format(what=what, path=path))
            if not stat.S_ISREG(st.st_mode):
                raise UsageError(
                    _(
                        "{what} {path} is not a regular file (a device, FIFO or socket);"
                        " give a file, or '-' for stdin"
                    ).format(what=what, path=path)
                )
            if st.st_size > max_bytes:
                raise GuantaskError(too_big)
            with open(path, "rb") as f:
                data = f.read(max_bytes + 1)
        except FileNotFoundError:
            raise UsageError(
                _("{what} {path} does not exist").format(what=what, path=path)
            ) from None
        except OSError as err:
            raise UsageError(
                _("cannot read {what} {path}: {reason}").format(
                    what=what, path=path, reason=err.strerror
                )
            ) from None
    if len(data) > max_bytes:
        raise GuantaskError(too_big)
    return data


def zip_kind(data: bytes, name: str) -> str:
    """docx or xlsx, from the package's content types; refuses a zip bomb first."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UNZIPPED:
                raise GuantaskError(
                    _("{name} unpacks to more than {mb} MB; refused").format(
                        name=name, mb=MAX_UNZIPPED // (1024 * 1024)
                    )
                )
            types = z.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        raise GuantaskError(
            _("{name} is a damaged zip file, not a usable document").format(name=name)
        ) from None
    if "wordprocessingml.document.main" in types:
        return "docx"
    if "spreadsheetml.sheet.main" in types or "ms-excel.sheet.macroEnabled.main" in types:
        return "xlsx"
    raise GuantaskError(
        _(
            "{name} is a zip file but not a Word (.docx) or Excel (.xlsx) document;"
            " save it as .docx or .xlsx"
        ).format(name=name)
    )


def read_notice(data: bytes, *, name: str) -> Notice:
    """The notice's lines and tables, by the file's content."""
    if data.startswith(b"PK\x03\x04"):
        kind = zip_kind(data, name)
        if kind == "docx":
            from guantask.plan.readers.docx import read_docx

            return read_docx(data, name=name)
        from guantask.plan.readers.xlsx import read_xlsx

        return read_xlsx(data, name=name)
    if b"%PDF-" in data[:1024]:
        from guantask.plan.readers.pdf import read_pdf

        return read_pdf(data, name=name)
    if data.startswith(_OLE):
        raise GuantaskError(
            _(
                "{name} is an old binary Word, WPS or Excel file (.doc, .wps, .xls);"
                " save it as .docx or .xlsx"
            ).format(name=name)
        )
    if data.startswith(b"{\\rtf"):
        raise GuantaskError(_("{name} is an RTF file; save it as .docx").format(name=name))
    from guantask.plan.readers.text import read_text

    return read_text(data, name=name)
