"""Settings for the whole suite."""

import os
import shutil
import tempfile

# The command table's cache (shell/command_table.py) goes to a directory of this run,
# not to the user's cache; subprocesses of the tests inherit it.
_CACHE = tempfile.mkdtemp(prefix="crsim-test-cache-")
os.environ["CRSIM_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)
