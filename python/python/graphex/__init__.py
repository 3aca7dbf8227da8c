"""graphex: entity and relationship graphs from news text.

People, organizations, products and places are found with dictionary-based Aho-Corasick matching (and, beyond
the dictionaries, discovered from the cues around them), linked by co-occurrence and by typed relations read
from cue rules, and returned as a :class:`Graph` that writes every format of the ``graphex`` command line.

>>> import graphex
>>> ex = graphex.Extractor()
>>> g = ex.extract([("d1", "La start-up xAI, fondée par Elon Musk, lève des fonds.")])
>>> G = g.to_networkx()

The extractor is built once and is thread-safe; extraction releases the GIL and runs on all cores. Graphs
merge associatively and commutatively (:func:`merge`), which is how :mod:`graphex.spark` combines the partial
graphs of a distributed run into the bytes a single run gives.
"""

from ._native import Extractor, Graph, merge, version

__version__ = version()

__all__ = ["Extractor", "Graph", "merge", "__version__"]
