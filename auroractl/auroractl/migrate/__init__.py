"""``auroractl migrate``: move a SQLite file into PostgreSQL (and back), verified and resumable.

Modules: :mod:`.source` reads the SQLite file (read-only), :mod:`.affinity` holds SQLite's
type-affinity rules, :mod:`.profile` measures the data, :mod:`.problems` names what the data
holds that PostgreSQL would refuse or change, :mod:`.typemap` chooses each column's PostgreSQL
type, :mod:`.plan` puts these together, :mod:`.ddl` writes the PostgreSQL schema, :mod:`.copy`
moves rows with ``COPY``, :mod:`.journal` records progress in the target for ``--resume``,
:mod:`.verify` compares both sides row by row, :mod:`.export` writes PostgreSQL back to SQLite,
:mod:`.target` connects, :mod:`.dsql` holds Aurora DSQL's limits and :mod:`.cli` wires it up.
"""
