"""End-to-end fixtures: the real app served by uvicorn on a free port over a fresh SQLite database with
the demo catalogue, and Debian's chromium driven by Playwright (its own browser download cannot work here)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn

from kakehashi.adapters.db.engine import make_engine
from kakehashi.adapters.db.schema import upgrade_to_head
from kakehashi.entrypoints.context import AppContext
from kakehashi.entrypoints.web.app import create_app
from kakehashi.services.demo import load_demo
from kakehashi.services.demo_accounts import DEMO_PASSWORD
from kakehashi.settings import Settings

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's chromium; missing in CI is a failure (the end-to-end tests must run there), locally a skip."""
    for candidate in (os.environ.get("KAKEHASHI_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    if os.environ.get("CI"):
        pytest.fail("chromium is required in CI for the end-to-end tests: make browser")
    pytest.skip("chromium not installed (apt-get install chromium fonts-noto-cjk, or make browser)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    def __init__(self, base_url: str, context: AppContext) -> None:
        self.base_url = base_url
        self.context = context


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real app on 127.0.0.1, fresh SQLite database with the demo catalogue, its index and demo logins."""
    chromium_path()  # no browser, no point in building the server
    data_dir = tmp_path_factory.mktemp("e2e")
    url = f"sqlite:///{data_dir / 'kakehashi.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    context = AppContext(
        # The SQLite queue: the server runs planner jobs in its embedded worker, as `make run` does.
        settings=Settings(environment="test", data_dir=data_dir, database_url=url, jobs_backend="sqlite"),
        database_url=url,
    )
    load_demo(context.uow(), if_empty=True, after_commit=context.catalog_changed, with_logins=True)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(context), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, name="e2e-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web app did not start")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", context)
    server.should_exit = True
    thread.join(timeout=10)
    context.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser context (no cookies) in Japanese, with downloads allowed."""
    context = browser.new_context(
        base_url=live_server.base_url,
        locale="ja-JP",
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def shot(page, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """Save a full-page screenshot for this step under test-artifacts/e2e/<test>/NN-<step>.png."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    counter = {"n": 0}

    def take(step: str) -> Path:
        counter["n"] += 1
        path = folder / f"{counter['n']:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def sign_in(page) -> Callable[[str], None]:
    """Sign in through the real form with one of the demo logins."""

    def run(email: str) -> None:
        page.goto("/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_load_state("networkidle")

    return run
