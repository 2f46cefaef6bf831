"""Realistic delegation instances for tests and benchmarks: three cities, partial availability, popular hosts."""

from __future__ import annotations

import random
from datetime import date, timedelta

from kakehashi.domain.planning import Instance, instance_from_dict

CITIES = ("Tel Aviv", "Jerusalem", "Haifa")
# Typical door-to-door minutes between the three cities (by car or train, with a margin).
CITY_TRAVEL = {("Tel Aviv", "Jerusalem"): 60, ("Tel Aviv", "Haifa"): 90, ("Jerusalem", "Haifa"): 120}
INTRA_CITY_MINUTES = 15
FIRST_DAY = date(2026, 3, 2)


def generate_instance(
    teams: int,
    hosts: int,
    days: int,
    *,
    seed: int,
    cities: int = 3,
    slots_per_day: int = 10,
    meeting_minutes: int = 30,
    break_minutes: int = 15,
    interpreters: int = 0,
) -> Instance:
    """A delegation of `teams` teams visiting `hosts` hosts over `days` days; same seed, same instance.

    Popularity follows a Zipf-like law so that the best-known hosts are oversubscribed; about a third of
    the teams and most hosts are available only part of the time; a few requests are mandatory.
    """
    rng = random.Random(seed)
    city_names = CITIES[: max(1, min(cities, len(CITIES)))]
    step = meeting_minutes + break_minutes
    slots = []
    for d in range(days):
        day = FIRST_DAY + timedelta(days=d)
        for k in range(slots_per_day):
            start = 9 * 60 + k * step
            end = start + meeting_minutes
            slots.append(
                {
                    "id": f"d{d + 1}s{k + 1:02d}",
                    "day": day.isoformat(),
                    "start": f"{start // 60:02d}:{start % 60:02d}",
                    "end": f"{end // 60:02d}:{end % 60:02d}",
                }
            )
    slot_ids = [s["id"] for s in slots]
    by_day = [slot_ids[d * slots_per_day : (d + 1) * slots_per_day] for d in range(days)]

    # Hosts: most in Tel Aviv; most have their own meeting room, some share a conference hall.
    city_weights = [0.6, 0.2, 0.2][: len(city_names)]
    venues: list[dict[str, object]] = []
    participants: list[dict[str, object]] = []
    halls: dict[str, list[str]] = {}
    for c in city_names:
        hall = f"hall-{c.lower().replace(' ', '-')}"
        venues.append({"id": hall, "name": f"{c} innovation hub", "capacity": 3, "city": c})
        halls[c] = []
    host_ids = []
    for h in range(hosts):
        city = rng.choices(city_names, weights=city_weights)[0]
        hid = f"h{h + 1:03d}"
        if rng.random() < 0.15:
            venue = f"hall-{city.lower().replace(' ', '-')}"
        else:
            venue = f"v-{hid}"
            venues.append({"id": venue, "name": f"Office of host {h + 1}", "capacity": 1, "city": city})
        host: dict[str, object] = {
            "id": hid,
            "name": f"Host {h + 1}",
            "organization": f"Israeli organization {h + 1}",
            "role": "host",
            "venue": venue,
        }
        roll = rng.random()
        if roll < 0.35:  # away one day (or half of the only day)
            away = rng.randrange(days)
            keep = (
                [s for d, ids in enumerate(by_day) if d != away for s in ids] if days > 1 else by_day[0][:5]
            )
            host["available"] = keep
        elif roll < 0.65:  # mornings or afternoons only
            half = slots_per_day // 2
            part = rng.choice([slice(0, half), slice(half, slots_per_day)])
            host["available"] = [s for ids in by_day for s in ids[part]]
        if rng.random() < 0.25:
            host["max_meetings"] = rng.randint(4, 10)
        participants.append(host)
        host_ids.append(hid)
    used = {str(v["id"]) for v in venues if not str(v["id"]).startswith("hall-")} | {
        str(p["venue"]) for p in participants
    }
    venues = [v for v in venues if str(v["id"]) in used]
    travel = []
    for i, a in enumerate(venues):
        for b in venues[i + 1 :]:
            ca, cb = str(a["city"]), str(b["city"])
            minutes = INTRA_CITY_MINUTES if ca == cb else CITY_TRAVEL.get((ca, cb)) or CITY_TRAVEL[(cb, ca)]
            travel.append({"from": a["id"], "to": b["id"], "minutes": minutes})

    # Popularity: Zipf-like, shuffled so that popular hosts are spread over cities.
    popularity = [1.0 / (rank + 1) ** 0.8 for rank in range(hosts)]
    rng.shuffle(popularity)
    companies = max(1, round(teams * 0.6)) if teams > 90 else teams
    requests = []
    mandatory_per_host: dict[str, int] = {}
    n_slots = len(slot_ids)
    for t in range(teams):
        tid = f"t{t + 1:03d}"
        team: dict[str, object] = {
            "id": tid,
            "name": f"Team {t + 1}",
            "organization": f"Japanese company {t % companies + 1}",
            "role": "delegate",
        }
        if days > 1 and rng.random() < 0.25:
            away = rng.randrange(days)
            team["available"] = [s for d, ids in enumerate(by_day) if d != away for s in ids]
        elif rng.random() < 0.15:
            team["available"] = [s for ids in by_day for s in ids[1:-1]]
        participants.append(team)
        count = min(hosts, rng.randint(int(n_slots * 0.8), int(n_slots * 1.6)))
        chosen: list[int] = []
        pool = list(range(hosts))
        weights = list(popularity)
        while len(chosen) < count and pool:
            k = rng.choices(range(len(pool)), weights=weights)[0]
            chosen.append(pool.pop(k))
            weights.pop(k)
        for rank, h in enumerate(chosen):
            hid = host_ids[h]
            weight = rng.choices([5, 4, 3, 2, 1], weights=[2, 3, 4, 3, 2])[0] if rank else 5
            mandatory = (
                rank == 0
                and rng.random() < 0.1
                and popularity[h] < 0.2
                and mandatory_per_host.get(hid, 0) < 2
                and "available" not in participants[h]
            )
            if mandatory:
                mandatory_per_host[hid] = mandatory_per_host.get(hid, 0) + 1
            request: dict[str, object] = {
                "delegate": tid,
                "host": hid,
                "weight": weight,
                "mandatory": mandatory,
            }
            if interpreters and rng.random() < 0.1:
                request["interpreter"] = "ja-he"
            requests.append(request)
    data: dict[str, object] = {
        "name": f"Generated delegation {teams}x{hosts}x{days} (seed {seed})",
        "slots": slots,
        "venues": venues,
        "travel": travel,
        "participants": participants,
        "requests": requests,
    }
    if interpreters:
        data["interpreters"] = [
            {"id": f"i{i + 1}", "name": f"Interpreter {i + 1}", "languages": ["ja", "he", "en"]}
            for i in range(interpreters)
        ]
    return instance_from_dict(data)
