"""Loaded with `-p tests.environment` (see pyproject.toml) before pytest-django reads the settings.

Tests keep their files, queue and cache apart from a development server on the same checkout, and browser tests
may call the ORM from Playwright's event loop against live_server.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="summit-tests-"))
os.environ.setdefault("CACHE_URL", "locmemcache://")
