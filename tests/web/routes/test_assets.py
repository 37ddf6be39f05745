from __future__ import annotations

import gzip
import socket

import httpx
import pytest

from bot.web.routes.assets import STATIC_DIR


def raw_status(client: httpx.Client, target: str) -> int:
    """The status for a request target sent byte for byte (httpx would normalise it)."""
    url = httpx.URL(str(client.base_url))
    with socket.create_connection((url.host, url.port), timeout=10) as connection:
        connection.sendall(
            f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
        )
        head = connection.recv(64).decode("latin-1")
    return int(head.split(" ")[1])


@pytest.mark.parametrize(
    ("path", "file", "media_type"),
    [
        ("/widget.js", "widget.js", "text/javascript; charset=utf-8"),
        ("/widget.css", "widget.css", "text/css; charset=utf-8"),
        ("/static/widget.js", "widget.js", "text/javascript; charset=utf-8"),
        ("/static/shop.css", "shop.css", "text/css; charset=utf-8"),
        ("/static/favicon.svg", "favicon.svg", "image/svg+xml"),
    ],
)
def test_shipped_files_are_served_as_they_are(
    client: httpx.Client, path: str, file: str, media_type: str
) -> None:
    response = client.get(path, headers={"Accept-Encoding": "identity"})

    assert response.status_code == 200
    assert response.content == (STATIC_DIR / file).read_bytes()
    assert response.headers["content-type"] == media_type
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert "content-encoding" not in response.headers


def test_gzip_when_accepted_and_revalidation_by_etag(client: httpx.Client) -> None:
    first = client.get("/widget.js", headers={"Accept-Encoding": "gzip"})
    assert first.headers["content-encoding"] == "gzip"
    assert first.headers["vary"] == "Accept-Encoding"
    assert first.headers["cache-control"] == "no-cache"
    assert first.content == (STATIC_DIR / "widget.js").read_bytes()  # httpx decompressed it
    etag = first.headers["etag"]

    again = client.get("/widget.js", headers={"If-None-Match": f'"other", {etag}'})
    assert again.status_code == 304 and again.content == b""
    changed = client.get("/widget.js", headers={"If-None-Match": '"stale"'})
    assert changed.status_code == 200


def test_the_gzipped_bytes_are_deterministic() -> None:
    body = (STATIC_DIR / "widget.css").read_bytes()
    assert gzip.compress(body, mtime=0) == gzip.compress(body, mtime=0)


@pytest.mark.parametrize(
    "path",
    [
        "/static/",
        "/static/nope.js",
        "/static/widget.JS",
        "/static/widget.js.map",
        "/static/" + "a" * 10_000 + ".js",
        "/static/%2e%2e%2fapp.py",
        "/static/..%2F..%2Fsettings.py",
        "/static/%2e%2e%2f%2e%2e%2fsettings.py",
        "/static/widget.js%00.css",
        "/static/%3Cscript%3E.js",
        "/static/templates%2Fshop.html",
        "/widget.map",
    ],
)
def test_anything_else_is_not_found(client: httpx.Client, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 404
    assert "import" not in response.text and "<html" not in response.text


@pytest.mark.parametrize(
    "target",
    ["/static/../app.py", "/static/../../settings.py", "/static/./../routes/assets.py"],
)
def test_dot_segments_never_reach_the_filesystem(served_client: httpx.Client, target: str) -> None:
    # httpx would normalise the dots away: the request line goes over a socket unchanged.
    assert raw_status(served_client, target) == 404


def test_static_files_are_read_only(client: httpx.Client) -> None:
    assert client.post("/widget.js", content=b"alert(1)").status_code == 405
