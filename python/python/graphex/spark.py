"""graphex on Apache Spark: the graph of a DataFrame of documents, equal to one run over all of them.

Each task builds (or reuses) one :class:`graphex.Extractor` per Python worker process, extracts its
partition with ``mapInArrow`` and ships the partial graph as Arrow (one row: the node-link JSON bytes). The
partial graphs are then combined with ``treeAggregate`` on the executors, so the driver receives one merged
graph, not every partition's. Merging is associative and commutative: the result is byte-identical to a
single :meth:`graphex.Extractor.extract` over the same documents, whatever the partitioning.

On a cluster, the executors need the graphex wheel (``--py-files`` cannot carry a compiled module: install
the wheel on every node, or ship a packed virtual environment with ``--archives``), and user dictionaries or
rules must be readable on every executor (``spark-submit --files my.tsv`` and ``dicts=["my.tsv"]``: a
relative path that does not exist in the executor's working directory is looked up with
``SparkFiles.get``).
"""

from __future__ import annotations

from typing import Any, Iterator

from . import Graph, merge
from ._engines import extractor, fold

__all__ = ["extract", "extractor"]


def extract(
    df,
    id_col: str = "id",
    text_col: str = "text",
    *,
    depth: int = 2,
    **extractor_options: Any,
) -> Graph:
    """The merged graph of the documents of a Spark DataFrame.

    ``id_col`` and ``text_col`` name the document id and text columns; every other column becomes document
    metadata (as the fields of a JSON Lines record do). ``extractor_options`` are those of
    :class:`graphex.Extractor`; ``threads`` defaults to 1 per task, since Spark already runs one task per
    core. ``depth`` is the depth of the ``treeAggregate`` that merges the partial graphs.
    """
    missing = [c for c in (id_col, text_col) if c not in df.columns]
    if missing:
        raise ValueError(f"the DataFrame has no column {missing[0]!r} (columns: {', '.join(df.columns)})")
    options = dict(extractor_options)
    threads = options.pop("threads", 1)

    def extract_partition(batches: Iterator[Any]) -> Iterator[Any]:
        # One extractor per worker process, one partial graph per partition (its batches streamed).
        yield extractor(**options).extract_arrow(
            batches, id_col=id_col, text_col=text_col, threads=threads
        )

    partials = df.mapInArrow(extract_partition, "graph binary, documents long")
    merged = partials.rdd.map(lambda row: bytes(row["graph"])).treeAggregate(
        None, fold, fold, depth=depth
    )
    return merge([]) if merged is None else merged
