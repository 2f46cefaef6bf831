"""A scout's judgements on earlier results bend the next search: Rocchio on the query vector, and the
judged startups moved to the front or the end of the list."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Feedback:
    """Judgements on earlier results that bend this search (Rocchio on the query vector)."""

    relevant: tuple[int, ...] = ()
    not_relevant: tuple[int, ...] = ()
    alpha: float = 1.0
    beta: float = 0.6
    gamma: float = 0.4


def rocchio(vector: np.ndarray, feedback: Feedback, stored: dict[int, np.ndarray]) -> np.ndarray:
    """The query vector moved towards the judged-relevant documents' vectors and away from the others."""
    moved = feedback.alpha * np.asarray(vector, dtype=np.float32)
    relevant = [stored[i] for i in feedback.relevant if i in stored]
    not_relevant = [stored[i] for i in feedback.not_relevant if i in stored]
    if relevant:
        moved = moved + feedback.beta * np.mean(relevant, axis=0)
    if not_relevant:
        moved = moved - feedback.gamma * np.mean(not_relevant, axis=0)
    norm = float(np.linalg.norm(moved))
    return moved / norm if norm > 0 else np.asarray(vector, dtype=np.float32)


def apply_feedback(fused: list[tuple[int, float]], feedback: Feedback) -> list[tuple[int, float]]:
    """Judged-relevant startups lead, judged-irrelevant ones go to the end (kept, so undo is easy)."""
    rejected = set(feedback.not_relevant)
    accepted = set(feedback.relevant)
    top = fused[0][1] if fused else 0.0
    lead = [(i, top + 1.0 + s) for i, s in fused if i in accepted]
    middle = [(i, s) for i, s in fused if i not in accepted and i not in rejected]
    tail = [(i, s) for i, s in fused if i in rejected]
    return lead + middle + tail
