"""API operations: imports."""
