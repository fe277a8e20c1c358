"""Guardrails for rds resources (one policy per module, named by its id)."""
