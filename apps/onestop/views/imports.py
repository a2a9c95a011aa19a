"""One-stop pages: imports."""
