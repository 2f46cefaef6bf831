"""Identity matching engine: one record per real company, across scripts and sources (no database)."""
