"""Criteria-set pages, by topic: sets, nodes (with last year's mapping), exclusions, excel."""
