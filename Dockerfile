# The portal's image: gunicorn serving Django, static files compressed at build time.
# The same image runs the background worker (`python manage.py db_worker`), the scheduler
# (`python scripts/scheduler`) and migrations: see docker-compose.yml and README.md.

# --- builder: a virtualenv with the locked runtime dependencies (no dev group) --------------
FROM python:3.13-slim AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /build
# Only the lock file, so code changes don't invalidate the dependency layer. It pins every
# package, its dependencies included, to one version and its hashes (`make lock` writes it from
# pyproject.toml), so each build installs the same files and pip refuses any other.
COPY requirements.lock ./
RUN pip install --upgrade "pip>=25.1" \
    && pip install --require-hashes --no-deps -r requirements.lock

# --- runtime -----------------------------------------------------------------------------------
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH

RUN groupadd --system cop \
    && useradd --system --gid cop --home-dir /app --no-create-home --shell /usr/sbin/nologin cop

WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
# The whole project, so a new app needs no line here; .dockerignore leaves out what the
# runtime does not use (tests, scripts, CI, local databases and caches).
COPY . .

# Static files are collected and compressed once, here, with a key that exists only for this
# step; the running container needs its own DJANGO_SECRET_KEY. The site address and the task
# backend are production's, so the build never runs on the development defaults that
# ucl_cop/checks.py warns about; the running container sets its own.
RUN DJANGO_SECRET_KEY=collectstatic-at-build-time-only \
    DJANGO_ALLOWED_HOSTS=localhost \
    DJANGO_SITE_URL=https://cop.ucl.ac.uk \
    DJANGO_TASKS_BACKEND=django_tasks_db.DatabaseBackend \
    python manage.py collectstatic --noinput --verbosity 0

USER cop
EXPOSE 8000

# An HTTP GET of /healthz/ with a Host header from DJANGO_ALLOWED_HOSTS (any other host is a
# 400), not a TCP connect, which passes while every request fails. The scheduler, the worker
# and migrate run this image too and serve no HTTP: docker-compose.yml turns it off for them.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "/app/scripts/healthcheck", "/healthz/"]

# gunicorn.conf.py: 2 × CPUs + 1 processes (the container's CPU limit; WEB_CONCURRENCY
# overrides it) of 4 threads, a keep-alive longer than the proxy's, JSON logs to stdout/stderr.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "ucl_cop.wsgi"]
