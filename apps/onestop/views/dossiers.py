"""One-stop pages: dossiers."""
