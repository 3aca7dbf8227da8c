"""Shared fixtures: the graphex binary, the corpora, and a local Spark session.

Set GRAPHEX_BIN to the command-line binary (default: target/release/graphex of this repository) and
GRAPHEX_SHARED to the shared data folder (default: ../shared beside the repository). With
GRAPHEX_REQUIRE_CONSUMERS=1 (CI), a missing binary, corpus or PySpark fails the tests instead of skipping.
"""

import os
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
REQUIRED = os.environ.get("GRAPHEX_REQUIRE_CONSUMERS") == "1"


def need(condition: bool, what: str) -> None:
    if condition:
        return
    if REQUIRED:
        pytest.fail(f"{what} (GRAPHEX_REQUIRE_CONSUMERS=1)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def graphex_bin() -> pathlib.Path:
    path = pathlib.Path(os.environ.get("GRAPHEX_BIN", REPO / "target" / "release" / "graphex"))
    need(path.exists(), f"no graphex binary at {path}: cargo build --release, or set GRAPHEX_BIN")
    return path


@pytest.fixture(scope="session")
def shared() -> pathlib.Path:
    path = pathlib.Path(os.environ.get("GRAPHEX_SHARED", REPO.parent / "shared"))
    need((path / "corpus" / "seeds-fr").is_dir(), f"no shared corpus at {path}")
    return path


@pytest.fixture(scope="session")
def seed_files(shared):
    return sorted((shared / "corpus" / "seeds-fr").glob("*.txt"))


@pytest.fixture(scope="session")
def corpus(shared):
    """Documents with metadata: the seed articles, the news-dev texts and the samples of the repository."""
    files = sorted((shared / "corpus" / "seeds-fr").glob("*.txt"))
    files += sorted((shared / "eval" / "news-dev" / "texts").glob("*.txt"))
    files += sorted((REPO / "samples").glob("*.txt"))
    docs = []
    for i, f in enumerate(files):
        lang = "fr" if f.name.startswith("fr-") else ("en" if f.name.startswith("en-") else None)
        doc = {"id": f"{f.parent.name}/{f.name}", "text": f.read_text(encoding="utf-8"), "rank": i}
        if lang:
            doc["lang"] = lang
        docs.append(doc)
    assert len(docs) >= 16
    return docs


def run_cli(graphex_bin, *args, cwd=None):
    proc = subprocess.run([str(graphex_bin), *map(str, args)], capture_output=True, cwd=cwd)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc


@pytest.fixture(scope="session")
def extractor():
    import graphex

    return graphex.Extractor()


@pytest.fixture(scope="session")
def spark():
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        need(False, "pyspark is not installed")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # Everything on loopback: this machine's host name resolves to an address its block manager cannot reach.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("graphex-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    yield session
    session.stop()
