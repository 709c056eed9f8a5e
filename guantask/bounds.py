"""The largest numbers guantask takes from anyone (command line, filter, batch file, plan file),
in one place. Beyond them a value is a typo or an attack, and SQLite's 64-bit integers and
Python's dates would overflow into internal errors.
"""

MAX_TASK_NO = 999_999  # a task's number in its notice
MAX_SECTION = 99  # section and subsection numbers (一 … 九十九)
MAX_ROWS = 100_000  # --limit
MAX_DAYS = 3660  # ten years: overdue --within, the day settings of the lights
MIN_YEAR = 2000  # every date typed, recorded or read from a plan falls in MIN_YEAR..MAX_YEAR
MAX_YEAR = 2099
MAX_FIGURE = 1e15  # a target's or a progress record's figure (千万亿), in absolute value
