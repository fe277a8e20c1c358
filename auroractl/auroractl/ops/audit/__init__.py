"""``auroractl audit``: the policy pack's rules evaluated against the live account."""
