#!/bin/sh
# Nightly backups of the portal's database (docker-compose.yml's backup service, in the postgres
# image so pg_dump matches the server): at BACKUP_AT (HH:MM, UTC) a custom-format dump
# (`pg_dump -Fc`: compressed, restored with pg_restore, one table at a time if need be) goes
# to BACKUP_DIR as cop-<UTC time>.dump, and dumps older than BACKUP_KEEP_DAYS days are removed.
#
#   backup.sh          wait for BACKUP_AT, dump, repeat (the service)
#   backup.sh --once   dump now and exit (before an upgrade, say)
#
# The connection comes from libpq's variables: PGHOST, PGDATABASE, PGUSER, PGPASSWORD.
set -eu

BACKUP_AT=${BACKUP_AT:-02:30}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
BACKUP_DIR=${BACKUP_DIR:-/backups}
export TZ=UTC

log() {
    printf '{"time": "%s", "level": "%s", "logger": "backup", "message": "%s"}\n' \
        "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$2"
}

backup_once() {
    name="cop-$(date -u +%Y%m%dT%H%M%SZ).dump"
    partial="$BACKUP_DIR/.$name.partial"
    # Written aside and renamed when complete, so a dump cut short never looks like a backup.
    if pg_dump --format=custom --file="$partial"; then
        mv "$partial" "$BACKUP_DIR/$name"
        log INFO "wrote $name ($(du -h "$BACKUP_DIR/$name" | cut -f1))"
    else
        rm -f "$partial"
        log ERROR "pg_dump failed; the previous dumps are kept"
        return 1
    fi
    find "$BACKUP_DIR" -maxdepth 1 -name 'cop-*.dump' -mtime +"$BACKUP_KEEP_DAYS" \
        -print -delete | while read -r old; do log INFO "removed $(basename "$old")"; done
}

mkdir -p "$BACKUP_DIR"
if [ "${1:-}" = "--once" ]; then
    backup_once
    exit
fi

# `docker stop` sends SIGTERM; as PID 1 the shell would ignore it and wait to be killed.
trap 'log INFO "stopping"; exit 0' TERM INT
log INFO "backups at $BACKUP_AT UTC each day, kept $BACKUP_KEEP_DAYS days, in $BACKUP_DIR"
while true; do
    now=$(date +%s)
    next=$(date -d "today $BACKUP_AT" +%s)
    [ "$next" -gt "$now" ] || next=$(date -d "tomorrow $BACKUP_AT" +%s)
    # In the background, so the trap runs at once on SIGTERM rather than after the sleep.
    sleep $((next - now)) &
    wait $!
    backup_once || true  # a failed night is logged; the next night tries again
done
