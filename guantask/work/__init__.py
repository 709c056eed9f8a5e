"""The clerk's daily work, one module per responsibility; callers import the submodule.

- `inputs`: typed inputs (`ProgressInput`) and the readers of task numbers, figures, percents;
- `assign`: assign tasks to a contact person;
- `progress`: check one progress input against its task and write records;
- `returns`: the one batch reader (CSV and xlsx returns → progress inputs, FILE:LINE problems);
- `batch`: apply a batch, all rows or none;
- `deadlines`: sign-off (销号) and extension (延期);
- `history`: the change log and undo (each kind registers in `guantask.changes`).

Every change is one `BEGIN IMMEDIATE` transaction that holds the rows it adds and exactly one
event (`store.events.log_event`) with before/after and an `undo` payload. "today" is always a
parameter. No typer or rich here.
"""
