"""One-stop pages: lookup."""
