"""One-stop pages: forms."""
