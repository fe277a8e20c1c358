"""Reusable Pulumi components for Aurora PostgreSQL Serverless v2, secure by default.

Type tokens are ``aurora-platform:<module>:<Type>``. Every component validates its
arguments before registering any child and raises ``ValueError`` naming the argument, the
value received and what is allowed.
"""

from .alarms import Alarms, AlarmsArgs
from .cluster import AuroraCluster, AuroraClusterArgs
from .dsql import DsqlCluster, DsqlClusterArgs
from .encryption import Encryption, EncryptionArgs
from .network import Network, NetworkArgs
from .platform import AuroraPlatform, AuroraPlatformArgs
from .proxy import DatabaseProxy, DatabaseProxyArgs

__all__ = [
    "Alarms",
    "AlarmsArgs",
    "AuroraCluster",
    "AuroraClusterArgs",
    "AuroraPlatform",
    "AuroraPlatformArgs",
    "DatabaseProxy",
    "DatabaseProxyArgs",
    "DsqlCluster",
    "DsqlClusterArgs",
    "Encryption",
    "EncryptionArgs",
    "Network",
    "NetworkArgs",
]
