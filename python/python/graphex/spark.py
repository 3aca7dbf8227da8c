"""graphex on Apache Spark: the graph of a DataFrame of documents, equal to one run over all of them.

Each task builds (or reuses) one :class:`graphex.Extractor` per Python worker process, extracts its
partition with ``mapInArrow`` and ships the partial graph as Arrow (one row: the node-link JSON bytes). The
partial graphs are then combined with ``treeReduce`` on the executors, so the driver receives one merged
graph, not every partition's. Merging is associative and commutative: the result is byte-identical to a
single :meth:`graphex.Extractor.extract` over the same documents, whatever the partitioning.

On a cluster, the executors need the graphex wheel (``--py-files`` cannot carry a compiled module: install
the wheel on every node, or ship a packed virtual environment with ``--archives``), and user dictionaries or
rules must be readable on every executor (``spark-submit --files my.tsv`` and ``dicts=["my.tsv"]``: a
relative path that does not exist in the executor's working directory is looked up with
``SparkFiles.get``).
"""

from __future__ import annotations

import os
import threading
from typing import Any, Dict, Iterator, Optional, Tuple

from . import Extractor, Graph, merge

__all__ = ["extract"]

_EXTRACTORS: Dict[Tuple[Tuple[str, Any], ...], Extractor] = {}
_LOCK = threading.Lock()


def _freeze(options: Dict[str, Any]) -> Tuple[Tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in options.items()))


def _resolve(paths):
    """Paths as given, or found among the files shipped with the job (``--files``)."""
    out = []
    for p in paths:
        p = os.fspath(p)
        if not os.path.isabs(p) and not os.path.exists(p):
            try:
                from pyspark import SparkFiles

                shipped = SparkFiles.get(os.path.basename(p))
                if os.path.exists(shipped):
                    p = shipped
            except Exception:  # noqa: BLE001 - no Spark context: keep the path, the error will name it
                pass
        out.append(p)
    return out


def extractor(**options: Any) -> Extractor:
    """The extractor of this worker process for ``options``: built on first use, then reused by every
    partition the process runs."""
    key = _freeze(options)
    with _LOCK:
        ex = _EXTRACTORS.get(key)
        if ex is None:
            opts = dict(options)
            for name in ("dicts", "rules", "first_names", "cues"):
                if name in opts:
                    opts[name] = _resolve(opts[name])
            ex = Extractor(**opts)
            _EXTRACTORS[key] = ex
        return ex


def _fold(a: Optional[bytes], b: Optional[bytes]) -> Optional[bytes]:
    """Merges two partial graphs given as JSON bytes (None: nothing yet)."""
    if a is None:
        return b
    if b is None:
        return a
    return merge([a, b]).to_bytes()


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
    core. ``depth`` is the depth of the ``treeReduce`` that merges the partial graphs.
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
        None, _fold, _fold, depth=depth
    )
    return merge([] if merged is None else [merged])
