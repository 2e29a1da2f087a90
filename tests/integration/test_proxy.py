"""The reverse proxy of docker-compose (proxy/nginx.conf), run for real in front of gunicorn: slow
clients do not hold gunicorn's workers, and no Server header reaches the client."""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.db import connection

from tests.conftest import ROOT, _database_url_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str = "/healthz") -> http.client.HTTPResponse:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    client.request("GET", path, headers={"Host": "127.0.0.1"})
    response = client.getresponse()
    response.read()
    client.close()
    return response


@pytest.fixture
def stack(tmp_path):
    """gunicorn with two sync workers, as in production, behind nginx with the project's configuration."""
    if not os.path.exists(NGINX):
        pytest.fail(
            "nginx is missing: install Debian's nginx-light and libnginx-mod-http-headers-more-filter"
        )
    app_port, proxy_port = free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "CONN_MAX_AGE": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
    }
    log = open(tmp_path / "servers.log", "wb")  # noqa: SIM115 - closed below
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "poc_training.wsgi:application", "--bind", f"127.0.0.1:{app_port}",
         "--workers", "2", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    config = (
        (ROOT / "proxy" / "nginx.conf")
        .read_text()
        .replace("server web:8000;", f"server 127.0.0.1:{app_port};")
        .replace("listen 8080;", f"listen 127.0.0.1:{proxy_port};")
        .replace("/tmp/nginx", str(tmp_path / "nginx"))
    )
    (tmp_path / "nginx.conf").write_text(config)
    nginx = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off; user root;"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(proxy_port).status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or gunicorn.poll() is not None or nginx.poll() is not None:
                raise RuntimeError((tmp_path / "servers.log").read_text()[-4000:])
            time.sleep(0.3)
        yield {"proxy": proxy_port, "app": app_port}
    finally:
        for process in (nginx, gunicorn):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


def test_no_server_header_reaches_the_client(stack):
    assert get(stack["app"]).getheader("Server") == "gunicorn"  # what the proxy removes
    through = get(stack["proxy"])
    assert through.status == 200 and through.getheader("Server") is None


def test_slow_clients_do_not_hold_the_workers(stack):
    """More slow clients than gunicorn has workers, each sending its headers a byte at a time: a
    normal request through the proxy is answered meanwhile."""
    slow = []
    for _ in range(4):
        sock = socket.create_connection(("127.0.0.1", stack["proxy"]), timeout=10)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        slow.append(sock)
    try:
        for _ in range(3):  # bounded: three rounds of one byte each
            for sock in slow:
                sock.sendall(b"a")
            time.sleep(0.5)
        response = get(stack["proxy"])
        assert response.status == 200
    finally:
        for sock in slow:
            sock.close()
