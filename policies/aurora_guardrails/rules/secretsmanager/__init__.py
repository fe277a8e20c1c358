"""Guardrails for secretsmanager resources (one policy per module, named by its id)."""
