"""API operations: lookup."""
