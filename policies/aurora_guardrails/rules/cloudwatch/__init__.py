"""Guardrails for cloudwatch resources (one policy per module, named by its id)."""
