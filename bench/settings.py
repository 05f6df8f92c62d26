"""The benchmark's settings: production's, plus two bare views. Never used in production.

Everything else comes from the environment as in production (DEBUG off, a secret key, Redis when
REDIS_URL is set, `__Host-` cookies marked Secure): the benchmark sends its cookies itself, so
plain HTTP on 127.0.0.1 needs only DJANGO_SECURE_SSL_REDIRECT=false, which the script sets.
"""

import os

from ucl_cop.settings import *  # noqa: F403
from ucl_cop.settings import STATIC_ROOT as _STATIC_ROOT

ROOT_URLCONF = "bench.urls"
# collectstatic writes here, so a run leaves the checkout untouched.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or _STATIC_ROOT
