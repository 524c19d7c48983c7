"""attendant."""
