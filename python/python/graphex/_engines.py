"""What the engine integrations share: one extractor per worker process, and merging over bytes."""

from __future__ import annotations

import os
import threading
from typing import Any, Dict, Optional, Tuple, Union

from . import Extractor, Graph, merge

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


def fold(a: Optional[Union[Graph, bytes]], b: Optional[Union[Graph, bytes]]) -> Optional[Graph]:
    """Merges two partial graphs, given as graphs or JSON bytes (None: nothing yet).

    Graphs, not bytes, are what a tree of merges hands on: each partial is parsed once, and text is written
    only when the engine ships a graph to another process (a graph pickles as its JSON bytes).
    """
    if a is None:
        return None if b is None else _graph(b)
    if b is None:
        return _graph(a)
    return merge([a, b])


def _graph(g: Union[Graph, bytes]) -> Graph:
    return g if isinstance(g, Graph) else Graph.from_json(g)
