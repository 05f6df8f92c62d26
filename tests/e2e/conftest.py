"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test here gets, through the `site` fixture, a page that records console errors and
Content Security Policy violations (the test fails if any appear), full-page screenshots under
test-artifacts/screens/e2e/, and an axe-core check (`assert_accessible`).

Without Chromium the tests skip with a reason, except under CI=true, where they must run.

The HTML of every page the browser loads is also kept (`html_pages`), and one test at the end of
the run (test_html_valid.py) checks it all with the Nu HTML Checker in a single run of the jar.
"""

import itertools
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls under a
# running loop unless told that it is safe, which it is here (one thread drives both).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
E2E_DIR = Path(__file__).resolve().parent
SCREENS = E2E_DIR.parent.parent / "test-artifacts" / "screens" / "e2e"
PASSWORD = "correct horse battery staple"

# WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_AXE = Axe()


def _chromium_missing() -> bool:
    return not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "after_browser_tests: runs after every other test (it reads what they saw)"
    )


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected what will not run
def pytest_collection_modifyitems(config, items):
    # The HTML check reads what every other browser test saw, so it runs after all of them.
    last = [item for item in items if item.get_closest_marker("after_browser_tests")]
    items[:] = [item for item in items if item not in last] + last
    browser_tests = [item for item in items if E2E_DIR in Path(item.path).parents]
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
    if not browser_tests or not _chromium_missing():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(
            f"Chromium not found at {CHROMIUM}; the browser tests must run in CI. "
            "Install Debian's chromium (scripts/ensure-chromium does) or set CHROMIUM_PATH."
        )
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}; install Debian's chromium "
        "(apt-get install chromium) or set CHROMIUM_PATH"
    )
    for item in browser_tests:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, playwright, django_db_blocker):
    """The test database, as seen from inside Playwright's event loop.

    Playwright's sync API leaves an asyncio loop running in this thread, and Django then keeps
    its database connections per async context: the tests here get a new connection object,
    without the migrations' data that pytest-django serialized on the first one when the
    database was created. Serialized rollback (which puts back the Head's group after each
    flush) needs that data, so it is copied across; starting Playwright first makes every
    database fixture here use the in-loop connection.
    """
    from django.db import connections

    for alias in connections:
        inside = connections[alias]
        if hasattr(inside, "_test_serialized_contents"):
            continue
        # Outside a running loop Django keeps connections in a plain thread local.
        outside = getattr(getattr(connections, "_connections", None), "_storage", None)
        contents = getattr(getattr(outside, alias, None), "_test_serialized_contents", None)
        if contents is None:
            with django_db_blocker.unblock():
                contents = inside.creation.serialize_db_to_string()
        inside._test_serialized_contents = contents


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in page.goto() go to the live server (this also replaces
    pytest-playwright's own fallback fixture, which pytest 9 warns about)."""
    return live_server.url


@pytest.fixture
def browser_context_args(browser_context_args):
    # en-GB like the site; a desktop-sized window unless a test resizes it. Reduced motion turns
    # off smooth scrolling, so a focused element is on screen as soon as it has focus.
    return {
        **browser_context_args,
        "locale": "en-GB",
        "viewport": {"width": 1280, "height": 800},
        "reduced_motion": "reduce",
    }


@pytest.fixture
def programme(transactional_db):
    """The programme as the seed publishes it, visible to the live server's thread."""
    call_command("loaddata", "ucl_cop", verbosity=0)


# Console and CSP ---------------------------------------------------------------------------


@dataclass
class BrowserLog:
    """What the browser complained about: console errors, CSP reports and page exceptions."""

    problems: list[str] = field(default_factory=list)
    allowed: list[re.Pattern] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """Expect a console error matching `pattern` (for example, the status of an error page)."""
        self.allowed.append(re.compile(pattern))

    def on_console(self, message) -> None:
        text = message.text
        csp = "Content Security Policy" in text or "Content-Security-Policy" in text
        if not csp and message.type != "error":
            return
        # A missing favicon is not the page's fault.
        if "favicon" in text or "favicon" in (message.location or {}).get("url", ""):
            return
        if not csp and any(pattern.search(text) for pattern in self.allowed):
            return
        self.problems.append(f"console {message.type}: {text} ({message.location.get('url')})")

    def on_page_error(self, error) -> None:
        self.problems.append(f"page error: {error}")

    def take(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems


def assert_no_browser_problems(log: BrowserLog) -> None:
    problems = log.take()
    assert not problems, "The browser reported errors or CSP violations:\n" + "\n".join(problems)


# Accessibility and screenshots -------------------------------------------------------------


def assert_accessible(page) -> None:
    """Run axe-core (WCAG 2.x A and AA) on the page as it is now; no violations allowed."""
    results = _AXE.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, (
        f"axe found accessibility problems on {page.url}:\n{results.generate_report()}"
    )


def save_screenshot(page, test_name: str, step: str) -> Path:
    """A full-page screenshot at test-artifacts/screens/e2e/<test>-<step>.png."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    # test_x[chromium-home] -> test_x-home-<step>: the browser is always Chromium here.
    name = re.sub(r"\[chromium-?", "[", test_name)
    safe = re.sub(r"[^A-Za-z0-9_.]+", "-", f"{name}-{step}").strip("-")
    path = SCREENS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# The HTML the browser was sent ------------------------------------------------------------


@dataclass
class HtmlPages:
    """The HTML documents the browser loaded during the run, one file each, as the server sent
    them (not the DOM after scripts ran), named after the test and the URL."""

    folder: Path
    urls: dict[str, str] = field(default_factory=dict)
    _numbers: itertools.count = field(default_factory=itertools.count)

    def record(self, response, test_name: str, base_url: str) -> None:
        request = response.request
        if request.resource_type != "document" or response.frame.parent_frame is not None:
            return
        if not 200 <= response.status < 600 or 300 <= response.status < 400:
            return
        if "text/html" not in (response.header_value("content-type") or ""):
            return
        try:
            body = response.body()
        except PlaywrightError:  # a document replaced before it finished loading
            return
        path = response.url.removeprefix(base_url.rstrip("/"))
        name = re.sub(r"[^A-Za-z0-9_.]+", "-", f"{test_name}-{path}").strip("-")[:150]
        file = self.folder / f"{next(self._numbers):04d}-{name}.html"
        file.write_bytes(body)
        self.urls[file.name] = f"{path} (in {test_name})"


@pytest.fixture(scope="session")
def html_pages():
    with tempfile.TemporaryDirectory(prefix="e2e-html-") as folder:
        yield HtmlPages(Path(folder))


# The site, as a browser sees it -------------------------------------------------------------


class Site:
    """One browser page on the live server, with the checks every page gets."""

    def __init__(self, page, base_url: str, test_name: str, log: BrowserLog):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.test_name = test_name
        self.log = log

    def url(self, path: str) -> str:
        return self.base_url + path

    def visit(self, path: str, status: int = 200):
        """Go to `path` and check the HTTP status of the final response."""
        if status >= 400:
            # Chromium logs a failed main document as a console error; that one is expected.
            self.log.allow(rf"status of {status}\b")
        response = self.page.goto(self.url(path))
        assert response is not None
        assert response.status == status, f"{path} answered {response.status}, not {status}"
        return response

    def path(self) -> str:
        """The current path and query string."""
        return self.page.url.removeprefix(self.base_url)

    def shot(self, step: str) -> Path:
        return save_screenshot(self.page, self.test_name, step)

    def check(self, step: str | None = None) -> None:
        """The page's checks: no console errors or CSP violations, no axe violations, and a
        screenshot when `step` is given."""
        assert_no_browser_problems(self.log)
        if step:
            self.shot(step)
        assert_accessible(self.page)
        assert_no_browser_problems(self.log)

    def sign_in(self, person, password: str = PASSWORD, next_path: str | None = None) -> None:
        """Sign in through the real form at /accounts/login/."""
        self.visit("/accounts/login/" + (f"?next={next_path}" if next_path else ""))
        self.page.get_by_label("Email address").fill(person.email)
        self.page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(password)
        self.page.get_by_role("button", name="Sign in", exact=True).click()
        self.page.wait_for_load_state()
        assert "/accounts/login/" not in self.page.url, (
            f"signing in as {person.email} failed: " + self.page.locator("main").inner_text()
        )

    def sign_in_with_cookie(self, person) -> None:
        """Be signed in as `person` without the form: a session made on the server, as a cookie."""
        client = Client()
        client.force_login(person)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": self.base_url}]
        )


@pytest.fixture
def browser_log(page):
    log = BrowserLog()
    page.on("console", log.on_console)
    page.on("pageerror", log.on_page_error)
    return log


@pytest.fixture
def site(page, live_server, browser_log, request, django_db_serialized_rollback, html_pages):
    """The live site in Chromium. After the test, any console error or CSP violation fails it.

    The live server needs committed data (a transactional database); serialized rollback
    restores what the migrations made (the Head's group) for the tests that follow.
    """
    page.set_default_timeout(10_000)
    page.on("response", lambda r: html_pages.record(r, request.node.name, live_server.url))
    yield Site(page, live_server.url, request.node.name, browser_log)
    assert_no_browser_problems(browser_log)
