"""The dashboard in a real headless Chromium (Debian ``chromium`` driven by Playwright).

The server runs in a thread on a free localhost port with a demo-like store. A user picks
PRK and RUS with the typeahead, sees the alignment chart and the timeline, clicks an
event and reads its sentence highlighted in the source document; the link they would
share reopens the same view; on a phone-wide screen nothing runs off the side. No request
may leave the server. Screenshots go to the test's tmp dir and /tmp/dyadwatch-dashboard.png.

Needs: ``apt-get install -y chromium`` and ``pip install playwright`` (no
``playwright install``: the system Chromium is used). Skips, saying which is missing,
when either is absent.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from dyadwatch.web import create_app
from web_store import MARKED_SENTENCE, build_demo_store

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHARED_SCREENSHOT = Path("/tmp/dyadwatch-dashboard.png")


def _chromium() -> str | None:
    for candidate in (os.environ.get("DYADWATCH_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


playwright_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright for Python is missing (pip install playwright; no `playwright install`)",
)
CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is missing (apt-get install -y chromium)"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return build_demo_store(tmp_path_factory.mktemp("browser") / "demo.duckdb")


@pytest.fixture(scope="module")
def server(demo):
    import uvicorn

    app = create_app(demo.path)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, server):
    """A page that may only talk to our server; anything else is blocked and recorded."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    outside: list[str] = []
    errors: list[str] = []

    def guard(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    # Script errors fail the test; an API answering 404 on purpose is logged by the
    # browser as "Failed to load resource" and is not one.
    pg.on("console", lambda m: errors.append(m.text)
          if m.type == "error" and "Failed to load resource" not in m.text else None)
    yield pg
    context.close()
    assert outside == [], f"the dashboard tried to reach other hosts: {outside}"
    assert errors == [], f"errors in the page: {errors}"


def _pick(page, field: str, typed: str, code: str) -> None:
    box = page.locator(f"#actor-{field}")
    box.fill("")
    box.press_sequentially(typed, delay=30)
    option = page.locator(f"#suggest-{field} li[data-code='{code}']")
    option.wait_for(state="visible")
    option.click()
    assert box.input_value() == code


def test_pick_dyad_see_chart_and_timeline_then_the_evidence(page, server, demo, tmp_path):
    page.goto(server + "/")
    page.wait_for_selector("#status:not(:has-text('loading'))")
    assert "120 documents" in page.locator("#status").inner_text()
    _pick(page, "a", "korea", "PRK")  # by name: the typeahead matches "North Korea"
    _pick(page, "b", "RU", "RUS")
    page.click("#show")

    page.wait_for_selector("#trajectory svg polyline.index")
    assert "a=PRK" in page.url and "b=RUS" in page.url
    points = page.locator("#trajectory svg circle.dot").count()
    assert points == 24  # one per month, Jan 2023 to Dec 2024
    assert page.locator("#trajectory svg line.change").count() >= 1
    assert page.locator("#changes li").count() >= 1
    assert page.locator("#types svg rect").count() >= 3
    assert page.locator("#partners svg rect").count() >= 2
    timeline = page.locator("#timeline button.event")
    assert timeline.count() >= 20
    assert "99 events" in page.locator("#timeline-count").inner_text()

    marked = page.locator("#timeline button.event", has_text="Kursk")
    marked.scroll_into_view_if_needed()
    marked.click()
    highlight = page.locator("#doc-text mark#evidence")
    highlight.wait_for(state="visible")
    assert highlight.inner_text() == MARKED_SENTENCE
    assert page.locator("#doc-text mark strong.trigger").inner_text() == "sent"
    meta = page.locator("#doc-meta").inner_text()
    assert "Northeast Asia Wire" in meta and "Mina Cho" in meta and "2024-10-18" in meta
    link = page.locator("#doc-meta a")
    assert link.get_attribute("href").startswith("https://news.example.org/")
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert "AID/military" in page.locator("#doc-event").inner_text()
    assert f"event={demo.marked_event_id}" in page.url

    # Chart, timeline and evidence side by side, as the user sees them on a large screen.
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.evaluate("window.scrollTo(0, 0)")
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    shutil.copyfile(shot, SHARED_SCREENSHOT)
    assert shot.stat().st_size > 10_000

    # The address bar is the shareable view: opening it again shows the same evidence.
    shared = page.url
    fresh = page.context.new_page()
    fresh.goto(shared)
    fresh.locator("#doc-text mark#evidence").wait_for(state="visible")
    assert fresh.locator("#doc-text mark#evidence").inner_text() == MARKED_SENTENCE
    assert fresh.locator("#actor-a").input_value() == "PRK"
    fresh.close()


def test_filters_live_in_the_url_and_narrow_the_timeline(page, server):
    page.goto(f"{server}/?a=PRK&b=RUS&type=AID&since=2024-01-01")
    page.wait_for_selector("#timeline button.event")
    kinds = page.locator("#timeline button.event .kind").all_inner_texts()
    assert kinds and all(k.startswith("AID") for k in kinds)
    dates = page.locator("#timeline button.event .date").all_inner_texts()
    assert all(d >= "2024-01-01" for d in dates)
    assert page.locator("#type").input_value() == "AID"
    assert page.locator("#since").input_value() == "2024-01-01"
    csv_href = page.locator("#csv-link").get_attribute("href")
    assert "format=csv" in csv_href and "type=AID" in csv_href


def test_unknown_actor_shows_the_api_message(page, server):
    page.goto(f"{server}/?a=PRK&b=ATL")
    message = page.locator("#message")
    message.wait_for(state="visible")
    assert "unknown actor code 'ATL'" in message.inner_text()
    assert page.locator("#panels").is_hidden()


def test_readable_on_a_phone(browser, server, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    pg = context.new_page()
    pg.goto(f"{server}/?a=PRK&b=RUS")
    pg.wait_for_selector("#timeline button.event")
    overflow = pg.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )
    assert overflow <= 1, "the page scrolls sideways on a phone"
    # Chart text is drawn at the width it is shown, so it stays legible.
    label_px = pg.evaluate(
        "document.querySelector('#trajectory svg text').getBoundingClientRect().height"
    )
    assert label_px >= 9
    pg.locator("#timeline button.event", has_text="Kursk").click()
    pg.locator("#doc-text mark#evidence").wait_for(state="visible")
    panel = pg.locator("#document").bounding_box()
    assert panel["width"] >= 380  # the document takes the whole screen
    pg.screenshot(path=str(tmp_path / "phone.png"))
    context.close()
