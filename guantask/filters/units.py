"""Unit spellings: aliases (another name for a unit) and merges (two units that are one).

A notice may spell one unit two ways (县发展和改革局 and 县发展和改革委员会). `alias` makes a
new name find an existing unit; `merge` moves every task link of a variant unit to the
canonical one, deletes the variant and keeps its name as an alias, so that the next import of a
notice with the old spelling maps it too (the importer reads `store.plans.unit_aliases`).
Both are events with an undo payload; their kinds register `undo_alias`, `undo_unalias` and
`undo_merge` with `guantask.changes`.
No typer or rich here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guantask.changes import register
from guantask.errors import NameNotFound, Refused, UsageError, kind_word
from guantask.filters.readings import remember_readings
from guantask.i18n import _
from guantask.store import Database
from guantask.store import units as st
from guantask.store.events import log_event


@dataclass(frozen=True, slots=True)
class AliasResult:
    alias: str
    unit: str
    changed: bool  # False: the alias was already there (or, for unalias, already gone)
    event: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "alias": self.alias,
            "unit": self.unit,
            "changed": self.changed,
            "event": self.event,
        }


@dataclass(frozen=True, slots=True)
class MergeResult:
    variant: str
    canonical: str
    tasks: list[dict[str, Any]]  # {"plan", "no"} of every task the variant was linked to
    moved: int  # links moved to the canonical unit
    deduplicated: int  # links dropped because the task already had the canonical unit
    aliases: list[str] = field(default_factory=list)  # the variant's aliases, now the canonical's
    event: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "variant": self.variant,
            "canonical": self.canonical,
            "tasks": self.tasks,
            "moved": self.moved,
            "deduplicated": self.deduplicated,
            "aliases": self.aliases,
            "event": self.event,
        }


def _norm(name: str) -> str:
    from guantask.filters.names import normalize_name

    return normalize_name(name)


NAME_MAX = 100  # characters in a unit name or alias


def _clean(name: str, what: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise UsageError(_("empty {what}").format(what=what))
    if len(text) > NAME_MAX or any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text):
        raise UsageError(
            _("{what} must be at most {n} characters, without control characters").format(
                what=what, n=NAME_MAX
            )
        )
    return text


def find_unit(db: Database, name: str, *, aliases: bool = True) -> tuple[int, str]:
    """(id, name) of the unit called `name` exactly (after normalising width, case, spaces), or
    of the unit an alias `name` stands for. Anything else is `NameNotFound` with suggestions:
    merging and aliasing are too consequential for a guess."""
    if not name.strip():
        raise UsageError(_("empty {kind} name").format(kind=kind_word("unit")))
    want = _norm(name)
    for unit in st.unit_names(db):
        if _norm(unit) == want:
            uid = st.unit_id(db, unit)
            assert uid is not None
            return uid, unit
    if aliases:
        for alias, unit in st.all_aliases(db):
            if _norm(alias) == want:
                uid = st.unit_id(db, unit)
                assert uid is not None
                return uid, unit
    raise NameNotFound("unit", name, _suggest(db, name))


def _suggest(db: Database, name: str) -> list[str]:
    from guantask.errors import AmbiguousName, GuantaskError
    from guantask.filters.names import match_names

    units = st.unit_names(db)
    try:
        return match_names(name, units, kind="unit")[:5]
    except AmbiguousName as err:
        return err.candidates[:5]
    except NameNotFound as err:
        return err.closest
    except GuantaskError:
        return []


# ----- alias ------------------------------------------------------------------------------------


def add_alias(db: Database, short: str, full: str, *, by: str, now: str) -> AliasResult:
    """Make `short` another name of the existing unit `full` (one transaction, one event).

    Refused when `short` is a unit of its own (merge it instead) or an alias of another unit.
    """
    alias = _clean(short, _("alias"))
    with db.write():
        uid, unit = find_unit(db, full)
        if _norm(alias) == _norm(unit):
            raise Refused(_("{alias} is the unit's own name").format(alias=alias))
        for other in st.unit_names(db):
            if _norm(other) == _norm(alias):
                oid = st.unit_id(db, other)
                assert oid is not None
                n = st.task_link_count(db, oid)
                raise Refused(
                    _(
                        "{alias} is a unit of its own ({n} task links); to make it part of"
                        " {unit}, run: guantask units merge '{alias}' '{unit}'"
                    ).format(alias=other, n=n, unit=unit)
                )
        for existing, target in st.all_aliases(db):
            if _norm(existing) == _norm(alias):
                if target == unit:
                    return AliasResult(existing, unit, changed=False)
                raise Refused(
                    _("{alias} is already an alias of {other}").format(alias=existing, other=target)
                )
        st.add_alias(db, alias, uid)
        remember_readings(db)
        event = log_event(
            db,
            kind="alias",
            by=by,
            at=now,
            summary=f"alias {alias} → {unit}",
            after={"alias": alias, "unit": unit},
            undo={"alias": alias, "unit": unit},
        )
    return AliasResult(alias, unit, changed=True, event=event)


def remove_alias(db: Database, short: str, *, by: str, now: str) -> AliasResult:
    """Forget an alias (a unit's own name cannot be removed this way)."""
    alias = _clean(short, _("alias"))
    with db.write():
        for existing, unit in st.all_aliases(db):
            if _norm(existing) == _norm(alias):
                st.delete_alias(db, existing)
                event = log_event(
                    db,
                    kind="unalias",
                    by=by,
                    at=now,
                    summary=f"removed alias {existing} → {unit}",
                    before={"alias": existing, "unit": unit},
                    undo={"alias": existing, "unit": unit},
                )
                return AliasResult(existing, unit, changed=True, event=event)
    raise NameNotFound("alias", alias, [a for a, _u in st.all_aliases(db) if alias in a][:5])


def list_aliases(db: Database) -> list[tuple[str, str]]:
    """(alias, unit) of every alias."""
    return st.all_aliases(db)


# ----- merge ------------------------------------------------------------------------------------


def merge_units(db: Database, variant: str, canonical: str, *, by: str, now: str) -> MergeResult:
    """Make `variant` part of `canonical`: its task links move (a task that already has the
    canonical unit in the same role keeps that link and its position), its aliases follow, the
    variant unit is deleted and its name becomes an alias. One transaction, one event."""
    with db.write():
        try:
            vid, vname = find_unit(db, variant, aliases=False)
        except NameNotFound:
            for alias, unit in st.all_aliases(db):
                if _norm(alias) == _norm(variant):
                    raise Refused(
                        _("{variant} is already an alias of {unit}").format(
                            variant=alias, unit=unit
                        )
                    ) from None
            raise
        cid, cname = find_unit(db, canonical)
        if vid == cid:
            raise Refused(_("{a} and {b} are the same unit").format(a=variant, b=canonical))
        links = st.task_links(db, vid)
        saved: list[list[Any]] = []
        moved = dedup = 0
        for task_pk, role, position in links:
            if st.has_link(db, task_pk, role, cid):
                st.delete_link(db, task_pk, role, vid)
                dedup += 1
                saved.append([task_pk, role, position, False])
            else:
                st.move_link(db, task_pk, role, vid, cid)
                moved += 1
                saved.append([task_pk, role, position, True])
        aliases = st.aliases_of(db, vid)
        st.repoint_aliases(db, aliases, cid)
        st.delete_unit(db, vid)
        st.add_alias(db, vname, cid)
        tasks = [
            {"plan": t["plan"], "no": t["no"]}
            for t in st.task_numbers(db, sorted({pk for pk, _r, _p in links}))
        ]
        event = log_event(
            db,
            kind="merge",
            by=by,
            at=now,
            summary=f"merged unit {vname} into {cname} ({len(links)} task links)",
            before={"unit": vname, "tasks": tasks, "aliases": aliases},
            after={"unit": cname, "alias": vname, "moved": moved, "deduplicated": dedup},
            undo={
                "variant": vname,
                "variant_id": vid,
                "canonical": cname,
                "canonical_id": cid,
                "links": saved,
                "aliases": aliases,
            },
        )
    return MergeResult(vname, cname, tasks, moved, dedup, aliases, event)


# ----- undo -------------------------------------------------------------------------------------


def undo_alias(db: Database, undo: dict[str, Any]) -> str:
    """Revert `units alias` (inside the caller's transaction)."""
    alias, unit = undo["alias"], undo["unit"]
    if st.alias_target(db, alias) != unit:
        return f"alias {alias} is already gone"
    st.delete_alias(db, alias)
    return f"removed alias {alias} → {unit}"


def undo_unalias(db: Database, undo: dict[str, Any]) -> str:
    """Revert `units unalias`: the alias comes back if its unit still exists."""
    alias, unit = undo["alias"], undo["unit"]
    uid = st.unit_id(db, unit)
    if uid is None:
        raise Refused(
            _("unit {unit} no longer exists; alias {alias} cannot come back").format(
                unit=unit, alias=alias
            )
        )
    if st.alias_target(db, alias) is not None or st.unit_id(db, alias) is not None:
        raise Refused(
            _("{alias} names something else now; alias {alias} cannot come back").format(
                alias=alias
            )
        )
    st.add_alias(db, alias, uid)
    remember_readings(db)
    return f"alias {alias} → {unit} is back"


def undo_merge(db: Database, undo: dict[str, Any]) -> str:
    """Revert `units merge`: the variant unit comes back with its id, its exact task links
    (role and position) and its aliases; links of tasks deleted since are skipped."""
    variant, canonical = undo["variant"], undo["canonical"]
    if st.unit_id(db, variant) is not None:
        raise Refused(
            _("a unit called {variant} exists again; the merge cannot be undone").format(
                variant=variant
            )
        )
    cid = undo["canonical_id"]
    if st.unit_name(db, cid) != canonical:
        cid = st.unit_id(db, canonical)
    if st.alias_target(db, variant) == canonical:
        st.delete_alias(db, variant)
    vid = st.insert_unit(db, variant, unit_id_=undo["variant_id"])
    restored = 0
    for task_pk, role, position, moved in undo["links"]:
        if not st.task_exists(db, task_pk):
            continue
        if moved and cid is not None:
            st.delete_link(db, task_pk, role, cid)
        st.insert_link(db, task_pk, role, vid, position)
        restored += 1
    aliases = [a for a in undo.get("aliases", []) if st.alias_target(db, a) == canonical]
    st.repoint_aliases(db, aliases, vid)
    return f"unit {variant} is separate from {canonical} again ({restored} task links)"


register("alias", undo=undo_alias)
register("unalias", undo=undo_unalias)
register("merge", undo=undo_merge)
