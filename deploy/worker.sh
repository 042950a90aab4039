#!/bin/sh
# The task queue's worker: mail (with retries), queued exports, the search reindex.
# Run one or more beside the web processes; on PostgreSQL they share the queue safely
# (each task is claimed with SELECT … FOR UPDATE SKIP LOCKED). SIGTERM finishes the
# running task, then stops.
set -e
cd "$(dirname "$0")/.."
exec python manage.py db_worker --queue-name '*' --no-reload --interval "${WORKER_INTERVAL:-1}" "$@"
