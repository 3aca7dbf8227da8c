"""Engine runs (PySpark, Dask) over many partitions give the bytes of one run."""

import pytest

import graphex
import graphex.spark


def test_spark_partitions_merge_to_the_single_run(spark, corpus, extractor):
    rows = [(d["id"], d["text"], d["rank"], d.get("lang")) for d in corpus]
    df = spark.createDataFrame(rows, "id string, text string, rank long, lang string").repartition(8)
    assert df.rdd.getNumPartitions() >= 8
    # Spark gives every row every column: documents without a language have lang = None.
    single = extractor.extract([dict(d, lang=d.get("lang")) for d in corpus])
    g = graphex.spark.extract(df)
    assert g.document_count == len(corpus)
    assert g.to_json() == single.to_json()


def test_spark_columns_and_options(spark, corpus):
    ex = graphex.Extractor(discover=False, max_evidence=1)
    rows = [(d["id"], d["text"]) for d in corpus]
    df = spark.createDataFrame(rows, "doc string, body string").repartition(9)
    g = graphex.spark.extract(df, id_col="doc", text_col="body", discover=False, max_evidence=1)
    assert g.to_json() == ex.extract(rows).to_json()
    with pytest.raises(ValueError, match="no column 'text'"):
        graphex.spark.extract(df, id_col="doc")


def test_spark_empty_dataframe(spark):
    df = spark.createDataFrame([], "id string, text string")
    assert graphex.spark.extract(df).document_count == 0


def test_dask_bag_partitions_merge_to_the_single_run(corpus, extractor):
    import os

    from conftest import need

    try:
        import dask.bag as db
    except ImportError:
        need(False, "dask is not installed")
    import graphex.dask

    single = extractor.extract(corpus).to_json()
    bag = db.from_sequence(corpus, partition_size=2)
    assert bag.npartitions >= 8
    assert graphex.dask.extract(bag, split_every=3, scheduler="sync").to_json() == single
    if os.cpu_count() and os.cpu_count() > 1:
        assert graphex.dask.extract(bag, scheduler="processes").to_json() == single
