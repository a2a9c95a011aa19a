"""API operations: index."""
