"""API schemas: lookup."""
