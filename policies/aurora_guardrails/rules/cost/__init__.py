"""Cost rules."""
