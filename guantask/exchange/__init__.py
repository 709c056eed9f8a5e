"""Spreadsheets exchanged with units; callers import the submodule they need.

- `export`: task exports (JSON, CSV, xlsx) of the tasks a filter selects;
- `template`: fill-in templates for one unit (the batch columns and read-only context);
- `formats`: CSV for Excel/WPS and one-sheet xlsx workbooks (openpyxl only when used);
- `files`: an output file's format from its name, and writing it atomically.

A returned template is read back by the one batch reader, `guantask.work.returns`.
No typer or rich here.
"""
