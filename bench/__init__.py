"""The benchmark's own code (`scripts/bench`, `make bench`), kept out of the portal's packages.

`settings` and `urls` layer two bare views over the production settings, for gunicorn to serve
beside the real pages; they are never used in production. The rest drives the run: `services`
starts Redis and PostgreSQL and keeps one seeded database per size, `load` runs gunicorn and
wrk, `django_side` signs people in and counts queries inside Django, `table` prints the results.
"""
