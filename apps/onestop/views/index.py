"""One-stop pages: index."""
