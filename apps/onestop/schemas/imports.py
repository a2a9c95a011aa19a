"""API schemas: imports."""
