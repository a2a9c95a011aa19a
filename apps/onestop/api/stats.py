"""API operations: stats."""
