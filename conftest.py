"""Repository-wide pytest set-up.

The folder ``auroractl/`` (the distribution) has the same name as the package inside it
(``auroractl/auroractl/``). Under ``--import-mode=importlib`` pytest names a test module by its
path (``auroractl.tests.ops.test_env``) and, when ``auroractl`` is not imported yet, registers
the folder as that module, hiding the installed package. Importing the package first keeps the
real one, so a single test file runs as it does in the whole suite.
"""

import auroractl  # noqa: F401
