"""Guardrails for kms resources (one policy per module, named by its id)."""
