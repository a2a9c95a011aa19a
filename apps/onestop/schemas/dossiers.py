"""API schemas: dossiers."""
