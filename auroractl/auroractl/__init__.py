"""auroractl: offline plans of any Pulumi Python program under the real policy pack, cost
estimates, and operations on deployed stacks (env, health, audit)."""

from auroractl._version import __version__

__all__ = ["__version__"]
