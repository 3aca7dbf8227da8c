"""A headless Chromium driven over WebDriver (selenium), and graph pages made by the graphex binary.

GRAPHEX_BIN names the binary (default target/release/graphex), GRAPHEX_SHARED the shared data folder
(default ../shared). With GRAPHEX_REQUIRE_CONSUMERS=1 (CI) a missing browser fails instead of skipping.
"""

import json
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
REQUIRED = os.environ.get("GRAPHEX_REQUIRE_CONSUMERS") == "1"
HOSTILE = "</script><img src=x onerror=alert(1)>"


def need(condition, what):
    if condition:
        return
    if REQUIRED:
        pytest.fail(f"{what} (GRAPHEX_REQUIRE_CONSUMERS=1)")
    pytest.skip(what)


def graphex(*args):
    binary = pathlib.Path(os.environ.get("GRAPHEX_BIN", REPO / "target" / "release" / "graphex"))
    need(binary.exists(), f"no graphex binary at {binary}")
    proc = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="session")
def pages(tmp_path_factory):
    shared = pathlib.Path(os.environ.get("GRAPHEX_SHARED", REPO.parent / "shared"))
    seeds = sorted((shared / "corpus" / "seeds-fr").glob("*.txt"))
    need(bool(seeds), f"no seed articles in {shared}")
    out = tmp_path_factory.mktemp("pages")
    graphex("extract", *seeds, "-q", "-o", out / "seeds.json", "-o", out / "seeds.html")
    # The same graph with a hostile entity name, in a label, an alias and an evidence sentence.
    data = json.loads((out / "seeds.json").read_text(encoding="utf-8"))
    node = next(n for n in data["nodes"] if n["id"] == "person:Elon Musk")
    node["label"] = HOSTILE
    node["aliases"].append(HOSTILE)
    data["sentences"][0]["text"] = HOSTILE + " " + data["sentences"][0]["text"]
    (out / "hostile.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    graphex("render", out / "hostile.json", "-o", out / "hostile.html")
    return out


def start_browser():
    """A headless Chromium under chromedriver, with console and network logs, in a fresh profile."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        need(False, "selenium is not installed")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    driver_bin = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    need(os.path.exists(chromium) and os.path.exists(driver_bin), "chromium and chromedriver are not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="graphex-chromium-")
    # The flags keep a headless Chromium from reaching out (this machine's network is closed).
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,900", f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_bin), options=options)
    driver.graphex_profile = profile
    return driver


def stop_browser(driver):
    driver.quit()
    shutil.rmtree(driver.graphex_profile, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    driver = start_browser()
    yield driver
    stop_browser(driver)
