"""Guardrail rules, one module per policy, grouped by AWS service."""
