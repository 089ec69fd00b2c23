"""deploy/nginx/summit.conf run on loopback, as tests/test_two_nodes.py and bench/nodes.py run it: its upstream
lines pointing at local ports, listening on a port of its own, under a main nginx.conf that keeps nginx's files in
one folder. Not used in production, where the file goes to /etc/nginx/conf.d/ as it is."""

import os
import re
from pathlib import Path

SITE = Path(__file__).resolve().parent / "nginx" / "summit.conf"


def nginx_command(folder: Path, listen: int, ports: list[int]) -> list[str]:
    """Write the configuration into `folder` and return the command that runs nginx with it in the foreground."""
    site = SITE.read_text()
    servers = "".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n" for port in ports)
    site = re.sub(r"(    server \S+ max_fails=1 fail_timeout=10s;\n)+", servers, site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    (folder / "summit.conf").write_text(site)
    (folder / "nginx.conf").write_text(
        ("user root;\n" if os.getuid() == 0 else "")
        + f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {folder}/body;\n  proxy_temp_path {folder}/proxy;\n"
        f"  include {folder}/summit.conf;\n}}\n"
    )
    return ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"]
