"""API schemas: index."""
