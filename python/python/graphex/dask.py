"""graphex on Dask: the graph of a ``dask.bag`` of documents, equal to one run over all of them.

Each partition is extracted by the worker's cached :class:`graphex.Extractor` into a partial graph (its JSON
bytes), and the partial graphs are merged in a tree (``Bag.reduction`` with ``split_every``), on the workers,
not all on the client. Items are what :meth:`graphex.Extractor.extract` takes: ``str``, ``(id, text)``
pairs or dicts with ``id``, ``text`` and metadata (``dask.bag.read_text(...).map(json.loads)`` over JSON
Lines gives those). On a ``distributed`` cluster the wheel must be installed on the workers and the
dictionaries readable there.
"""

from __future__ import annotations

from typing import Any, Iterable

from . import Graph, merge
from ._engines import extractor

__all__ = ["extract"]


def extract(bag, *, split_every: int = 8, scheduler: Any = None, **extractor_options: Any) -> Graph:
    """The merged graph of the documents of ``bag``. ``extractor_options`` are those of
    :class:`graphex.Extractor` (``threads`` defaults to 1 per task); ``split_every`` is the fan-in of the
    merge tree; ``scheduler`` is passed to ``compute``."""
    options = dict(extractor_options)
    threads = options.pop("threads", 1)

    def per_partition(docs: Iterable[Any]) -> bytes:
        return extractor(**options).extract(docs, threads=threads).to_bytes()

    def aggregate(parts: Iterable[Any]) -> Graph:
        # Bytes from the partitions, graphs from lower levels of the tree.
        return merge(list(parts))

    return bag.reduction(per_partition, aggregate, split_every=split_every).compute(scheduler=scheduler)
