"""Subnet CIDR math for created networks (standard library ``ipaddress`` only)."""

from __future__ import annotations

import ipaddress

from .validation import validate_az_count, validate_vpc_cidr

__all__ = ["SUBNET_SLOTS", "subnet_cidrs"]

# The VPC is cut into 4 equal blocks: one per AZ (at most 3) plus one spare for later use
# (for example an endpoint or application tier). A /24 VPC gives /26 subnets (59 usable IPs).
SUBNET_SLOTS = 4


def subnet_cidrs(vpc_cidr: str, az_count: int) -> list[str]:
    """Return ``az_count`` subnet CIDRs: the first blocks of the VPC split into 4.

    >>> subnet_cidrs("10.40.0.0/16", 3)
    ['10.40.0.0/18', '10.40.64.0/18', '10.40.128.0/18']
    """
    network: ipaddress.IPv4Network = validate_vpc_cidr(vpc_cidr)
    count = validate_az_count(az_count)
    blocks = list(network.subnets(prefixlen_diff=2))
    return [str(block) for block in blocks[:count]]
