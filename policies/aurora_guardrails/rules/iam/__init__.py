"""Guardrails for iam resources (one policy per module, named by its id)."""
