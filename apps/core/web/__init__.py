"""What every app's pages share: the forms kit, the failure and refusal responses, the htmx request type."""
