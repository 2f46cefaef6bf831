"""A company record as organization column values, and how imports compare those values."""

from __future__ import annotations

from typing import Any

from kakehashi.domain.organizations import CompanyRecord, normalize_name
from kakehashi.domain.taxonomy import Term, resolve_term

ORG_FIELDS = (
    "name", "name_ja", "name_kana", "name_en", "name_key", "external_id", "country", "city", "website",
    "domain", "founded_on", "founded_precision", "employees_min", "employees_max", "status", "stage",
    "total_funding_usd", "description_en", "description_ja", "address", "prefecture", "municipality",
    "corporate_number", "securities_code",
)  # fmt: skip
# Fields that travel together: a date and its precision, both ends of a head-count range.
_PAIRED = {"founded_on": "founded_precision", "employees_min": "employees_max"}
_PAIR_SECOND = set(_PAIRED.values())


def name_key(name: str) -> str:
    """normalize_name, falling back to the folded name when only legal words remain ('株式会社')."""
    return normalize_name(name) or name.casefold().strip()


def organization_values(record: CompanyRecord) -> dict[str, Any]:
    """The organization columns a record sets (None where it says nothing)."""
    founded, employees = record.founded, record.employees
    return {
        "kind": str(record.kind),
        "name": record.name,
        "name_ja": record.name_ja,
        "name_kana": record.name_kana,
        "name_en": record.name_en,
        "name_key": name_key(record.name)[:300],
        "external_id": record.external_id,
        "country": record.country,
        "city": record.city,
        "website": record.website,
        "domain": record.domain[:255] if record.domain else None,
        "founded_on": founded.value if founded else None,
        "founded_precision": str(founded.precision) if founded else None,
        "employees_min": employees.minimum if employees else None,
        "employees_max": employees.maximum if employees else None,
        "status": str(record.status) if record.status else None,
        "stage": str(record.stage) if record.stage else None,
        "total_funding_usd": record.total_funding_usd,
        "description_en": record.description_en,
        "description_ja": record.description_ja,
        "is_demo": record.is_demo,
        "address": record.address,
        "prefecture": record.prefecture,
        "municipality": record.municipality,
        "corporate_number": record.corporate_number,
        "securities_code": record.securities_code,
    }


def changed_values(current: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Fields whose new non-empty value differs; empty cells never erase what the catalogue knows."""
    changed: dict[str, Any] = {}
    for name in ORG_FIELDS:
        if name in _PAIR_SECOND:
            continue
        value = new[name]
        if name in _PAIRED:
            partner = _PAIRED[name]
            if (value is not None or new[partner] is not None) and (
                value != current[name] or new[partner] != current[partner]
            ):
                changed[name], changed[partner] = value, new[partner]
            continue
        if value is not None and value != current[name]:
            changed[name] = value
    if "name" in changed and new["name_key"] == current["name_key"]:
        changed.pop("name_key", None)
    return changed


def record_terms(record: CompanyRecord) -> list[Term]:
    """The record's sectors, technologies and tags as taxonomy terms, each once."""
    unique: dict[tuple[str, str], Term] = {}
    for label in [*record.sectors, *record.technologies, *record.tags]:
        term = resolve_term(label)
        unique.setdefault((str(term.facet), term.slug), term)
    return list(unique.values())
