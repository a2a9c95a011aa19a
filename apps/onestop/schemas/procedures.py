"""API schemas: procedures."""
