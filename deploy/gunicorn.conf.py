"""gunicorn's settings for a web node: deploy/systemd/summit-web.service, the benchmarks and the process tests all
start gunicorn with `--config deploy/gunicorn.conf.py`, so what is measured and tested is what runs.

Threaded workers that keep connections open. The load balancer keeps up to 32 idle connections per nginx worker
to each node (`keepalive` in deploy/nginx/summit.conf); gunicorn's default sync worker closes every connection after
one answer, so each request paid for a new connection and a graceful close, about a millisecond of the node's CPU
(a quarter of an outcome save, bench/capture.py). A few threads per process keep a request that waits on
PostgreSQL or Redis from holding up the next one on a kept connection; the GIL makes more than that pointless.
"""

worker_class = "gthread"
threads = 4
# Longer than nginx's upstream keepalive_timeout (60 s), so that nginx, not gunicorn, closes an idle connection:
# otherwise a request nginx sends just as gunicorn closes fails with a reset.
keepalive = 75
timeout = 60
