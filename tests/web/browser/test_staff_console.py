"""The staff console in Chromium: log in, filter, open a transcript, tag it, export.

The app runs as in production (uvicorn, migrations, real login); conversations are
seeded through the store's write paths. Console pages run no script, so this checks
what a support agent actually clicks through, and that the CSP holds on every page.
"""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from playwright.sync_api import Page, expect

from bot.settings import Settings
from bot.storage.database import create_engine_for
from bot.storage.repository import Store
from tests.review.seed import Seeder, bot, user

from ..staff_support import PASSWORD, SUPPORT_EMAIL, add_staff
from .conftest import csp_violations

pytestmark = pytest.mark.browser

HOSTILE = "<script>alert('owned')</script> walnut please"


@pytest.fixture
def seeded(client: httpx.Client, settings: Settings) -> dict[str, int]:
    """A support account and three conversations: two desks and a sneaker."""
    add_staff(settings.database_url, SUPPORT_EMAIL, "support")
    engine = create_engine_for(settings.database_url)
    seeder = Seeder(engine, Store(engine))
    ids = {
        "walnut desk": seeder.conversation(
            "desk-walnut",
            started=10,
            product="desk",
            said=[user(HOSTILE), bot("Solid walnut it is.")],
            ratings=[5],
        ),
        "oak desk": seeder.conversation(
            "desk-oak", started=20, product="desk", said=[user("oak top"), bot("Oak, noted.")]
        ),
        "sneaker": seeder.conversation(
            "sneaker-1", started=30, product="sneaker", said=[user("size 42"), bot("42 EU.")]
        ),
    }
    engine.dispose()
    return ids


def test_login_filter_open_tag_and_export(
    page: Page, client: httpx.Client, seeded: dict[str, int], console: list[str]
) -> None:
    base = str(client.base_url).rstrip("/")

    page.goto(f"{base}/staff/conversations")
    expect(page).to_have_url(f"{base}/staff/login?next=%2Fstaff%2Fconversations")
    page.fill("#email", SUPPORT_EMAIL)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("[data-conversation]")).to_have_count(3)

    page.select_option("select[name=product]", "desk")
    page.fill("input[name=q]", "walnut")
    page.click("form.filters button[type=submit]")
    rows = page.locator("[data-conversation]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-conversation", str(seeded["walnut desk"]))
    expect(page.locator("[data-result-count]")).to_have_text("1 conversation")

    rows.first.locator("a").first.click()
    expect(page).to_have_url(f"{base}/staff/conversations/{seeded['walnut desk']}")
    expect(page.get_by_text(HOSTILE)).to_be_visible()  # shown as text, never run

    page.fill("#new-tag", "Wants Walnut")
    page.click("form[action$='/tags'] button[type=submit]")
    expect(page.locator("[data-tag]")).to_have_text(["wants walnut"])

    page.goto(f"{base}/staff/conversations?tag=wants+walnut")
    expect(page.locator("[data-conversation]")).to_have_count(1)
    with page.expect_download() as download_info:
        page.click("[data-export=csv]")
    exported = download_info.value.path().read_text(encoding="utf-8")
    exported_rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert [row["sender_id"] for row in exported_rows] == ["desk-walnut"]

    assert csp_violations(console) == []
    assert not [line for line in console if "owned" in line]
