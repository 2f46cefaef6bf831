"""SQLAlchemy implementation of services.repositories.identity.IdentityRepository.

A merge moves every row that points at the merged organization: the references are read from the schema
(every foreign key to organizations.id, plus provenance's polymorphic entity id), so a table added later is
moved too without a change here. A row whose move would duplicate a link the survivor already has (the same
term, deal, shortlist or need feedback) is removed instead. The merge keeps, as JSON, the merged row, the
survivor fields it filled, the primary keys of the moved rows and the full removed rows: undo replays that in
reverse and leaves the catalogue as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Column, Date, DateTime, Table, and_, delete, insert, select, update
from sqlalchemy.orm import Session

from kakehashi.adapters.db.models import (
    Base,
    IdentityMerge,
    IdentitySuggestion,
    Organization,
    OrganizationSourceId,
    OrganizationTerm,
    Provenance,
    TaxonomyTerm,
)
from kakehashi.domain.identity import (
    SUGGESTION_PENDING,
    IdentityRecord,
    MergeRecord,
    Suggestion,
    pair_key,
)

ORGANIZATIONS = cast(Table, Organization.__table__)
PROVENANCE = cast(Table, Provenance.__table__)
_OWN_TABLES = {"organizations", "identity_merges", "identity_suggestions"}
# Organization columns a merge never copies onto the survivor.
_NOT_FILLED = {"id", "name", "name_key", "kind", "is_demo", "created_at", "updated_at"}


def organization_references() -> list[tuple[Table, Column[Any]]]:
    """Every (table, column) with a foreign key to organizations.id, in a stable order."""
    found: list[tuple[Table, Column[Any]]] = []
    for table in Base.metadata.sorted_tables:
        if table.name in _OWN_TABLES:
            continue
        for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name):
            if fk.column.table.name == "organizations":
                found.append((table, fk.parent))
    return found


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _typed(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def _row_json(table: Table, row: Any) -> dict[str, Any]:
    mapping = row._mapping
    return {column.name: _plain(mapping[column]) for column in table.columns}


def _row_values(table: Table, data: dict[str, Any]) -> dict[str, Any]:
    return {
        column.name: _typed(column, data.get(column.name)) for column in table.columns if column.name in data
    }


def _table_named(name: str) -> Table:
    return Base.metadata.tables[name]


def _merge_record(row: IdentityMerge) -> MergeRecord:
    counts: dict[str, int] = defaultdict(int)
    for entry in (row.snapshot or {}).get("moved", []):
        counts[entry["table"]] += 1
    for entry in (row.snapshot or {}).get("removed", []):
        counts[entry["table"]] += 1
    return MergeRecord(
        id=row.id,
        survivor_id=row.survivor_id,
        merged_id=row.merged_id,
        score=row.score,
        reasons=tuple(row.reasons or ()),
        merged_by_user_id=row.merged_by_user_id,
        merged_at=row.merged_at,
        undone_at=row.undone_at,
        moved=tuple(sorted(counts.items())),
    )


class SqlAlchemyIdentityRepository:
    """Merges, their undo, and suggestions, over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- records -------------------------------------------------------------------------------------

    def records(self, ids: Iterable[int] | None = None) -> list[IdentityRecord]:
        wanted = None if ids is None else sorted(set(ids))
        o = ORGANIZATIONS.c
        columns: list[Column[Any]] = [o.id, o.name, o.name_ja, o.name_en, o.name_kana, o.kind, o.country]
        columns += [
            o.city,
            o.municipality,
            o.prefecture,
            o.domain,
            o.corporate_number,
            o.external_id,
            o.founded_on,
        ]
        query = select(*columns).order_by(o.id)  # plain rows: 100,000 records without ORM objects
        if wanted is not None:
            if not wanted:
                return []
            orgs = [
                row
                for start in range(0, len(wanted), 900)
                for row in self.session.execute(query.where(o.id.in_(wanted[start : start + 900]))).all()
            ]
        else:
            orgs = list(self.session.execute(query).all())
        sectors: dict[int, list[str]] = defaultdict(list)
        sources: dict[int, str] = {}
        sector_query = (
            select(OrganizationTerm.organization_id, TaxonomyTerm.slug)
            .join(TaxonomyTerm, TaxonomyTerm.id == OrganizationTerm.term_id)
            .where(TaxonomyTerm.facet == "sector")
            .order_by(OrganizationTerm.organization_id, TaxonomyTerm.slug)
        )
        source_query = select(OrganizationSourceId.organization_id, OrganizationSourceId.source).order_by(
            OrganizationSourceId.id
        )
        chunks = [None] if wanted is None else [wanted[i : i + 900] for i in range(0, len(wanted), 900)]
        for chunk in chunks:
            in_chunk = (
                sector_query
                if chunk is None
                else sector_query.where(OrganizationTerm.organization_id.in_(chunk))
            )
            for org_id, slug in self.session.execute(in_chunk):
                sectors[org_id].append(slug)
            by_source = (
                source_query
                if chunk is None
                else source_query.where(OrganizationSourceId.organization_id.in_(chunk))
            )
            for org_id, source in self.session.execute(by_source):
                sources.setdefault(org_id, source)
        return [
            IdentityRecord(
                id=org.id,
                name=org.name,
                name_ja=org.name_ja,
                name_en=org.name_en,
                name_kana=org.name_kana,
                kind=org.kind,
                country=org.country,
                city=org.municipality or org.city,
                prefecture=org.prefecture,
                domain=org.domain,
                corporate_number=org.corporate_number,
                external_id=org.external_id,
                sectors=tuple(sectors.get(org.id, ())),
                founded_year=org.founded_on.year if org.founded_on is not None else None,
                source=sources.get(org.id),
            )
            for org in orgs
        ]

    def exists(self, organization_id: int) -> bool:
        found = self.session.scalar(select(ORGANIZATIONS.c.id).where(ORGANIZATIONS.c.id == organization_id))
        return found is not None

    # --- merge and undo --------------------------------------------------------------------------------

    def _organization_row(self, organization_id: int) -> Any:
        row = self.session.execute(select(ORGANIZATIONS).where(ORGANIZATIONS.c.id == organization_id)).first()
        if row is None:
            raise LookupError(f"no organization {organization_id}")
        return row

    def _would_duplicate(self, table: Table, column: Column[Any], row: Any, survivor_id: int) -> bool:
        """True when moving `row` onto the survivor repeats a key (primary or unique) the survivor holds."""
        keys: list[list[Column[Any]]] = [list(table.primary_key.columns)]
        for constraint in table.constraints:
            columns = getattr(constraint, "columns", None)
            if columns is not None and constraint.__class__.__name__ == "UniqueConstraint":
                keys.append(list(columns))
        mapping = row._mapping
        for key in keys:
            if column not in key:
                continue
            conditions = [
                (part == survivor_id) if part is column else (part == mapping[part]) for part in key
            ]
            if self.session.execute(select(*key).where(and_(*conditions)).limit(1)).first() is not None:
                return True
        return False

    def merge(
        self,
        *,
        survivor_id: int,
        merged_id: int,
        score: float,
        reasons: tuple[str, ...],
        by_user_id: int | None,
        at: datetime,
    ) -> MergeRecord:
        self.session.flush()
        survivor = self._organization_row(survivor_id)
        merged = self._organization_row(merged_id)
        moved: list[dict[str, Any]] = []
        removed: list[dict[str, Any]] = []
        for table, column in organization_references():
            pk = list(table.primary_key.columns)
            for row in self.session.execute(select(table).where(column == merged_id)).all():
                where = and_(*(part == row._mapping[part] for part in pk))
                if self._would_duplicate(table, column, row, survivor_id):
                    removed.append({"table": table.name, "row": _row_json(table, row)})
                    self.session.execute(delete(table).where(where))
                    continue
                values: dict[str, Any] = {column.name: survivor_id}
                entry: dict[str, Any] = {"table": table.name, "column": column.name}
                if "updated_at" in table.c:  # a move is not an edit: the row keeps its time stamp
                    values["updated_at"] = row._mapping[table.c.updated_at]
                    entry["updated_at"] = _plain(values["updated_at"])
                self.session.execute(update(table).where(where).values(values))
                entry["pk"] = {
                    part.name: _plain(survivor_id if part is column else row._mapping[part]) for part in pk
                }
                moved.append(entry)
        for (provenance_id,) in self.session.execute(
            select(PROVENANCE.c.id).where(
                PROVENANCE.c.entity_type == "organization", PROVENANCE.c.entity_id == merged_id
            )
        ).all():
            self.session.execute(
                update(PROVENANCE).where(PROVENANCE.c.id == provenance_id).values(entity_id=survivor_id)
            )
            moved.append({"table": "provenance", "column": "entity_id", "pk": {"id": provenance_id}})
        suggestions = self._repoint_suggestions(survivor_id, merged_id)
        filled: dict[str, Any] = {}
        for column in ORGANIZATIONS.columns:
            if column.name in _NOT_FILLED:
                continue
            if survivor._mapping[column] is None and merged._mapping[column] is not None:
                filled[column.name] = merged._mapping[column]
        if filled:
            self.session.execute(
                update(ORGANIZATIONS)
                .where(ORGANIZATIONS.c.id == survivor_id)
                .values({**filled, "updated_at": survivor._mapping[ORGANIZATIONS.c.updated_at]})
            )
        self.session.execute(delete(ORGANIZATIONS).where(ORGANIZATIONS.c.id == merged_id))
        record = IdentityMerge(
            survivor_id=survivor_id,
            merged_id=merged_id,
            score=float(score),
            reasons=list(reasons),
            merged_by_user_id=by_user_id,
            merged_at=at,
            snapshot={
                "organization": _row_json(ORGANIZATIONS, merged),
                "survivor_filled": sorted(filled),
                "survivor_updated_at": _plain(survivor._mapping[ORGANIZATIONS.c.updated_at]),
                "moved": moved,
                "removed": removed,
                "suggestions": suggestions,
            },
        )
        self.session.add(record)
        self.session.flush()
        self.session.expire_all()
        return _merge_record(record)

    def unmerge(self, merge_id: int, *, at: datetime) -> MergeRecord:
        self.session.flush()
        record = self.session.get(IdentityMerge, merge_id)
        if record is None or record.undone_at is not None:
            raise LookupError(f"no merge {merge_id} in force")
        snapshot = record.snapshot
        self.session.execute(
            insert(ORGANIZATIONS).values(_row_values(ORGANIZATIONS, snapshot["organization"]))
        )
        if snapshot.get("survivor_filled"):
            self.session.execute(
                update(ORGANIZATIONS)
                .where(ORGANIZATIONS.c.id == record.survivor_id)
                .values(
                    {
                        **{name: None for name in snapshot["survivor_filled"]},
                        "updated_at": _typed(ORGANIZATIONS.c.updated_at, snapshot.get("survivor_updated_at")),
                    }
                )
            )
        for entry in reversed(snapshot.get("moved", [])):
            table = _table_named(entry["table"])
            column = table.c[entry["column"]]
            where = [table.c[name] == _typed(table.c[name], value) for name, value in entry["pk"].items()]
            values: dict[str, Any] = {column.name: record.merged_id}
            if "updated_at" in entry:
                values["updated_at"] = _typed(table.c.updated_at, entry["updated_at"])
            self.session.execute(update(table).where(*where, column == record.survivor_id).values(values))
        for entry in snapshot.get("removed", []):
            table = _table_named(entry["table"])
            values = _row_values(table, entry["row"])
            if [c.name for c in table.primary_key.columns] == ["id"] and self.session.execute(
                select(table.c.id).where(table.c.id == values["id"])
            ).first():  # SQLite hands a deleted highest id to the next row: this one gets a new id
                del values["id"]
            self.session.execute(insert(table).values(values))
        self._restore_suggestions(snapshot.get("suggestions", {}))
        record.undone_at = at
        self.session.flush()
        self.session.expire_all()
        return _merge_record(record)

    def _repoint_suggestions(self, survivor_id: int, merged_id: int) -> dict[str, Any]:
        """Suggestions naming the merged organization now name the survivor (a rejection of B-C holds for
        A-C once B is A); one that would pair the survivor with itself or repeat a known pair is removed.
        Answers what undo needs: the old pair of each moved suggestion and each removed row."""
        table = cast(Table, IdentitySuggestion.__table__)
        rows = self.session.execute(
            select(table).where(
                (table.c.organization_a_id == merged_id) | (table.c.organization_b_id == merged_id)
            )
        ).all()
        moved: list[dict[str, Any]] = []
        removed: list[dict[str, Any]] = []
        for row in rows:
            old = (row.organization_a_id, row.organization_b_id)
            low, high = pair_key(*(survivor_id if i == merged_id else i for i in old))
            taken = self.session.execute(
                select(table.c.id).where(
                    table.c.organization_a_id == low, table.c.organization_b_id == high, table.c.id != row.id
                )
            ).first()
            if low == high or taken is not None:
                removed.append(_row_json(table, row))
                self.session.execute(delete(table).where(table.c.id == row.id))
                continue
            self.session.execute(
                update(table)
                .where(table.c.id == row.id)
                .values(organization_a_id=low, organization_b_id=high)
            )
            moved.append({"id": row.id, "a": old[0], "b": old[1]})
        return {"moved": moved, "removed": removed}

    def _restore_suggestions(self, saved: dict[str, Any]) -> None:
        table = cast(Table, IdentitySuggestion.__table__)
        for entry in saved.get("moved", []):
            self.session.execute(
                update(table)
                .where(table.c.id == entry["id"])
                .values(organization_a_id=entry["a"], organization_b_id=entry["b"])
            )
        for row in saved.get("removed", []):
            self.session.execute(insert(table).values(_row_values(table, row)))

    def get_merge(self, merge_id: int) -> MergeRecord | None:
        row = self.session.get(IdentityMerge, merge_id)
        return _merge_record(row) if row is not None else None

    def later_merge_into(self, merge_id: int) -> MergeRecord | None:
        record = self.session.get(IdentityMerge, merge_id)
        if record is None:
            return None
        later = self.session.scalars(
            select(IdentityMerge)
            .where(
                IdentityMerge.id > merge_id,
                IdentityMerge.undone_at.is_(None),
                IdentityMerge.merged_id == record.survivor_id,
            )
            .order_by(IdentityMerge.id.desc())
            .limit(1)
        ).first()
        return _merge_record(later) if later is not None else None

    def merges(self, *, include_undone: bool = False) -> list[MergeRecord]:
        query = select(IdentityMerge).order_by(IdentityMerge.id)
        if not include_undone:
            query = query.where(IdentityMerge.undone_at.is_(None))
        return [_merge_record(row) for row in self.session.scalars(query)]

    # --- suggestions ---------------------------------------------------------------------------------

    def rejected_pairs(self) -> frozenset[tuple[int, int]]:
        rows = self.session.execute(
            select(IdentitySuggestion.organization_a_id, IdentitySuggestion.organization_b_id).where(
                IdentitySuggestion.status == "rejected"
            )
        )
        return frozenset((a, b) for a, b in rows)

    def _suggestion(self, row: IdentitySuggestion, *, with_records: bool = False) -> Suggestion:
        records = (
            {r.id: r for r in self.records([row.organization_a_id, row.organization_b_id])}
            if with_records
            else {}
        )
        return Suggestion(
            id=row.id,
            a=row.organization_a_id,
            b=row.organization_b_id,
            score=row.score,
            reasons=tuple(row.reasons or ()),
            status=row.status,
            record_a=records.get(row.organization_a_id),
            record_b=records.get(row.organization_b_id),
        )

    def add_suggestion(
        self, *, a: int, b: int, score: float, reasons: tuple[str, ...], at: datetime
    ) -> Suggestion | None:
        low, high = pair_key(a, b)
        row = self.session.scalars(
            select(IdentitySuggestion).where(
                IdentitySuggestion.organization_a_id == low, IdentitySuggestion.organization_b_id == high
            )
        ).first()
        if row is not None:
            if row.status != SUGGESTION_PENDING:
                return None
            row.score, row.reasons = float(score), list(reasons)
        else:
            row = IdentitySuggestion(
                organization_a_id=low,
                organization_b_id=high,
                score=float(score),
                reasons=list(reasons),
                status=SUGGESTION_PENDING,
                created_at=at,
            )
            self.session.add(row)
        self.session.flush()
        return self._suggestion(row)

    def get_suggestion(self, suggestion_id: int) -> Suggestion | None:
        row = self.session.get(IdentitySuggestion, suggestion_id)
        return self._suggestion(row, with_records=True) if row is not None else None

    def suggestion_for(self, a: int, b: int) -> Suggestion | None:
        low, high = pair_key(a, b)
        row = self.session.scalars(
            select(IdentitySuggestion).where(
                IdentitySuggestion.organization_a_id == low, IdentitySuggestion.organization_b_id == high
            )
        ).first()
        return self._suggestion(row) if row is not None else None

    def suggestions(self, *, status: str | None = None) -> list[Suggestion]:
        query = select(IdentitySuggestion).order_by(IdentitySuggestion.score.desc(), IdentitySuggestion.id)
        if status is not None:
            query = query.where(IdentitySuggestion.status == status)
        rows = list(self.session.scalars(query))
        records = {
            r.id: r
            for r in self.records({i for row in rows for i in (row.organization_a_id, row.organization_b_id)})
        }
        return [
            Suggestion(
                id=row.id,
                a=row.organization_a_id,
                b=row.organization_b_id,
                score=row.score,
                reasons=tuple(row.reasons or ()),
                status=row.status,
                record_a=records.get(row.organization_a_id),
                record_b=records.get(row.organization_b_id),
            )
            for row in rows
        ]

    def decide_suggestion(
        self, suggestion_id: int, *, status: str, by_user_id: int | None, at: datetime
    ) -> None:
        row = self.session.get(IdentitySuggestion, suggestion_id)
        if row is None:
            raise LookupError(f"no suggestion {suggestion_id}")
        row.status, row.decided_by_user_id, row.decided_at = status, by_user_id, at
        self.session.flush()
