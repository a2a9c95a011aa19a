"""API operations: procedures."""
