"""API operations: dossiers."""
