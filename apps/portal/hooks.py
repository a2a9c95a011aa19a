"""What the portal contributes to the platform (apps.core.hooks)."""
