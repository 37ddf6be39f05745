from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy.engine import Engine

from bot.insights.dashboard import FIGURE_NAMES
from bot.storage.schema import ABANDONED, COMPLETED
from tests.insights.seeding import conflict, option, seed, unavailable, utc

from ..staff_fixtures import LoggedIn

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert('x')</script>"


class Page(HTMLParser):
    """The dashboard's tables (by section id) and chart images, as a browser reads them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.images: dict[str, dict[str, str]] = {}
        self.text: list[str] = []
        self._section = ""
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "section":
            self._section = found.get("id", "")
            self.tables[self._section] = []
        elif tag == "img":
            self.images[self._section] = found
        elif tag == "tr" and self._section:
            self.tables[self._section].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._section][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def rows(self, section: str) -> list[list[str]]:
        """The table's body rows (the header row left out)."""
        return self.tables[section][1:]


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    """A small shop history: May 2024 on desks and sneakers, one old conversation."""
    may = utc(2024, 5, 6, 10)
    seed(
        engine,
        started=may,
        product="desk",
        summary=True,
        status=COMPLETED,
        options={"top": option("oak"), "width": option(160), "cable_tray": option(True)},
        ratings=[(5, may)],
        insights=[conflict("frame", "single", "width", "180")],
    )
    seed(
        engine,
        started=may,
        product="desk",
        summary=True,
        status=COMPLETED,
        options={"top": option("oak"), "width": option(120), "cable_tray": option(False)},
        ratings=[(3, may)],
    )
    seed(engine, started=may, product="desk", status=ABANDONED, last_question="top")
    seed(
        engine,
        started=may,
        product="sneaker",
        status=ABANDONED,
        last_question="color",
        handed=True,
        insights=[
            unavailable("color", HOSTILE),
            unavailable("color", HOSTILE),
            conflict("color", "white", "material", "suede"),
        ],
    )
    seed(engine, started=utc(2023, 1, 2), status=ABANDONED, last_question="product")
    return engine


def page(staff: LoggedIn, query: str = "") -> Page:
    response = staff.client.get(f"/staff/dashboard{query}")
    assert response.status_code == 200, response.text
    return Page(response.text)


# --- access ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/staff/dashboard", "/staff/dashboard?product=desk", "/staff/dashboard/charts/funnel.svg"],
)
def test_anonymous_requests_are_sent_to_the_login(client: httpx.Client, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert location.path == "/staff/login"
    assert parse_qs(location.query)["next"] == [path]
    assert "<svg" not in response.text


def test_a_forged_session_cookie_is_anonymous(client: httpx.Client) -> None:
    client.cookies.set("tailor_staff", "A" * 43)

    assert client.get("/staff/dashboard/charts/ratings.svg").status_code == 303


# --- the page --------------------------------------------------------------------------


def test_the_page_shows_every_figure_with_its_numbers(
    seeded: Engine, staff_client: LoggedIn
) -> None:
    shown = page(staff_client)

    assert list(shown.images) == list(FIGURE_NAMES)
    assert shown.rows("funnel") == [
        ["Started", "5", "100%", "n/a"],
        ["Product chosen", "4", "80%", "80%"],
        ["Summary shown", "2", "40%", "50%"],
        ["Confirmed", "2", "40%", "100%"],
        ["Feedback given", "2", "40%", "100%"],
    ]
    assert "Handed to staff: 1 (20% of started)." in shown.text
    assert shown.rows("drop-off") == [
        ["which product", "no product", "1", "33%"],
        ["desktop", "Standing desk", "1", "33%"],
        ["upper colour", "Custom sneakers", "1", "33%"],
    ]
    assert shown.rows("ratings") == [
        ["1", "0", "0%"],
        ["2", "0", "0%"],
        ["3", "1", "50%"],
        ["4", "0", "0%"],
        ["5", "1", "50%"],
    ]
    assert shown.rows("rating-trend") == [["2024-W19", "2024-05-06", "2", "4.00"]]
    assert ["Standing desk", "desktop", "Solid oak", "2", "100%"] in shown.rows("options")
    assert ["Standing desk", "cable tray", "yes", "1", "50%"] in shown.rows("options")
    assert shown.rows("conflicts") == [
        ["Standing desk", "frame: Electric, single motor", "width: 180 cm", "1"],
        ["Custom sneakers", "upper colour: White", "upper material: Suede", "1"],
    ]
    assert shown.rows("unavailable") == [["Custom sneakers", "upper colour", HOSTILE, "2"]]


def test_customer_words_are_shown_as_text(seeded: Engine, staff_client: LoggedIn) -> None:
    response = staff_client.client.get("/staff/dashboard")

    assert HOSTILE not in response.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in response.text
    assert "script-src" not in response.headers["content-security-policy"]
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_filters_narrow_every_figure_and_follow_into_the_chart_urls(
    seeded: Engine, staff_client: LoggedIn
) -> None:
    shown = page(staff_client, "?start=2024-05-01&end=2024-05-31&product=desk")

    assert shown.rows("funnel")[0] == ["Started", "3", "100%", "n/a"]
    assert shown.rows("drop-off") == [["desktop", "Standing desk", "1", "100%"]]
    assert shown.rows("unavailable") == [["No data for these filters."]]
    for name, image in shown.images.items():
        source = urlsplit(image["src"])
        assert source.path == f"/staff/dashboard/charts/{name}.svg"
        assert parse_qs(source.query) == {
            "start": ["2024-05-01"],
            "end": ["2024-05-31"],
            "product": ["desk"],
        }
        assert image["alt"]


def test_the_form_keeps_the_filter(seeded: Engine, staff_client: LoggedIn) -> None:
    html = staff_client.client.get("/staff/dashboard?start=2024-05-01&product=desk").text

    assert 'name="start" value="2024-05-01"' in html
    assert 'name="end" value=""' in html
    assert '<option value="desk" selected>' in html


def test_empty_fields_mean_everything(seeded: Engine, staff_client: LoggedIn) -> None:
    shown = page(staff_client, "?start=&end=&product=")

    assert shown.rows("funnel")[0] == ["Started", "5", "100%", "n/a"]
    assert all("?" not in image["src"] for image in shown.images.values())


def test_an_empty_database_shows_empty_figures(engine: Engine, staff_client: LoggedIn) -> None:
    shown = page(staff_client)

    assert shown.rows("funnel")[0] == ["Started", "0", "n/a", "n/a"]
    assert shown.rows("conflicts") == [["No data for these filters."]]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?start=2024-02-30", "The start date &#39;2024-02-30&#39; is not a date"),
        ("?end=tomorrow", "The end date &#39;tomorrow&#39; is not a date"),
        ("?start=2024-05-02&end=2024-05-01", "The start date 2024-05-02 is after the end date"),
        ("?product=mug", "There is no product &#39;mug&#39; in the catalog."),
        ("?product=%3Cscript%3E", "There is no product &#39;&lt;script&gt;&#39;"),
        ("?product=desk%00", "There is no product &#39;desk&#39;"),
        (f"?product={'x' * 5000}", "There is no product &#39;xxxx"),
    ],
)
def test_a_bad_filter_is_explained_on_the_page(
    staff_client: LoggedIn, query: str, message: str
) -> None:
    response = staff_client.client.get(f"/staff/dashboard{query}")

    assert response.status_code == 400
    assert message in response.text
    assert 'role="alert"' in response.text
    assert "<img" not in response.text
    assert len(response.text) < 20_000


# --- charts ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_every_chart_is_svg(seeded: Engine, staff_client: LoggedIn, name: str) -> None:
    response = staff_client.client.get(f"/staff/dashboard/charts/{name}.svg")

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.headers["cache-control"] == "private, max-age=60"
    assert "script" not in response.headers["content-security-policy"]
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text


def test_a_chart_follows_its_filter(seeded: Engine, staff_client: LoggedIn) -> None:
    def chart(query: str) -> bytes:
        response = staff_client.client.get(f"/staff/dashboard/charts/funnel.svg{query}")
        assert response.status_code == 200
        return response.content

    everything = chart("")
    assert chart("?start=&end=&product=") == everything
    assert chart("?product=desk") != everything
    assert b"No data for these filters." in chart("?start=2030-01-01")


def test_hostile_values_are_escaped_in_the_chart(seeded: Engine, staff_client: LoggedIn) -> None:
    response = staff_client.client.get("/staff/dashboard/charts/unavailable.svg")

    ElementTree.fromstring(response.content)
    assert b"<script" not in response.content
    assert b"&lt;script&gt;" in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/staff/dashboard/charts/nope.svg",
        "/staff/dashboard/charts/funnel.png",
        "/staff/dashboard/charts/funnel.svg.svg",
        "/staff/dashboard/charts/..%2Ffunnel.svg",
        "/staff/dashboard/charts/%3Cscript%3E.svg",
        f"/staff/dashboard/charts/{'x' * 3000}.svg",
    ],
)
def test_an_unknown_chart_is_not_found(staff_client: LoggedIn, path: str) -> None:
    response = staff_client.client.get(path)

    assert response.status_code == 404
    assert "<script" not in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?start=05/01/2024", "The start date '05/01/2024' is not a date"),
        ("?product=mug", "There is no product 'mug' in the catalog."),
    ],
)
def test_a_chart_with_a_bad_filter_is_refused(
    staff_client: LoggedIn, query: str, message: str
) -> None:
    response = staff_client.client.get(f"/staff/dashboard/charts/ratings.svg{query}")

    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)


def test_the_nav_marks_the_dashboard(staff_client: LoggedIn) -> None:
    html = staff_client.client.get("/staff/dashboard").text

    assert re.search(r'href="/staff/dashboard" aria-current="page"', html)
