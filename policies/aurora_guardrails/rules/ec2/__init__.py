"""Guardrails for ec2 resources (one policy per module, named by its id)."""
