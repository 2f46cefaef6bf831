"""Candidate pairs without comparing everything: records share a block when a name key starts or ends the
same way (5 characters), when a Japanese key is equal, or when an identifier is equal.

Blocks larger than `cap` are skipped for names (a common start such as 'japan' says nothing), never for
identifiers. With `first_new`, only pairs that involve a record at index >= first_new are produced.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from kakehashi.adapters.identity.readings import skeleton
from kakehashi.adapters.identity.score import Features

EDGE = 5


def block_keys(feats: Features) -> set[str]:
    keys: set[str] = set()
    for key in feats.roman + feats.weak + feats.distinct:
        keys.add("p:" + key[:EDGE])
        keys.add("s:" + key[-EDGE:])
        shape = skeleton(key)
        if len(shape) >= 2:
            keys.add("kf:" + shape)
            keys.add("k:" + shape[:4])
            keys.add("ks:" + shape[-4:])
    for key in feats.written + feats.kana:
        keys.add("j:" + key)
        keys.add("jp:" + key[:3])
    return keys


def id_keys(feats: Features) -> set[str]:
    keys = set()
    if feats.corporate_number:
        keys.add("cn:" + feats.corporate_number)
    if feats.domain:
        keys.add("d:" + feats.domain)
    if feats.external_id:
        keys.add("x:" + feats.external_id)
    return keys


def candidate_pairs(
    feats: Sequence[Features], *, first_new: int = 0, cap: int = 60
) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) worth scoring."""
    blocks: dict[str, list[int]] = defaultdict(list)
    ids: dict[str, list[int]] = defaultdict(list)
    wanted: set[str] | None = None
    if first_new > 0:  # incremental: only the blocks that a new record is in matter
        wanted = set()
        for feat in feats[first_new:]:
            wanted |= block_keys(feat) | id_keys(feat)
    for index, feat in enumerate(feats):
        for key in block_keys(feat):
            if wanted is None or key in wanted:
                blocks[key].append(index)
        for key in id_keys(feat):
            if wanted is None or key in wanted:
                ids[key].append(index)
    seen: set[tuple[int, int]] = set()
    for group, limit in ((blocks, cap), (ids, None)):
        for members in group.values():
            if len(members) < 2 or (limit is not None and len(members) > limit):
                continue
            if members[-1] < first_new:
                continue
            for x, i in enumerate(members):
                for j in members[x + 1 :]:
                    if j < first_new:
                        continue
                    pair = (i, j)
                    if pair not in seen:
                        seen.add(pair)
                        yield pair
