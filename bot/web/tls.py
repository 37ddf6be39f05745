"""The one TLS context of the web app's outgoing HTTP clients.

httpx makes a verifying context for each client, loading the whole CA bundle every
time (about 50 ms); the app opens a client at startup and the model console one per
request. One context serves any number of clients, on any thread, so the process makes
a single one, the first time a client needs it, just as httpx would have (from
SSL_CERT_FILE or SSL_CERT_DIR when set, else certifi's bundle).
"""

from __future__ import annotations

import functools
import ssl

import httpx


@functools.cache
def verifying_context() -> ssl.SSLContext:
    """The context that checks servers' certificates as httpx does by default."""
    return httpx.create_ssl_context()
