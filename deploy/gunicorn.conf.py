"""gunicorn settings for NAP Portal: `gunicorn -c deploy/gunicorn.conf.py nap_portal.wsgi`.

Every web process of a deployment shares the database (sessions, row locks, the task queue)
and the cache named by CACHE_URL (throttling, Last-Modified stamps); nothing that another
process must see lives in a process's memory, so processes and machines can be added freely.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Two processes per core is the usual start; the benchmark (bench/README.md) uses two.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Long exports go to the task queue; a request that runs longer than this is a fault.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Recycle processes now and then, so a slow leak in a library never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# The reverse proxy's address: only its X-Forwarded-Proto is believed (set to the proxy's
# address or network, e.g. "172.16.0.0/12" under compose).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# Load Django once, before forking: faster start, shared memory pages.
preload_app = True
