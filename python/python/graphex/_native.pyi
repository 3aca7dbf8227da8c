"""Type stubs of graphex's compiled module (PyO3). Import from ``graphex``, not from here."""

from __future__ import annotations

import os
from typing import Any, Iterable, Literal, Mapping, Optional, Sequence, Tuple, Union

_Path = Union[str, "os.PathLike[str]"]
Document = Union[str, Tuple[Union[str, int], str], Mapping[str, Any]]
"""A document: a ``str`` (its id is its position in the iterable, ``"0"``, ``"1"``…), an ``(id, text)`` pair,
or a mapping with ``"text"`` and optionally ``"id"``; the mapping's other keys become document metadata
(JSON values; dates through ``isoformat()``), as the fields of a JSON Lines record do (``lang`` declares
the language)."""

class Extractor:
    """Dictionaries, automaton, relation rules and discovery, built once; thread-safe and reusable.

    The options are the command line's (``graphex extract --help``): ``dicts``/``rules`` add files or
    folders (loaded before the embedded defaults, so they win conflicts); ``window`` is ``"sentence"``,
    ``"paragraph"`` or ``"document"``; ``max_evidence`` evidence items per edge; ``evidence`` is ``"text"``,
    ``"offsets"`` or ``"none"``; ``discover=False`` keeps dictionary matches only; ``min_confidence`` drops
    discovered names below it; ``first_names``/``cues`` add discovery word lists; ``threads`` is the default
    worker count of :meth:`extract` (0: one per core).

    Raises ``ValueError`` for an option out of range or a malformed file (the message names FILE:LINE,
    as the command line's does) and ``FileNotFoundError``/``OSError`` for a file that cannot be read.
    The automaton and rule analysis are cached as ``graphex extract`` caches them (``GRAPHEX_CACHE_DIR``).
    """

    def __init__(
        self,
        dicts: Sequence[_Path] = (),
        rules: Sequence[_Path] = (),
        default_dicts: bool = True,
        default_rules: bool = True,
        window: Literal["sentence", "paragraph", "document"] = "sentence",
        max_evidence: int = 3,
        *,
        max_node_documents: int = 1000,
        evidence: Literal["text", "offsets", "none"] = "text",
        discover: bool = True,
        min_confidence: float = 0.5,
        first_names: Sequence[_Path] = (),
        cues: Sequence[_Path] = (),
        threads: int = 0,
    ) -> None: ...
    def extract(self, docs: Iterable[Document], *, threads: Optional[int] = None) -> Graph:
        """The graph of ``docs``, byte-identical to ``graphex extract`` on the same documents.

        ``docs`` is streamed (a generator is read one item at a time, never collected) while the GIL is
        released and the documents are extracted on ``threads`` cores. A bad item raises ``TypeError`` or
        ``ValueError`` naming its position; an exception raised by the iterable itself is re-raised. An
        interrupt (Ctrl-C) ends the stream and raises ``KeyboardInterrupt`` within about 100 ms plus the
        batch being extracted.
        """
    def extract_arrow(
        self,
        batch: Any,
        *,
        id_col: str = "id",
        text_col: str = "text",
        threads: Optional[int] = None,
    ) -> Any:
        """The partial graph of a ``pyarrow.RecordBatch`` (or ``Table``, or an iterable of batches: an engine's
        partition) as a one-row ``pyarrow.RecordBatch``: ``graph`` (binary, the node-link JSON bytes) and
        ``documents`` (int64). Columns other than ``id_col`` and ``text_col`` become metadata. Needs pyarrow."""
    @property
    def entity_count(self) -> int:
        """Number of dictionary entities."""
    @property
    def rule_count(self) -> int:
        """Number of relation rules."""
    @property
    def discovers(self) -> bool:
        """Whether discovery is on."""

class Graph:
    """An entity graph: nodes (entities), co-occurrence and relation edges with their evidence.

    Equal graphs compare equal; a graph pickles as its JSON bytes.
    """

    def __init__(self) -> None:
        """An empty graph."""
    @staticmethod
    def from_json(data: Union[str, bytes], origin: str = "<json>") -> Graph:
        """Reads node-link JSON written by graphex (either layout); ``ValueError`` naming ``origin`` if it is
        not a graphex graph."""
    @staticmethod
    def read(path: _Path) -> Graph:
        """Reads a graph file written by ``graphex extract`` (node-link JSON)."""
    def to_json(self, *, links: bool = False) -> str:
        """The node-link JSON: exactly the bytes ``graphex extract -o FILE.json`` writes (``links=True``: the
        edge list is called ``links``, for networkx before 3.4)."""
    def to_bytes(self, *, links: bool = False) -> bytes:
        """:meth:`to_json` as UTF-8 bytes."""
    def write(
        self,
        path: _Path,
        format: Optional[str] = None,
        *,
        links: bool = False,
        cypher_dialect: Optional[str] = None,
        label_language: Optional[str] = None,
    ) -> None:
        """Writes the graph atomically in the format the extension names (``.json .dot .svg .png .graphml
        .gexf .cyjs .cypher .ttl .csv .neo4j.csv``) or ``format``; an existing file is replaced only
        when the new one is complete."""
    def to_networkx(self, *, inline_sentences: bool = False) -> Any:
        """A ``networkx.MultiDiGraph`` with every attribute, built directly (no JSON text), equal to
        ``networkx.node_link_graph(json.loads(g.to_json()), edges="edges")``: evidence items name their
        sentence by ``sentence_id``, a row of :meth:`sentences`. With ``inline_sentences=True`` each item
        also carries the text as ``sentence``."""
    def nodes(self) -> list[dict[str, Any]]:
        """The nodes as dicts (the JSON's node records), in id order."""
    def edges(self) -> list[dict[str, Any]]:
        """The edges as dicts (the JSON's edge records), each evidence item with its ``sentence`` text."""
    def sentences(self) -> list[dict[str, Any]]:
        """The evidence sentences (``doc``, ``start``, ``end``, ``text``): the JSON's ``sentences`` table."""
    def stats(self, top: int = 10) -> dict[str, Any]:
        """``graphex stats --json``: counts, top entities by mentions, degree and PageRank, components."""
    def filter(
        self,
        *,
        min_weight: int = 0,
        relations_only: bool = False,
        types: Sequence[str] = (),
        focus: Optional[str] = None,
        depth: int = 1,
        top: Optional[int] = None,
        rank: Literal["mentions", "degree"] = "mentions",
    ) -> Graph:
        """A readable part of the graph, as the command line's ``--min-weight``, ``--relations-only``,
        ``--types``, ``--focus``/``--depth``, ``--top``/``--rank`` give it. A filtered graph is for looking
        at: merging filtered graphs does not give the filtered merge."""
    @property
    def document_count(self) -> int:
        """Number of documents extracted."""
    @property
    def node_count(self) -> int:
        """Number of nodes."""
    @property
    def edge_count(self) -> int:
        """Number of edges."""
    def __len__(self) -> int: ...

def merge(graphs: Iterable[Union[Graph, str, bytes]]) -> Graph:
    """Merges graphs (or their JSON): associative and commutative, so partial graphs of disjoint documents
    merge, in any order and grouping, into the bytes of one run over all of them. ``ValueError`` if two were
    built with different windows. ``merge([])`` is an empty graph."""

def version() -> str:
    """The graphex version the module was built from."""
