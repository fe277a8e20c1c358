"""``auroractl migrate``: move a SQLite file into PostgreSQL (and back), verified and resumable.

Modules: :mod:`.source` reads the SQLite file (read-only), :mod:`.affinity` holds SQLite's
type-affinity rules, :mod:`.profile` measures the data, :mod:`.problems` names what the data
holds that PostgreSQL would refuse or change, :mod:`.typemap` chooses each column's PostgreSQL
type and converts values, :mod:`.identifiers` names things, :mod:`.model` holds the plan's
data and :mod:`.plan` builds it, :mod:`.ddl` writes the PostgreSQL schema, :mod:`.copy` moves
rows with ``COPY``, :mod:`.journal` records progress in the target for ``--resume``,
:mod:`.runner` orders the steps, :mod:`.verify` compares both sides row by row,
:mod:`.export` writes PostgreSQL back to SQLite, :mod:`.target` connects, :mod:`.dsql` holds
Aurora DSQL's limits, :mod:`.progress` and :mod:`.render` print, :mod:`.cli` wires it up.
"""
