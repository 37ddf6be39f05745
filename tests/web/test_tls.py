from __future__ import annotations

import ssl

import httpx

from bot.web.tls import verifying_context


def test_outgoing_clients_share_one_context_that_verifies_servers() -> None:
    context = verifying_context()

    assert verifying_context() is context
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    # The same trust as each httpx client would have loaded for itself.
    assert context.cert_store_stats() == httpx.create_ssl_context().cert_store_stats()
    assert context.cert_store_stats()["x509_ca"] > 0
