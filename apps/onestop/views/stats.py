"""One-stop pages: stats."""
