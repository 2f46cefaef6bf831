"""Deterministic synthetic companies written to a file, for scale tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

from kakehashi.adapters.exports.companies import write_companies_file
from kakehashi.adapters.synthetic.companies import generate_companies


def generate_companies_file(*, path: Path, count: int, seed: int) -> int:
    """Write `count` deterministic synthetic startups to CSV/TSV/XLSX/JSONL (by extension) for scale tests."""
    return write_companies_file(path, generate_companies(count, seed))
