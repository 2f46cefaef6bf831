"""Small planning instances whose best schedule is known by construction."""

from __future__ import annotations

from typing import Any

DAY = "2026-03-02"


def slot(sid: str, start: str, end: str, day: str = DAY) -> dict[str, str]:
    return {"id": sid, "day": day, "start": start, "end": end}


def delegate(pid: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "name": f"Team {pid}", "organization": f"Company {pid}", "role": "delegate", **extra}


def host(pid: str, venue: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "name": f"Host {pid}",
        "organization": f"Org {pid}",
        "role": "host",
        "venue": venue,
        **extra,
    }


def request(d: str, h: str, weight: float = 1, mandatory: bool = False, **extra: Any) -> dict[str, Any]:
    return {"delegate": d, "host": h, "weight": weight, "mandatory": mandatory, **extra}


def instance_data(
    *,
    slots: list[dict[str, str]],
    participants: list[dict[str, Any]],
    requests: list[dict[str, Any]],
    venues: list[dict[str, Any]] | None = None,
    travel: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "name": "test mission",
        "slots": slots,
        "venues": venues or [{"id": "v1", "name": "Room 1", "capacity": 1}],
        "travel": travel or [],
        "participants": participants,
        "requests": requests,
        **extra,
    }
