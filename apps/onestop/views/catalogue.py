"""One-stop pages: catalogue."""
