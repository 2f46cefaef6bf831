"""Identity resolution: which records are the same company, sure (merge) or maybe (suggest).

resolve(records) compares records with each other; resolve(new, against=catalogue) links a new import to
an existing catalogue, comparing new x (new + catalogue) only. A link is merged when its score reaches
`sure` and it is each side's best link (or an identifier decided it); links from `maybe` up are suggested.
"""

from __future__ import annotations

from collections.abc import Sequence

from kakehashi.adapters.identity.blocking import candidate_pairs
from kakehashi.adapters.identity.score import features, score_pair
from kakehashi.domain.identity import IdentityRecord, Link, Resolution

SURE = 0.80  # tuned on the tuning half of the development set (bench/bench_identity.py)
MAYBE = 0.70


def resolve(
    records: Sequence[IdentityRecord],
    *,
    against: Sequence[IdentityRecord] = (),
    sure: float = SURE,
    maybe: float = MAYBE,
) -> Resolution:
    """Merges and suggestions among `records` and between them and `against` (never within `against`)."""
    everything = [*against, *records]
    feats = [features(record) for record in everything]
    links: list[Link] = []
    for i, j in candidate_pairs(feats, first_new=len(against)):
        a, b = everything[i], everything[j]
        if a.id == b.id:
            continue
        score, reasons = score_pair(a, b, feats[i], feats[j])
        if score >= maybe:
            low, high = sorted((a.id, b.id))
            links.append(Link(low, high, round(score, 4), tuple(reasons)))
    best: dict[int, float] = {}
    sources = {record.id: record.source for record in everything}
    for link in links:
        if sources[link.a] is not None and sources[link.a] == sources[link.b] and link.score < 1.0:
            continue  # a source rarely lists one company twice: look-alikes there are only suggested
        for side in (link.a, link.b):
            best[side] = max(best.get(side, 0.0), link.score)
    merges: list[Link] = []
    suggestions: list[Link] = []
    for link in sorted(links, key=lambda item: (-item.score, item.a, item.b)):
        decided = link.score >= 1.0
        same_source = sources[link.a] is not None and sources[link.a] == sources[link.b]
        mutual = not same_source and link.score >= best[link.a] and link.score >= best[link.b]
        if link.score >= sure and (decided or mutual):
            merges.append(link)
        else:
            suggestions.append(link)
    return Resolution(merges=tuple(merges), suggestions=tuple(suggestions))
