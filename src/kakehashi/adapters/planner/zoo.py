"""A zoo of delegation instance families for the planner benchmark: one generator, many kinds of delegation.

The planner was tuned on one generator (`generator.py`); held-out instances of another kind (lower
contention, greedy already near the bound) showed weaknesses that generator never did. Each family here
varies one thing a real delegation varies: contention (how far greedy is below the LP bound), the break
between slots (15 or 60 minutes: whether a team can change city between two meetings), one city or three,
sparse or dense availability, many mandatory meetings, interpreters scarce or plentiful, and size (30 to
300 teams). Same family, same seed, same teams: same instance. `write_family` writes instance files in
the exchange format (docs/planner.md) through the codec, so any tool that reads INSTANCE.json reads them.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from kakehashi.adapters.planner.generator import CITIES, CITY_TRAVEL, FIRST_DAY, INTRA_CITY_MINUTES
from kakehashi.adapters.planner.instance_codec import read_instance, write_instance
from kakehashi.adapters.planner.problem import Problem, State
from kakehashi.domain.planning import Instance

AVAILABILITY = ("dense", "normal", "sparse")


@dataclass(frozen=True, slots=True)
class Family:
    """One kind of delegation at its full size; `instance(seed, teams=...)` builds it at any size."""

    name: str
    description: str
    teams: int
    hosts: int
    days: int
    cities: int = 3
    break_minutes: int = 15
    slots_per_day: int = 10
    requests: tuple[int, int] = (10, 18)  # requests per team (inclusive range, capped at the hosts)
    popularity: float = 0.8  # Zipf exponent of host popularity: 0 = all hosts equally wanted
    availability: str = "normal"  # dense: always free; normal: some away a day or half days; sparse
    host_cap_rate: float = 0.25  # share of hosts with a max_meetings cap (4-10)
    mandatory_rate: float = 0.03  # share of teams whose top requests are tried as mandatory
    mandatory_per_team: int = 1
    interpreters: int = 0
    interpreter_rate: float = 0.0  # share of requests that need a ja-he interpreter
    contention: tuple[float, float] = (0.0, 1.0)  # greedy weight / LP bound promised (tests check it)

    def scaled(self, teams: int) -> Family:
        """The same family with `teams` teams and as many hosts per team as at full size."""
        hosts = max(4, round(self.hosts * teams / self.teams))
        interpreters = max(1, round(self.interpreters * teams / self.teams)) if self.interpreters else 0
        return replace(self, teams=teams, hosts=hosts, interpreters=interpreters)

    def instance(self, seed: int, *, teams: int | None = None) -> Instance:
        family = self if teams is None or teams == self.teams else self.scaled(teams)
        return read_instance(family.instance_data(seed))

    def instance_data(self, seed: int) -> dict[str, Any]:
        """The instance file (exchange format) of this family and seed."""
        return _build(self, seed)


def _slots(days: int, per_day: int, meeting: int, gap: int) -> tuple[list[dict[str, str]], list[list[str]]]:
    slots, by_day = [], []
    for d in range(days):
        ids = []
        for k in range(per_day):
            start = 9 * 60 + k * (meeting + gap)
            end = start + meeting
            sid = f"d{d + 1}s{k + 1:02d}"
            slots.append(
                {
                    "id": sid,
                    "day": (FIRST_DAY + timedelta(days=d)).isoformat(),
                    "start": f"{start // 60:02d}:{start % 60:02d}",
                    "end": f"{end // 60:02d}:{end % 60:02d}",
                }
            )
            ids.append(sid)
        by_day.append(ids)
    return slots, by_day


def _available(rng: random.Random, mode: str, by_day: list[list[str]], *, host: bool) -> list[str] | None:
    """A participant's free slots (None = always) under the family's availability mode."""
    per_day = len(by_day[0])
    days = len(by_day)
    if mode == "dense":
        return None
    if mode == "sparse":
        # A block of 30-60 % of each day (hosts) or 50-80 % (teams); hosts are also away one day in three.
        share = rng.uniform(0.3, 0.6) if host else rng.uniform(0.5, 0.8)
        width = max(2, round(per_day * share))
        keep: list[str] = []
        away = rng.randrange(days) if host and days > 1 and rng.random() < 0.33 else -1
        for d, ids in enumerate(by_day):
            if d == away:
                continue
            first = rng.randrange(per_day - width + 1)
            keep += ids[first : first + width]
        return keep
    roll = rng.random()
    if host and roll < 0.35:  # away one day (or the afternoon of the only day)
        away = rng.randrange(days)
        return [s for d, ids in enumerate(by_day) if d != away for s in ids] if days > 1 else by_day[0][:5]
    if host and roll < 0.65:  # mornings or afternoons only
        half = per_day // 2
        part = rng.choice([slice(0, half), slice(half, per_day)])
        return [s for ids in by_day for s in ids[part]]
    if not host and days > 1 and roll < 0.25:
        away = rng.randrange(days)
        return [s for d, ids in enumerate(by_day) if d != away for s in ids]
    if not host and roll < 0.4:
        return [s for ids in by_day for s in ids[1:-1]]
    return None


def _venues(
    rng: random.Random, family: Family, participants: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Hosts' venues (own office, or a shared hall of 3 rooms in their city) and the travel table."""
    names = CITIES[: max(1, min(family.cities, len(CITIES)))]
    city_weights = [0.6, 0.2, 0.2][: len(names)]
    venues: list[dict[str, Any]] = []
    halls: set[str] = set()
    for p in participants:
        city = rng.choices(names, weights=city_weights)[0]
        if rng.random() < 0.15:
            hall = f"hall-{city.lower().replace(' ', '-')}"
            if hall not in halls:
                halls.add(hall)
                venues.append({"id": hall, "name": f"{city} innovation hub", "capacity": 3, "city": city})
            p["venue"] = hall
        else:
            vid = f"v-{p['id']}"
            venues.append({"id": vid, "name": f"Office of {p['name']}", "capacity": 1, "city": city})
            p["venue"] = vid
    travel = []
    for i, a in enumerate(venues):
        for b in venues[i + 1 :]:
            ca, cb = a["city"], b["city"]
            minutes = INTRA_CITY_MINUTES if ca == cb else CITY_TRAVEL.get((ca, cb)) or CITY_TRAVEL[(cb, ca)]
            travel.append({"from": a["id"], "to": b["id"], "minutes": minutes})
    return venues, travel


def _build(family: Family, seed: int) -> dict[str, Any]:
    # The family's name is part of the seed: two families never share their random draws by accident.
    rng = random.Random(f"{family.name}/{seed}/{family.teams}")
    if family.availability not in AVAILABILITY:
        raise ValueError(f"availability must be one of {AVAILABILITY}")
    slots, by_day = _slots(family.days, family.slots_per_day, 30, family.break_minutes)
    hosts: list[dict[str, Any]] = []
    for h in range(family.hosts):
        host: dict[str, Any] = {
            "id": f"h{h + 1:03d}",
            "name": f"Host {h + 1}",
            "organization": f"Israeli organization {h + 1}",
            "role": "host",
        }
        available = _available(rng, family.availability, by_day, host=True)
        if available is not None:
            host["available"] = available
        if rng.random() < family.host_cap_rate:
            host["max_meetings"] = rng.randint(4, 10)
        hosts.append(host)
    venues, travel = _venues(rng, family, hosts)

    popularity = [1.0 / (rank + 1) ** family.popularity for rank in range(family.hosts)]
    rng.shuffle(popularity)
    companies = max(1, round(family.teams * 0.6)) if family.teams > 90 else family.teams
    teams: list[dict[str, Any]] = []
    requests: list[dict[str, Any]] = []
    for t in range(family.teams):
        tid = f"t{t + 1:03d}"
        team: dict[str, Any] = {
            "id": tid,
            "name": f"Team {t + 1}",
            "organization": f"Japanese company {t % companies + 1}",
            "role": "delegate",
        }
        available = _available(rng, family.availability, by_day, host=False)
        if available is not None:
            team["available"] = available
        teams.append(team)
        low, high = family.requests
        count = min(family.hosts, rng.randint(low, high))
        pool = list(range(family.hosts))
        weights = list(popularity)
        for rank in range(count):
            k = rng.choices(range(len(pool)), weights=weights)[0]
            h = pool.pop(k)
            weights.pop(k)
            request: dict[str, Any] = {
                "delegate": tid,
                "host": hosts[h]["id"],
                "weight": rng.choices([5, 4, 3, 2, 1], weights=[2, 3, 4, 3, 2])[0] if rank else 5,
                "mandatory": False,
            }
            if family.interpreters and rng.random() < family.interpreter_rate:
                request["interpreter"] = "ja-he"
            requests.append(request)
    data: dict[str, Any] = {
        "name": f"Zoo {family.name} {family.teams}x{family.hosts}x{family.days} (seed {seed})",
        "slots": slots,
        "venues": venues,
        "travel": travel,
        "participants": teams + hosts,
        "requests": requests,
    }
    if family.interpreters:
        data["interpreters"] = [
            {"id": f"i{i + 1}", "name": f"Interpreter {i + 1}", "languages": ["ja", "he", "en"]}
            for i in range(family.interpreters)
        ]
    _mark_mandatory(rng, family, data)
    return data


def _mark_mandatory(rng: random.Random, family: Family, data: dict[str, Any]) -> None:
    """Make some teams' first requests mandatory, only those that fit together with the ones before them.

    Each candidate is placed into a schedule of the mandatory meetings so far (every hard rule checked),
    so the mandatory meetings of an instance can always all be placed: the family tests how the planner
    works around them, not an infeasible instance.
    """
    if family.mandatory_rate <= 0:
        return
    problem = Problem(read_instance(data))
    state = State(problem)
    teams = [p["id"] for p in data["participants"] if p["role"] == "delegate"]
    chosen = [t for t in teams if rng.random() < family.mandatory_rate]
    for tid in chosen:
        for i in problem.by_delegate.get(tid, [])[: family.mandatory_per_team]:
            slots = [k for k in problem.feasible[i] if state.blocker(i, k) is None]
            if slots:
                state.place(i, rng.choice(slots))
                data["requests"][i]["mandatory"] = True


# fmt: off
# ---- The families. `contention` bands: greedy weight / LP bound measured at full size on seeds 1-2.
FAMILIES: tuple[Family, ...] = (
    Family(
        "low-contention",
        "few requests per team, hosts about equally wanted, 60-minute breaks: greedy at ~0.95 of the bound",
        teams=60, hosts=160, days=2, break_minutes=60, requests=(8, 14), popularity=0.4,
        host_cap_rate=0.0, contention=(0.93, 1.0),
    ),
    Family(
        "high-contention",
        "many requests per team for a few very popular hosts, 15-minute breaks: greedy at ~0.80 of the bound",
        teams=60, hosts=90, days=2, requests=(18, 30), popularity=1.1, contention=(0.7, 0.88),
    ),
    Family(
        "breaks-15",
        "three cities, 15-minute breaks: a city change costs idle slots",
        teams=80, hosts=180, days=2, requests=(12, 22),
    ),
    Family(
        "breaks-60",
        "the same delegation with 60-minute breaks: Tel Aviv to Jerusalem fits between two meetings",
        teams=80, hosts=180, days=2, break_minutes=60, requests=(12, 22),
    ),
    Family(
        "one-city",
        "every host in Tel Aviv: no city changes, only compact days",
        teams=80, hosts=180, days=2, cities=1, requests=(12, 22),
    ),
    Family(
        "sparse-availability",
        "hosts free 30-60 % of a day (some away a day), teams 50-80 %",
        teams=80, hosts=180, days=2, requests=(12, 22), availability="sparse",
    ),
    Family(
        "dense-availability",
        "everybody free all the time",
        teams=80, hosts=180, days=2, requests=(12, 22), availability="dense",
    ),
    Family(
        "many-mandatory",
        "most teams have two mandatory meetings (all placeable together)",
        teams=80, hosts=180, days=2, requests=(12, 22), mandatory_rate=0.8, mandatory_per_team=2,
    ),
    Family(
        "interpreters-scarce",
        "a third of the requests need a Japanese-Hebrew interpreter; two interpreters",
        teams=60, hosts=140, days=2, requests=(10, 18), interpreters=2, interpreter_rate=0.33,
    ),
    Family(
        "interpreters-plentiful",
        "a third of the requests need an interpreter; twelve interpreters",
        teams=60, hosts=140, days=2, requests=(10, 18), interpreters=12, interpreter_rate=0.33,
    ),
    Family(
        "teams-30",
        "a small delegation: 30 teams, 70 hosts, 2 days",
        teams=30, hosts=70, days=2, requests=(10, 18),
    ),
    Family(
        "teams-300",
        "a large delegation: 300 teams, 600 hosts, 2 days",
        teams=300, hosts=600, days=2, requests=(8, 16), popularity=0.6,
    ),
    Family(
        "issue-150x300x2",
        "the issue's held-out shape: 150 teams x 300 hosts x 2 days, 20-35 requests per team, 60-minute breaks",
        teams=150, hosts=300, days=2, break_minutes=60, requests=(20, 35), popularity=0.4,
    ),
    Family(
        "issue-90x220x3",
        "the issue's other shape: 90 teams x 220 hosts x 3 days, three cities",
        teams=90, hosts=220, days=3, requests=(20, 35), popularity=0.6,
    ),
)
# fmt: on

QUICK = ("low-contention", "high-contention", "one-city", "many-mandatory", "interpreters-scarce")


def family(name: str) -> Family:
    for f in FAMILIES:
        if f.name == name:
            return f
    raise KeyError(name)


def write_family(fam: Family, seeds: list[int], directory: Path, *, teams: int | None = None) -> list[Path]:
    """Write `<family>-s<seed>.json` instance files (exchange format) into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for seed in seeds:
        path = directory / f"{fam.name}-s{seed}.json"
        data = write_instance(fam.instance(seed, teams=teams))
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        out.append(path)
    return out
