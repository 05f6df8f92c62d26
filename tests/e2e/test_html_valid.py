"""Every page the browser tests loaded is valid HTML, by the Nu HTML Checker (vnu.jar).

The other browser tests keep the HTML of each page they load (`html_pages` in conftest.py); this
test runs after all of them and starts the checker once over every file, as a JVM start is slow.
The jar comes from npm (`scripts/ensure-vnu` installs it under .venv/vnu) and runs on Java.
Without Java or the jar the test skips with a reason, except under CI=true, where it must run.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.after_browser_tests]

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR",
        ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar",
    )
)


def _missing() -> str | None:
    if not shutil.which("java"):
        return "no java on PATH (apt-get install default-jre-headless)"
    if not VNU_JAR.is_file():
        return f"no Nu HTML Checker at {VNU_JAR} (scripts/ensure-vnu installs it, or set VNU_JAR)"
    return None


def test_every_page_the_browser_tests_loaded_is_valid_html(html_pages):
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"The HTML check must run in CI: {missing}")
        pytest.skip(missing)
    files = sorted(html_pages.folder.glob("*.html"))
    if not files:
        pytest.skip("no pages were loaded: run this with the other browser tests in tests/e2e")
    result = subprocess.run(
        ["java", "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if not result.stdout.strip():
        pytest.fail(f"the Nu HTML Checker did not run: {result.stderr[-2000:]}", pytrace=False)
    messages = json.loads(result.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    # The same template error shows on many pages: each is listed once, with every page it is on.
    where: dict[tuple, list[str]] = {}
    for m in errors:
        key = (m.get("message"), m.get("lastLine", "?"), " ".join(m.get("extract", "").split()))
        page = html_pages.urls.get(Path(m.get("url", "")).name, m.get("url"))
        where.setdefault(key, []).append(page)
    report = [
        f"line {line}: {message}\n    {extract}\n    on {len(pages)} page(s): "
        + "; ".join(pages[:3])
        + (" ..." if len(pages) > 3 else "")
        for (message, line, extract), pages in where.items()
    ]
    if errors:
        pytest.fail(
            f"The Nu HTML Checker found {len(errors)} errors ({len(where)} distinct) in "
            f"{len(files)} pages:\n" + "\n".join(report),
            pytrace=False,
        )
