"""API schemas: stats."""
