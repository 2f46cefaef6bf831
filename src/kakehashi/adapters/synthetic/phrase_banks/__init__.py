"""JSON phrase banks for the synthetic catalogue (sectors, names, places, backgrounds); read by `vocabulary`."""
