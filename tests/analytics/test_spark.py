"""The same analytics on Spark (local mode) through Ibis: identical answers to DuckDB."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from teekond.analytics import Journey, conformance, durations, load_log, summary

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark_backend() -> Iterator[object]:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        # `make setup` installs Debian's default-jre-headless when java is missing; CI must
        # never pass by skipping them.
        message = "Spark tests need Java (no java on PATH, JAVA_HOME unset): run `make setup`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    pyspark_sql = pytest.importorskip(
        "pyspark.sql", reason="Spark tests need pyspark (pip install 'pyspark<4.1')"
    )
    import ibis

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    warehouse = tempfile.mkdtemp(prefix="teekond-spark-")
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("teekond-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.warehouse.dir", warehouse)
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield ibis.pyspark.connect(session)
    finally:
        session.stop()
        shutil.rmtree(warehouse, ignore_errors=True)


def test_spark_gives_the_duckdb_answers(spark_backend, running_xes: Path) -> None:  # type: ignore[no-untyped-def]
    on_spark = load_log(running_xes, backend=spark_backend)
    on_duckdb = load_log(running_xes)
    assert on_spark.backend.name == "pyspark"
    assert summary(on_spark) == summary(on_duckdb)
    assert durations(on_spark) == durations(on_duckdb)
    # funnel() uses only joins/aggregates already exercised here; left out to keep Spark time low
    journey = Journey.from_dict(
        {
            "name": "claims",
            "steps": [
                {"name": "Register", "activities": ["register request"]},
                {
                    "name": "Examine",
                    "activities": ["examine casually", "examine thoroughly", "check ticket"],
                },
                {"name": "Decide", "activities": ["decide"]},
                {"name": "Close", "activities": ["pay compensation", "reject request"]},
            ],
        }
    )
    assert conformance(on_spark, journey) == conformance(on_duckdb, journey)
