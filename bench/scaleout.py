"""Scale-out on PostgreSQL: two gunicorn processes, one task worker, Redis as the shared cache.

    .venv/bin/python -m bench.scaleout [--seconds 30] [--clients 8] [--write]

Creates its own database on ``BENCH_PG`` (default postgres://postgres@127.0.0.1:5432), loads
the seed plans, starts Redis (if installed; else the database cache), `gunicorn -c
deploy/gunicorn.conf.py` with two processes and `manage.py db_worker`, all on 127.0.0.1, then
measures: the seed board under load from 8 client threads for 30 s (requests/s, p50, p95,
errors) three times — from the page cache with persistent connections (production), and
built on every request with ``CONN_MAX_AGE`` 0 and 60 (the gain of persistent connections) —
whether throttling and Last-Modified hold across the two processes, and how fast the worker
drains 200 queued mails. Everything is stopped and the database dropped at the end;
``--write`` puts the figures into bench/README.md.
"""

import argparse
import http.client
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench.__main__ import admin_connection

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "bench" / "README.md"
HEADING = "## Scale-out (`bench/scaleout.py`)"
BOARD = "/plans/anti-corruption-2022-2026/"
API = "/api/v1/plans/"
MAIL_TASKS = 200
MAX_REQUESTS = 100_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, dict, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status, dict(response.headers), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), time.perf_counter() - started


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if fetch(url)[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def get(port: int, path: str) -> int:
    """One GET on a new connection (gunicorn's sync workers close each one); the status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def load(port: int, seconds: float, threads: int = 8) -> dict:
    """Anonymous board requests from ``threads`` clients for ``seconds`` (at most
    MAX_REQUESTS); returns requests/s, p50 and p95 in ms and failed requests (an answer other
    than 200, or no answer)."""
    timings: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        nonlocal errors
        while time.monotonic() < stop:
            with lock:
                if len(timings) + errors >= MAX_REQUESTS:
                    return
            started = time.perf_counter()
            try:
                status = get(port, BOARD)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    timings.append(elapsed)
                else:
                    errors += 1

    started = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - started
    timings.sort()
    return {
        "requests": len(timings),
        "rps": len(timings) / wall,
        "p50": statistics.median(timings) * 1000,
        "p95": statistics.quantiles(timings, n=20)[18] * 1000,
        "errors": errors,
    }


# (label, environment of the web processes)
LOAD_RUNS = [
    (
        "page cache, CONN_MAX_AGE=60 (production)",
        {"PUBLIC_PAGE_CACHE": "true", "CONN_MAX_AGE": "60"},
    ),
    ("no page cache, CONN_MAX_AGE=0", {"PUBLIC_PAGE_CACHE": "false", "CONN_MAX_AGE": "0"}),
    ("no page cache, CONN_MAX_AGE=60", {"PUBLIC_PAGE_CACHE": "false", "CONN_MAX_AGE": "60"}),
]


def start_web(env: dict, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "deploy/gunicorn.conf.py",
            "nap_portal.wsgi",
        ],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--write", action="store_true", help="put the figures in README")
    options = parser.parse_args()

    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    name = f"nap_scaleout_{os.getpid()}"
    admin = admin_connection(server)
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    workdir = Path(tempfile.mkdtemp(prefix="nap-scaleout-"))
    processes: list[subprocess.Popen] = []
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{name}",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",  # TLS ends at the proxy
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "2",
    }
    env.pop("CACHE_URL", None)
    cache = "database (`nap_portal_cache`)"
    if shutil.which("redis-server"):
        redis_port = free_port()
        processes.append(
            subprocess.Popen(
                ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
                stdout=subprocess.DEVNULL,
            )
        )
        env["CACHE_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        cache = "Redis"
    python = sys.executable
    try:
        setup_started = time.monotonic()
        for command in (
            ["migrate", "--no-input", "-v", "0"],
            ["import_seeds"],
            ["collectstatic", "--no-input", "-v", "0"],
        ):
            subprocess.run(
                [python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
            )
        setup_seconds = time.monotonic() - setup_started
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        processes.append(
            subprocess.Popen(
                [
                    python,
                    "manage.py",
                    "db_worker",
                    "--queue-name",
                    "*",
                    "--no-reload",
                    "--interval",
                    "0.2",
                    "-v",
                    "0",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        boards = []
        for label, extra in LOAD_RUNS:
            web = start_web({**env, **extra}, port)
            try:
                wait_until_up(base + BOARD)
                for _ in range(20):  # warm both processes (and fill the page cache)
                    fetch(base + BOARD)
                boards.append((label, load(port, options.seconds, options.clients)))
                print(label, boards[-1], flush=True)
            finally:
                stop(web)
        processes.append(start_web(env, port))
        wait_until_up(base + BOARD)
        stamps = {fetch(base + API)[1].get("Last-Modified") for _ in range(10)}
        answers = [fetch(base + API)[0] for _ in range(240)]
        allowed = 10 + answers.count(200)

        queued = time.perf_counter()
        subprocess.run(
            [
                python,
                "manage.py",
                "shell",
                "-c",
                "from reports.tasks import send_email\n"
                f"for i in range({MAIL_TASKS}): send_email.enqueue(f'Bench {{i}}', 'Mətn', "
                "['bench@example.az'])",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        enqueued = time.perf_counter() - queued
        import psycopg2

        probe = psycopg2.connect(f"{server}/{name}")
        probe.autocommit = True
        deadline = time.monotonic() + 120
        with probe.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult"
                    " WHERE status = 'SUCCESSFUL'"
                )
                done = cursor.fetchone()[0]
                if done >= MAIL_TASKS:
                    break
                time.sleep(0.2)
        drained = time.perf_counter() - queued
        probe.close()
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    load1 = os.getloadavg()[0]
    rows = [("what", "figure", "target"), ("---", "---", "---")]
    for label, board in boards:
        rows.append(
            (
                f"board `{BOARD}`, {label}, {options.clients} clients, {options.seconds:.0f} s",
                f"**{board['rps']:.0f} requests/s**, p50 {board['p50']:.1f} ms, "
                f"p95 {board['p95']:.1f} ms; {board['requests']} answered, "
                f"{board['errors']} errors",
                "≥ 200 requests/s, 0 errors" if "production" in label else "",
            )
        )
    gain = boards[2][1]["rps"] / boards[1][1]["rps"]
    rows += [
        (
            "persistent connections (`CONN_MAX_AGE` 60 vs 0, pages built on every request)",
            f"**{gain:.2f} ×** the requests/s",
            "",
        ),
        (
            "anonymous API throttling across both processes",
            f"{allowed} of 250 requests allowed at `120/minute`",
            "120 (one shared count)",
        ),
        (
            f"`Last-Modified` of `{API}`, 10 requests spread over both processes",
            f"{len(stamps)} distinct value(s)",
            "1",
        ),
        (
            f"worker: {MAIL_TASKS} queued mails (console backend)",
            f"queued in {enqueued:.1f} s; all sent {drained:.1f} s after queueing began",
            "",
        ),
    ]
    table = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    text = f"""{HEADING}

Two gunicorn processes (`deploy/gunicorn.conf.py`, `WEB_CONCURRENCY=2`), one task worker
(`manage.py db_worker`) and {cache} as the shared cache, on PostgreSQL, all on 127.0.0.1;
DEBUG off, seed plans only. Run: `.venv/bin/python -m bench.scaleout --write`. The load
client is Python (`{options.clients}` threads, `http.client`, a new connection per request as
gunicorn's sync workers close each), on the same two CPUs as the server; gunicorn is restarted
for each load run with the environment named.

{table}

Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit {commit} on {platform.machine()}
Linux with Python {platform.python_version()}, {os.cpu_count()} CPUs shared with the load
clients and other work (load average {load1:.1f} at the end); setup took {setup_seconds:.0f} s.
"""
    print(text)
    if options.write:
        readme = README.read_text(encoding="utf-8")
        pattern = re.compile(re.escape(HEADING) + r".*?(?=\n## |\Z)", re.S)
        readme = (
            pattern.sub(text.strip() + "\n", readme)
            if HEADING in readme
            else (readme.rstrip("\n") + "\n\n\n" + text)
        )
        README.write_text(readme, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
