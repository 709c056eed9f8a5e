"""Limits on what a notice reader takes in: a notice is a few dozen pages and a few hundred
tasks; anything far larger is a mistake or an attack, refused before it costs minutes."""

MAX_ROWS = 5_000  # table rows in a document, rows read from a sheet
MAX_COLUMNS = 60
MAX_MERGED = 5_000  # merged ranges in a sheet
MAX_PARAGRAPHS = 50_000
MAX_PAGES = 500
