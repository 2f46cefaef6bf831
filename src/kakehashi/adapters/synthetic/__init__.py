"""Deterministic synthetic data: scale-test companies and the fictional demo dataset."""
