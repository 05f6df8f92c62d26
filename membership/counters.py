"""The member counters on Community: the database triggers that keep them exact, and the SQL
that counts them from the rows.

`Community.core_count`, `wider_count` and `interest_count` are kept by triggers, not by service
code, because memberships and interests are written by more than the services: factories,
`bulk_create` (seed_demo), `QuerySet.update()` and raw SQL all change them, and a counter kept
in Python would drift the first time one of them forgot. A trigger runs in the writer's own
transaction, so a count is never ahead of or behind its rows.

- A membership counts while it is active (`ended_at IS NULL`), as core or wider by its `kind`.
  An UPDATE may end or restart it, change its kind, or move it to another community.
- Every interest row counts, whatever the community's status: what the pages always showed.
- A count never goes below zero: if it had drifted (`recount_communities` reports and fixes
  that), a member can still leave.

PostgreSQL: statement-level triggers with transition tables, so a `bulk_create` of thousands of
rows updates each community once, not once per row. The communities a statement touches are
updated one by one in primary-key order, so two statements touching the same communities queue
rather than deadlock. A transaction that moves a core membership changes two communities in two
statements, so the services lock both first, in the same order (`services.locks.
lock_for_core_move`). SQLite: row-level triggers (all it has); it serialises writers anyway.

SQLite alters a table by copying it into a new one, dropping the old and renaming: that drops
the old table's triggers, and fails outright while a trigger names a table being replaced. So
on SQLite the triggers are taken off before `migrate` and put back, with a recount, after it
(`pause_for_migrate`, `restore_after_migrate`), once migration 0007 has installed them. A
`migrate` that fails part-way leaves them off until the next one succeeds (SQLite is for
development: run `migrate` again).

Migration `0007_counter_triggers` installs them through `install()`; a later change to them
needs a migration that calls `install()` again (every statement replaces what was there).
"""

from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_migrate, pre_migrate
from django.dispatch import receiver

# Active memberships (not ended) by kind, and every registration of interest.
COUNT_FROM_ROWS = """
UPDATE communities_community SET
    core_count = (
        SELECT COUNT(*) FROM membership_membership AS m
        WHERE m.community_id = communities_community.id
          AND m.kind = 'core' AND m.ended_at IS NULL
    ),
    wider_count = (
        SELECT COUNT(*) FROM membership_membership AS m
        WHERE m.community_id = communities_community.id
          AND m.kind = 'wider' AND m.ended_at IS NULL
    ),
    interest_count = (
        SELECT COUNT(*) FROM membership_interest AS i
        WHERE i.community_id = communities_community.id
    )
"""

# PostgreSQL --------------------------------------------------------------------------------------

POSTGRES_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION community_counts_change(
        community bigint, core bigint, wider bigint, interest bigint
    ) RETURNS void LANGUAGE sql AS $$
        UPDATE communities_community SET
            core_count = GREATEST(core_count + core, 0),
            wider_count = GREATEST(wider_count + wider, 0),
            interest_count = GREATEST(interest_count + interest, 0)
        WHERE id = community;
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION membership_counts() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        d record;
    BEGIN
        -- Each branch reads only the transition tables its event has.
        IF TG_OP = 'INSERT' THEN
            FOR d IN
                SELECT community_id,
                       COUNT(*) FILTER (WHERE kind = 'core') AS core,
                       COUNT(*) FILTER (WHERE kind = 'wider') AS wider
                FROM new_rows WHERE ended_at IS NULL
                GROUP BY community_id ORDER BY community_id
            LOOP
                PERFORM community_counts_change(d.community_id, d.core, d.wider, 0);
            END LOOP;
        ELSIF TG_OP = 'DELETE' THEN
            FOR d IN
                SELECT community_id,
                       COUNT(*) FILTER (WHERE kind = 'core') AS core,
                       COUNT(*) FILTER (WHERE kind = 'wider') AS wider
                FROM old_rows WHERE ended_at IS NULL
                GROUP BY community_id ORDER BY community_id
            LOOP
                PERFORM community_counts_change(d.community_id, -d.core, -d.wider, 0);
            END LOOP;
        ELSE
            -- Rows after less rows before, per community: an update that changes neither
            -- kind, activity nor community (a lead, a confirmation) nets to nothing and
            -- touches no community row.
            FOR d IN
                SELECT community_id, SUM(core) AS core, SUM(wider) AS wider
                FROM (
                    SELECT community_id, (kind = 'core')::int AS core,
                           (kind = 'wider')::int AS wider
                    FROM new_rows WHERE ended_at IS NULL
                    UNION ALL
                    SELECT community_id, -(kind = 'core')::int, -(kind = 'wider')::int
                    FROM old_rows WHERE ended_at IS NULL
                ) AS changes
                GROUP BY community_id
                HAVING SUM(core) <> 0 OR SUM(wider) <> 0
                ORDER BY community_id
            LOOP
                PERFORM community_counts_change(d.community_id, d.core, d.wider, 0);
            END LOOP;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION interest_counts() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        d record;
    BEGIN
        IF TG_OP = 'INSERT' THEN
            FOR d IN
                SELECT community_id, COUNT(*) AS n FROM new_rows
                GROUP BY community_id ORDER BY community_id
            LOOP
                PERFORM community_counts_change(d.community_id, 0, 0, d.n);
            END LOOP;
        ELSIF TG_OP = 'DELETE' THEN
            FOR d IN
                SELECT community_id, COUNT(*) AS n FROM old_rows
                GROUP BY community_id ORDER BY community_id
            LOOP
                PERFORM community_counts_change(d.community_id, 0, 0, -d.n);
            END LOOP;
        ELSE
            FOR d IN
                SELECT community_id, SUM(n) AS n
                FROM (
                    SELECT community_id, 1 AS n FROM new_rows
                    UNION ALL
                    SELECT community_id, -1 FROM old_rows
                ) AS changes
                GROUP BY community_id HAVING SUM(n) <> 0 ORDER BY community_id
            LOOP
                PERFORM community_counts_change(d.community_id, 0, 0, d.n);
            END LOOP;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    *(
        statement
        for name, table in (
            ("membership_counts", "membership_membership"),
            ("interest_counts", "membership_interest"),
        )
        for event, tables in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        )
        for statement in (
            f"DROP TRIGGER IF EXISTS {name}_{event.lower()} ON {table}",
            f"""
            CREATE TRIGGER {name}_{event.lower()} AFTER {event} ON {table}
            REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()
            """,
        )
    ),
]

POSTGRES_REMOVE = [
    "DROP FUNCTION IF EXISTS membership_counts() CASCADE",  # CASCADE: with its triggers.
    "DROP FUNCTION IF EXISTS interest_counts() CASCADE",
    "DROP FUNCTION IF EXISTS community_counts_change(bigint, bigint, bigint, bigint)",
]

# SQLite ------------------------------------------------------------------------------------------

# Booleans are 0 or 1 in SQLite, so `(NEW.kind = 'core')` is the row's contribution to core.
_ADD_MEMBERSHIP = """
    UPDATE communities_community SET
        core_count = core_count + (NEW.kind = 'core'),
        wider_count = wider_count + (NEW.kind = 'wider')
    WHERE id = NEW.community_id AND NEW.ended_at IS NULL;
"""
_REMOVE_MEMBERSHIP = """
    UPDATE communities_community SET
        core_count = MAX(core_count - (OLD.kind = 'core'), 0),
        wider_count = MAX(wider_count - (OLD.kind = 'wider'), 0)
    WHERE id = OLD.community_id AND OLD.ended_at IS NULL;
"""
_ADD_INTEREST = """
    UPDATE communities_community SET interest_count = interest_count + 1
    WHERE id = NEW.community_id;
"""
_REMOVE_INTEREST = """
    UPDATE communities_community SET interest_count = MAX(interest_count - 1, 0)
    WHERE id = OLD.community_id;
"""

SQLITE_TRIGGERS = {
    "membership_counts_insert": f"""
        AFTER INSERT ON membership_membership FOR EACH ROW
        BEGIN {_ADD_MEMBERSHIP} END
    """,
    "membership_counts_delete": f"""
        AFTER DELETE ON membership_membership FOR EACH ROW
        BEGIN {_REMOVE_MEMBERSHIP} END
    """,
    "membership_counts_update": f"""
        AFTER UPDATE OF kind, ended_at, community_id ON membership_membership FOR EACH ROW
        WHEN OLD.kind IS NOT NEW.kind
          OR OLD.community_id IS NOT NEW.community_id
          OR (OLD.ended_at IS NULL) IS NOT (NEW.ended_at IS NULL)
        BEGIN {_REMOVE_MEMBERSHIP} {_ADD_MEMBERSHIP} END
    """,
    "interest_counts_insert": f"""
        AFTER INSERT ON membership_interest FOR EACH ROW
        BEGIN {_ADD_INTEREST} END
    """,
    "interest_counts_delete": f"""
        AFTER DELETE ON membership_interest FOR EACH ROW
        BEGIN {_REMOVE_INTEREST} END
    """,
    "interest_counts_update": f"""
        AFTER UPDATE OF community_id ON membership_interest FOR EACH ROW
        WHEN OLD.community_id IS NOT NEW.community_id
        BEGIN {_REMOVE_INTEREST} {_ADD_INTEREST} END
    """,
}

SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS {name} {body}" for name, body in SQLITE_TRIGGERS.items()
]
SQLITE_REMOVE = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]

INSTALL = {"postgresql": POSTGRES_INSTALL, "sqlite": SQLITE_INSTALL}
REMOVE = {"postgresql": POSTGRES_REMOVE, "sqlite": SQLITE_REMOVE}


def _statements(which: dict[str, list[str]], vendor: str) -> list[str]:
    if vendor not in which:
        raise NotImplementedError(
            f"The member counters need triggers written for {vendor}; only PostgreSQL and "
            "SQLite have them."
        )
    return which[vendor]


def install(schema_editor) -> None:
    """Install (or replace) the triggers, then count every community again under them, in the
    caller's transaction: whatever was written before is included, and nothing after is lost."""
    for sql in _statements(INSTALL, schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)
    schema_editor.execute(COUNT_FROM_ROWS, params=None)


def remove(schema_editor) -> None:
    for sql in _statements(REMOVE, schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)


# SQLite and migrate ----------------------------------------------------------------------------

INSTALLED_BY = ("membership", "0007_counter_triggers")


def _installed(connection) -> bool:
    return INSTALLED_BY in MigrationRecorder(connection).applied_migrations()


@receiver(pre_migrate, dispatch_uid="membership-counters-pause")
def pause_for_migrate(sender, using: str, **kwargs) -> None:
    """pre_migrate, SQLite only: take the triggers off, so migrations may rebuild tables."""
    connection = connections[using]
    if sender.name != "membership" or connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for sql in SQLITE_REMOVE:
            cursor.execute(sql)


@receiver(post_migrate, dispatch_uid="membership-counters-restore")
def restore_after_migrate(sender, using: str, **kwargs) -> None:
    """post_migrate, SQLite only: put the triggers back and count again, if migration 0007 is
    applied (not before it ran, nor after it was unapplied)."""
    connection = connections[using]
    if sender.name != "membership" or connection.vendor != "sqlite":
        return
    if not _installed(connection):
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for sql in SQLITE_INSTALL:
            cursor.execute(sql)
        cursor.execute(COUNT_FROM_ROWS)
