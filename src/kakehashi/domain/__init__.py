"""Pure domain: organizations, taxonomy, funding, deals, needs. Standard library only."""
