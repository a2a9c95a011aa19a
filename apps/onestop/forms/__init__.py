"""One-stop forms, by topic (forms only parse; services validate and save)."""
