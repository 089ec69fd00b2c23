"""gunicorn's settings for a web node: deploy/systemd/summit-web.service, the benchmarks and the process tests all
start gunicorn with `--config deploy/gunicorn.conf.py`, so what is measured and tested is what runs.

Workers that keep connections open, one request at a time each. The load balancer keeps up to 32 idle connections
per nginx worker to each node (`keepalive` in deploy/nginx/summit.conf), but gunicorn's default sync worker
closes every connection after one answer, so each request paid for a new connection and a graceful close: about
a millisecond of the node's CPU, a quarter of an outcome save (bench/capture.py). The threaded worker keeps them.
With one thread it answers one request at a time, as the sync worker did: on this 2-core machine two and four
threads per process cost more CPU per save (2.8 and 3.1 ms against 2.6 ms) and doubled and quadrupled the p95
of bench/load.py (57 and 162 ms against 32 ms for a save, the GIL passed between threads), so processes, not
threads, are what a node adds for more requests at once.
"""

worker_class = "gthread"
threads = 1
# Longer than nginx's upstream keepalive_timeout (60 s), so that nginx, not gunicorn, closes an idle connection:
# otherwise a request nginx sends just as gunicorn closes fails with a reset.
keepalive = 75
timeout = 60
