"""The staff dashboard: what customers design, where they give up, and what they miss.

One page with a GET filter form (so a filtered dashboard is a link staff can share),
and one SVG image per figure. Each image URL carries the page's filter and computes
only its own figure; the page prints every figure's numbers in a table beside the
image, for screen readers and for anyone who wants the exact values.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response

from bot.insights.charts import render_svg
from bot.insights.dashboard import FIGURE_NAMES, dashboard_views, figure_view
from bot.insights.filters import FilterError, parse_filter
from bot.insights.labels import Labels
from bot.storage.insights import InsightStore
from bot.web.dependencies import CatalogDep, EngineDep
from bot.web.staff_pages import render_staff
from bot.web.staff_session import StaffDep

router = APIRouter(prefix="/staff/dashboard", tags=["staff"])

CHART_CACHE_CONTROL = "private, max-age=60"
"""Browsers may reuse a chart for a minute (reloads, back and forth); proxies never."""
CHART_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
"""Opened on its own, a chart may style itself (matplotlib's SVG does) and nothing else."""
UNKNOWN_CHART = "There is no chart with this name."


async def get_insights(engine: EngineDep) -> InsightStore:
    """The dashboard's figures from the app's database."""
    return InsightStore(engine)


InsightsDep = Annotated[InsightStore, Depends(get_insights)]


@router.get("", response_class=HTMLResponse)
def dashboard_page(
    request: Request,
    staff: StaffDep,
    insights: InsightsDep,
    catalog: CatalogDep,
    start: str | None = None,
    end: str | None = None,
    product: str | None = None,
) -> HTMLResponse:
    """Every figure for the conversations the filter selects; 400 with the form for a bad one.

    The fields are taken as text, not as typed query parameters, because an empty
    form field arrives as '' and means "no limit", and a wrong one deserves a sentence
    on the page rather than a JSON error.
    """
    form = {"start": start or "", "end": end or "", "product": product or ""}
    try:
        filters = parse_filter(start, end, product, catalog)
    except FilterError as error:
        return render_staff(
            request,
            "staff/dashboard.html",
            staff,
            status_code=status.HTTP_400_BAD_REQUEST,
            form=form,
            products=catalog.products,
            error=str(error),
            figures=(),
            chart_query="",
        )
    return render_staff(
        request,
        "staff/dashboard.html",
        staff,
        form=form,
        products=catalog.products,
        error=None,
        figures=dashboard_views(insights, filters, Labels(catalog)),
        chart_query=urlencode(filters.query()),
    )


@router.get("/charts/{name}.svg", response_class=Response)
def dashboard_chart(
    name: str,
    staff: StaffDep,
    insights: InsightsDep,
    catalog: CatalogDep,
    start: str | None = None,
    end: str | None = None,
    product: str | None = None,
) -> Response:
    """One figure's chart as SVG, for the dashboard's filter; 404 for an unknown name."""
    if name not in FIGURE_NAMES:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=UNKNOWN_CHART)
    try:
        filters = parse_filter(start, end, product, catalog)
    except FilterError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(error)) from None
    view = figure_view(name, insights, filters, Labels(catalog))
    return Response(
        render_svg(view.title, view.chart),
        media_type="image/svg+xml",
        headers={
            "Cache-Control": CHART_CACHE_CONTROL,
            "Content-Security-Policy": CHART_CONTENT_SECURITY_POLICY,
        },
    )
