"""Reports as plain data: overdue, stats by leader/unit/section, chase notices, the weekly summary,
and the settings of the light rules (`config`). One module each; this package imports none of them.

The builders are pure: they take task rows (`TaskRow`s with their reasons, as `find_tasks` returns
them), the facts a report needs beyond them and "today", and return NamedTuples whose
`to_dict()` is the JSON form. The `gather_*` functions read those facts from the database. Every
list has a fixed order, so that the same database and as-of day give byte-identical reports.
`lights` states the light rules; `rows` holds what every report starts from.
"""
