"""Test-run environment, loaded as a pytest plugin (-p) so it is set before Django reads settings.

Tests run with the development defaults (no HTTPS redirect, cookies over plain HTTP for the
live server) but override STORAGES in tests/conftest.py so no collected manifest is needed.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
