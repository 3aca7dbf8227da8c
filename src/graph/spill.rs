//! Partial graphs spilled to disk under a memory budget, and merged back with a streaming k-way merge.
//!
//! When the accumulated graph of a run passes its share of `--memory-budget`, the pipeline turns it into a
//! [`Graph`] and writes it to a temporary folder as a *run*: its nodes in id order, then its edges in key
//! order, in a compact binary encoding (lengths as LEB128 varints). Runs cover disjoint stretches of the
//! document stream, and the merge rules are those of [`Graph::merge`] (associative and commutative, the
//! same as accumulating), so merging the runs gives the graph an unbounded run builds, byte for byte.
//!
//! [`Spill::write_json`] writes node-link JSON straight from the runs in two streaming passes: the first
//! merges them to learn which documents stay cited and which evidence sentences the merged edges keep
//! (their keys, a hash of their text and where the text lies in a run file: never the text itself); the
//! second merges them again and writes the nodes, the sentence table (texts read back from the runs) and the
//! edges. Memory holds one node or edge per run, the sentence index and the document metadata, whatever the
//! size of the graph. Other formats need the whole graph: [`Spill::into_graph`] merges the runs into memory.
//!
//! The folder is removed when the [`Spill`] is dropped, and by [`crate::files::abandon_writes`] on Ctrl-C.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::error::{Error, Result};
use crate::files::TempFolder;
use crate::graph::{
    merge_edge, merge_node, DocumentMetadata, Edge, EdgeKey, EdgeKind, Evidence, EvidenceMode,
    Graph, Limits, Node, Window,
};

/// First bytes of every run file.
const MAGIC: &[u8] = b"graphex-run/1\n";

/// Read and write buffer of one run file: the merge holds one per run.
const BUFFER: usize = 256 << 10;

/// Partial graphs written to a temporary folder, to be merged at the end of a run.
#[derive(Debug)]
pub struct Spill {
    folder: TempFolder,
    runs: Vec<PathBuf>,
    window: Window,
    limits: Limits,
    document_count: u64,
    documents: BTreeMap<String, DocumentMetadata>,
    bytes: u64,
    /// Run files written so far (names them), compacted ones included.
    files_written: usize,
    /// Past this many runs, they are merged into one (see [`MAX_RUNS`]).
    max_runs: usize,
}

/// Runs kept before they are merged into one: the final merge holds one open file and one buffer per run,
/// so a tiny budget over a large corpus must not leave thousands.
const MAX_RUNS: usize = 64;

/// Counts of a graph written from the runs (what the command-line summary prints).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Nodes written.
    pub nodes: usize,
    /// Edges written.
    pub edges: usize,
    /// Relation edges among them.
    pub relations: usize,
    /// Connected components (edges taken as undirected).
    pub components: usize,
}

impl Spill {
    /// An empty spill in a new temporary folder (under `TMPDIR`, or the system's temporary folder).
    pub fn new(window: Window, limits: Limits) -> Result<Spill> {
        Ok(Spill {
            folder: TempFolder::new("graphex-spill-")?,
            runs: Vec::new(),
            window,
            limits,
            document_count: 0,
            documents: BTreeMap::new(),
            bytes: 0,
            files_written: 0,
            max_runs: MAX_RUNS,
        })
    }

    /// The temporary folder holding the runs.
    pub fn path(&self) -> &Path {
        self.folder.path()
    }

    /// Number of runs written.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Bytes written to the runs.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Number of documents in the runs.
    pub fn document_count(&self) -> u64 {
        self.document_count
    }

    /// Writes `graph` (the partial graph of documents that no earlier run holds) as a new run.
    pub fn push(&mut self, graph: Graph) -> Result<()> {
        let Graph {
            nodes,
            edges,
            document_count,
            documents,
            window,
            limits,
        } = graph;
        self.push_with(window, limits, document_count, documents, |enc| {
            enc.uint(nodes.len() as u64)?;
            for node in nodes.values() {
                enc.node(node)?;
            }
            enc.uint(edges.len() as u64)?;
            for (key, edge) in &edges {
                enc.edge(key, edge)?;
            }
            Ok(())
        })
    }

    /// Writes a new run with `write`, which must encode the nodes (their count, then each in id order) and
    /// the edges (likewise, in key order) of a partial graph of documents that no earlier run holds.
    pub(crate) fn push_with(
        &mut self,
        window: Window,
        limits: Limits,
        document_count: u64,
        documents: BTreeMap<String, DocumentMetadata>,
        write: impl FnOnce(&mut Encoder<BufWriter<File>>) -> io::Result<()>,
    ) -> Result<()> {
        if window != self.window || limits != self.limits {
            return Err(Error::Config(
                "a spilled partial graph has other settings than the run".into(),
            ));
        }
        let (path, written) = self.write_run(write)?;
        self.bytes += written;
        self.document_count += document_count;
        for (id, meta) in documents {
            self.documents.entry(id).or_insert(meta);
        }
        self.runs.push(path);
        if self.runs.len() >= self.max_runs {
            self.compact()?;
        }
        Ok(())
    }

    /// Writes a new run file with `write`; returns its path and size.
    fn write_run(
        &mut self,
        write: impl FnOnce(&mut Encoder<BufWriter<File>>) -> io::Result<()>,
    ) -> Result<(PathBuf, u64)> {
        let path = self
            .folder
            .path()
            .join(format!("run-{:05}.bin", self.files_written));
        self.files_written += 1;
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        let file = File::create(&path).map_err(io)?;
        let mut enc = Encoder::new(BufWriter::with_capacity(BUFFER, file));
        enc.raw(MAGIC).map_err(io)?;
        write(&mut enc).map_err(io)?;
        let written = enc.at;
        enc.out.into_inner().map_err(|e| io(e.into_error()))?;
        Ok((path, written))
    }

    /// Merges every run into one (a pass to count the merged nodes and edges, a pass to write them) and
    /// removes the old files. Merging is associative, so the final result does not change.
    fn compact(&mut self) -> Result<()> {
        let mut merge = Merge::new(self.open()?, self.limits)?;
        let (mut nodes, mut edges) = (0u64, 0u64);
        while merge.next_node()?.is_some() {
            nodes += 1;
        }
        while merge.next_edge()?.is_some() {
            edges += 1;
        }
        let mut merge = Merge::new(self.open()?, self.limits)?;
        let mut failure: Option<Error> = None;
        let result = self.write_run(|enc| {
            enc.uint(nodes)?;
            while let Some(n) = kept(merge.next_node(), &mut failure)? {
                enc.node(&n)?;
            }
            enc.uint(edges)?;
            while let Some((k, e, _)) = kept(merge.next_edge(), &mut failure)? {
                enc.edge(&k, &e)?;
            }
            Ok(())
        });
        if let Some(e) = failure {
            return Err(e);
        }
        let (path, written) = result?;
        for old in std::mem::replace(&mut self.runs, vec![path]) {
            let _ = std::fs::remove_file(old);
        }
        self.bytes += written;
        Ok(())
    }

    #[cfg(test)]
    fn set_max_runs(&mut self, n: usize) {
        self.max_runs = n.max(2);
    }

    fn files(&self) -> Result<Vec<File>> {
        self.runs
            .iter()
            .map(|p| {
                File::open(p).map_err(|source| Error::Io {
                    path: p.clone(),
                    source,
                })
            })
            .collect()
    }

    fn open(&self) -> Result<Vec<RunReader>> {
        self.runs
            .iter()
            .enumerate()
            .map(|(i, p)| RunReader::open(p, i as u32))
            .collect()
    }

    /// Merges the runs into one graph in memory: the graph an unbounded run gives.
    pub fn into_graph(self) -> Result<Graph> {
        let mut graph = Graph::new(self.window, self.limits);
        graph.document_count = self.document_count;
        let mut merge = Merge::new(self.open()?, self.limits)?;
        while let Some(node) = merge.next_node()? {
            graph.nodes.insert(node.id.clone(), node);
        }
        while let Some((key, edge, _)) = merge.next_edge()? {
            graph.edges.insert(key, edge);
        }
        graph.documents = self.documents;
        graph.prune_documents();
        Ok(graph)
    }

    /// Writes node-link JSON from the runs (see the module docs): the bytes [`crate::export::json::write_with`]
    /// writes for the merged graph. `links` names the edge list `links` instead of `edges`.
    pub fn write_json(&self, links: bool, out: &mut dyn Write) -> Result<Written> {
        let files = self.files()?;
        let index = self.index(&files)?;
        let documents: BTreeMap<String, DocumentMetadata> = self
            .documents
            .iter()
            .filter(|(id, _)| index.cited.contains(id.as_str()))
            .map(|(id, m)| (id.clone(), m.clone()))
            .collect();
        let state = RefCell::new((
            Merge::new(self.open()?, self.limits)?,
            Components::default(),
            Written::default(),
        ));
        let header = crate::export::json::Header {
            window: self.window,
            limits: self.limits,
            document_count: self.document_count,
            documents: &documents,
        };
        let sentences = (0..index.rows.len()).map(|i| index.row(i, &files, &self.runs));
        crate::export::json::write_streamed(
            &header,
            links,
            out,
            || {
                let (merge, components, written) = &mut *state.borrow_mut();
                let node = merge.next_node()?;
                if let Some(n) = &node {
                    components.add(&n.id);
                    written.nodes += 1;
                }
                Ok(node)
            },
            sentences,
            &index,
            || {
                let (merge, components, written) = &mut *state.borrow_mut();
                let Some((k, e, _)) = merge.next_edge()? else {
                    return Ok(None);
                };
                components.union(&k.source, &k.target);
                written.edges += 1;
                written.relations += usize::from(e.kind == EdgeKind::Relation);
                Ok(Some((k, e)))
            },
        )?;
        let (_, mut components, mut written) = state.into_inner();
        written.components = components.count();
        Ok(written)
    }

    /// The first pass of [`Spill::write_json`]: cited documents and the sentence table.
    fn index(&self, files: &[File]) -> Result<SentenceIndex> {
        let mut merge = Merge::new(self.open()?, self.limits)?;
        let mut cited: FxHashSet<Arc<str>> = FxHashSet::default();
        // Node document lists only matter for pruning metadata; without any, the nodes are skipped.
        let need_cited = !self.documents.is_empty();
        if need_cited {
            while let Some(node) = merge.next_node()? {
                for doc in node.documents.keys() {
                    if !cited.contains(&**doc) {
                        cited.insert(doc.clone());
                    }
                }
            }
        }
        let text = self.limits.evidence == EvidenceMode::Text;
        let mut docs: FxHashMap<Arc<str>, u32> = FxHashMap::default();
        let mut seen: FxHashMap<(u32, u64, u64, u64), Location> = FxHashMap::default();
        while let Some((_, edge, locations)) = merge.next_edge()? {
            for ev in &edge.evidence {
                if need_cited && !cited.contains(&*ev.doc) {
                    cited.insert(ev.doc.clone());
                }
                if !text {
                    continue;
                }
                let next = docs.len() as u32;
                let doc = *docs.entry(ev.doc.clone()).or_insert(next);
                let key = (doc, ev.start as u64, ev.end as u64, text_hash(&ev.sentence));
                if seen.contains_key(&key) {
                    continue;
                }
                // The decoded item this one is: its text's place in its run.
                let at = locations
                    .iter()
                    .find(|(p, _)| *p == Arc::as_ptr(&ev.sentence) as *const u8 as usize)
                    .map(|(_, l)| *l)
                    .ok_or_else(|| {
                        Error::Config("spilled runs: an evidence sentence lost its place".into())
                    })?;
                seen.insert(key, at);
            }
        }
        // Documents ranked by id, so that rows sort as the in-memory table does: (doc, start, end, text).
        let mut by_id: Vec<(Arc<str>, u32)> = docs.into_iter().collect();
        by_id.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut rank_of = vec![0u32; by_id.len()];
        for (rank, (_, first)) in by_id.iter().enumerate() {
            rank_of[*first as usize] = rank as u32;
        }
        let mut rows: Vec<Row> = seen
            .into_iter()
            .map(|((doc, start, end, hash), at)| Row {
                doc: rank_of[doc as usize],
                start,
                end,
                hash,
                at,
            })
            .collect();
        rows.sort_unstable_by_key(|r| (r.doc, r.start, r.end, r.hash));
        let names: Vec<Arc<str>> = by_id.into_iter().map(|(id, _)| id).collect();
        let docs: FxHashMap<Arc<str>, u32> = names
            .iter()
            .enumerate()
            .map(|(rank, id)| (id.clone(), rank as u32))
            .collect();
        let mut index = SentenceIndex {
            docs,
            names,
            rows,
            cited,
        };
        index.order_ties(files, &self.runs)?;
        Ok(index)
    }
}

/// A read error met while writing: kept whole in `failure` (it names its run file), passed on as an I/O
/// error to stop the write.
fn kept<T>(r: Result<T>, failure: &mut Option<Error>) -> io::Result<T> {
    r.map_err(|e| {
        let message = e.to_string();
        *failure = Some(e);
        io::Error::other(message)
    })
}

/// A 64-bit hash of a sentence's text. Two rows of the table only differ by their text when one document
/// id was given twice with different texts; the hash tells them apart.
fn text_hash(text: &str) -> u64 {
    let mut h = FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

/// Where a sentence's text lies: run, byte offset and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Location {
    run: u32,
    at: u64,
    len: u32,
}

#[derive(Debug, Clone, Copy)]
struct Row {
    doc: u32,
    start: u64,
    end: u64,
    hash: u64,
    at: Location,
}

/// The sentence table of the merged graph, without its texts.
struct SentenceIndex {
    /// Document id -> rank by id.
    docs: FxHashMap<Arc<str>, u32>,
    /// In table order.
    rows: Vec<Row>,
    /// Document ids by rank.
    names: Vec<Arc<str>>,
    /// Documents cited by a node's document list or an evidence item (when there is metadata to prune).
    cited: FxHashSet<Arc<str>>,
}

impl SentenceIndex {
    /// Puts rows that share document and offsets in the order of their texts (rare: a document id given
    /// twice with different texts).
    fn order_ties(&mut self, files: &[File], runs: &[PathBuf]) -> Result<()> {
        let mut i = 0;
        while i < self.rows.len() {
            let r = self.rows[i];
            let mut j = i + 1;
            while j < self.rows.len()
                && (self.rows[j].doc, self.rows[j].start, self.rows[j].end)
                    == (r.doc, r.start, r.end)
            {
                j += 1;
            }
            if j - i > 1 {
                let mut group: Vec<(String, Row)> = self.rows[i..j]
                    .iter()
                    .map(|row| Ok((read_text(files, runs, row.at)?, *row)))
                    .collect::<Result<_>>()?;
                group.sort_by(|a, b| a.0.cmp(&b.0));
                for (k, (_, row)) in group.into_iter().enumerate() {
                    self.rows[i + k] = row;
                }
            }
            i = j;
        }
        Ok(())
    }

    /// Row `i` as written: document, offsets, text (read back from its run).
    fn row(
        &self,
        i: usize,
        files: &[File],
        runs: &[PathBuf],
    ) -> Result<(Arc<str>, usize, usize, String)> {
        let row = self.rows[i];
        let text = read_text(files, runs, row.at)?;
        Ok((
            self.names[row.doc as usize].clone(),
            row.start as usize,
            row.end as usize,
            text,
        ))
    }
}

impl crate::export::json::SentenceIds for SentenceIndex {
    fn id(&self, ev: &Evidence) -> Option<usize> {
        if self.rows.is_empty() {
            return None;
        }
        let doc = *self.docs.get(&*ev.doc)?;
        let (start, end) = (ev.start as u64, ev.end as u64);
        let first = self
            .rows
            .partition_point(|r| (r.doc, r.start, r.end) < (doc, start, end));
        let hash = text_hash(&ev.sentence);
        self.rows[first..]
            .iter()
            .take_while(|r| (r.doc, r.start, r.end) == (doc, start, end))
            .position(|r| r.hash == hash)
            .map(|k| first + k)
    }
}

fn read_text(files: &[File], runs: &[PathBuf], at: Location) -> Result<String> {
    use std::os::unix::fs::FileExt;
    let path = &runs[at.run as usize];
    let mut buf = vec![0u8; at.len as usize];
    files[at.run as usize]
        .read_exact_at(&mut buf, at.at)
        .map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
    String::from_utf8(buf).map_err(|_| corrupt(path))
}

fn corrupt(path: &Path) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source: io::Error::new(io::ErrorKind::InvalidData, "damaged spill file"),
    }
}

/// Union-find over node ids, for the component count of the summary.
#[derive(Default)]
struct Components {
    ids: FxHashMap<Arc<str>, u32>,
    parent: Vec<u32>,
}

impl Components {
    fn add(&mut self, id: &str) {
        let next = self.parent.len() as u32;
        self.ids.insert(Arc::from(id), next);
        self.parent.push(next);
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let up = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = up;
            x = up;
        }
        x
    }

    fn union(&mut self, a: &str, b: &str) {
        if let (Some(&x), Some(&y)) = (self.ids.get(a), self.ids.get(b)) {
            let (x, y) = (self.find(x), self.find(y));
            if x != y {
                self.parent[x.max(y) as usize] = x.min(y);
            }
        }
    }

    fn count(&mut self) -> usize {
        (0..self.parent.len() as u32)
            .filter(|&x| self.find(x) == x)
            .count()
    }
}

/// Writes the binary encoding of runs.
pub(crate) struct Encoder<W: Write> {
    out: W,
    /// Bytes written so far.
    at: u64,
}

impl<W: Write> Encoder<W> {
    fn new(out: W) -> Self {
        Encoder { out, at: 0 }
    }

    fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.at += bytes.len() as u64;
        self.out.write_all(bytes)
    }

    pub(crate) fn uint(&mut self, mut n: u64) -> io::Result<()> {
        let mut buf = [0u8; 10];
        let mut len = 0;
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                buf[len] = byte;
                len += 1;
                break;
            }
            buf[len] = byte | 0x80;
            len += 1;
        }
        self.raw(&buf[..len])
    }

    fn str(&mut self, s: &str) -> io::Result<()> {
        self.uint(s.len() as u64)?;
        self.raw(s.as_bytes())
    }

    fn opt_str(&mut self, s: Option<&str>) -> io::Result<()> {
        match s {
            None => self.raw(&[0]),
            Some(s) => {
                self.raw(&[1])?;
                self.str(s)
            }
        }
    }

    fn node(&mut self, n: &Node) -> io::Result<()> {
        self.node_parts(
            NodeParts {
                id: &n.id,
                label: &n.label,
                entity_type: &n.entity_type,
                external_id: n.external_id.as_deref(),
                attributes: &n.attributes,
                mentions: n.mentions,
                document_count: n.document_count,
            },
            n.aliases.iter().map(String::as_str),
            n.documents.iter().map(|(d, c)| (&**d, *c)),
        )
    }

    /// A node from its parts: `aliases` in order without repeats, `documents` in id order.
    pub(crate) fn node_parts<'a>(
        &mut self,
        n: NodeParts<'_>,
        aliases: impl ExactSizeIterator<Item = &'a str>,
        documents: impl ExactSizeIterator<Item = (&'a str, u64)>,
    ) -> io::Result<()> {
        self.str(n.id)?;
        self.str(n.label)?;
        self.str(n.entity_type)?;
        self.uint(aliases.len() as u64)?;
        for a in aliases {
            self.str(a)?;
        }
        self.uint(n.mentions)?;
        self.uint(n.document_count)?;
        self.uint(documents.len() as u64)?;
        for (doc, count) in documents {
            self.str(doc)?;
            self.uint(count)?;
        }
        self.opt_str(n.external_id)?;
        self.uint(n.attributes.len() as u64)?;
        for (k, v) in n.attributes {
            self.str(k)?;
            self.str(v)?;
        }
        Ok(())
    }

    fn edge(&mut self, k: &EdgeKey, e: &Edge) -> io::Result<()> {
        self.edge_parts(&k.source, &k.target, &k.key, e)
    }

    /// An edge from its key's parts.
    pub(crate) fn edge_parts(
        &mut self,
        source: &str,
        target: &str,
        key: &str,
        e: &Edge,
    ) -> io::Result<()> {
        self.str(source)?;
        self.str(target)?;
        self.str(key)?;
        self.raw(&[match e.kind {
            EdgeKind::CoOccurrence => 0,
            EdgeKind::Relation => 1,
        }])?;
        self.uint(e.weight)?;
        match e.confidence {
            None => self.raw(&[0])?,
            Some(c) => {
                self.raw(&[1])?;
                self.raw(&c.to_bits().to_le_bytes())?;
            }
        }
        self.uint(e.hedged_weight)?;
        self.uint(e.implicit_weight)?;
        self.uint(e.evidence.len() as u64)?;
        for ev in &e.evidence {
            self.str(&ev.doc)?;
            self.str(&ev.sentence)?;
            self.uint(ev.start as u64)?;
            self.uint(ev.end as u64)?;
            self.opt_str(ev.rule.as_deref())?;
            self.raw(&[u8::from(ev.hedged) | (u8::from(ev.implicit) << 1)])?;
        }
        Ok(())
    }
}

/// The fields of a node besides its aliases and documents, for [`Encoder::node_parts`].
pub(crate) struct NodeParts<'a> {
    pub(crate) id: &'a str,
    pub(crate) label: &'a str,
    pub(crate) entity_type: &'a str,
    pub(crate) external_id: Option<&'a str>,
    pub(crate) attributes: &'a BTreeMap<String, String>,
    pub(crate) mentions: u64,
    pub(crate) document_count: u64,
}

/// An edge read from a run, with where each evidence item's sentence text lies (by the address of its
/// decoded text, which stays the same through merging).
type RunEdge = (EdgeKey, Edge, Vec<(usize, Location)>);

/// Reads one run: its nodes, then its edges.
struct RunReader {
    input: BufReader<File>,
    at: u64,
    path: PathBuf,
    run: u32,
    nodes_left: u64,
    edges_left: Option<u64>,
}

impl RunReader {
    fn open(path: &Path, run: u32) -> Result<RunReader> {
        let file = File::open(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut reader = RunReader {
            input: BufReader::with_capacity(BUFFER, file),
            at: 0,
            path: path.to_path_buf(),
            run,
            nodes_left: 0,
            edges_left: None,
        };
        let mut magic = vec![0u8; MAGIC.len()];
        reader.bytes(&mut magic)?;
        if magic != MAGIC {
            return Err(corrupt(path));
        }
        reader.nodes_left = reader.uint()?;
        Ok(reader)
    }

    fn bytes(&mut self, buf: &mut [u8]) -> Result<()> {
        self.input.read_exact(buf).map_err(|source| Error::Io {
            path: self.path.clone(),
            source,
        })?;
        self.at += buf.len() as u64;
        Ok(())
    }

    fn byte(&mut self) -> Result<u8> {
        let mut b = [0u8];
        self.bytes(&mut b)?;
        Ok(b[0])
    }

    fn uint(&mut self) -> Result<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(corrupt(&self.path))
    }

    /// A string, with its place in the file.
    fn located(&mut self) -> Result<(String, Location)> {
        let len = self.uint()?;
        let len32 = u32::try_from(len).map_err(|_| corrupt(&self.path))?;
        let at = Location {
            run: self.run,
            at: self.at,
            len: len32,
        };
        let mut buf = vec![0u8; len32 as usize];
        self.bytes(&mut buf)?;
        let s = String::from_utf8(buf).map_err(|_| corrupt(&self.path))?;
        Ok((s, at))
    }

    fn string(&mut self) -> Result<String> {
        Ok(self.located()?.0)
    }

    fn opt_string(&mut self) -> Result<Option<String>> {
        match self.byte()? {
            0 => Ok(None),
            1 => Ok(Some(self.string()?)),
            _ => Err(corrupt(&self.path)),
        }
    }

    fn next_node(&mut self) -> Result<Option<Node>> {
        if self.nodes_left == 0 {
            return Ok(None);
        }
        self.nodes_left -= 1;
        let mut node = Node::new(self.string()?, self.string()?, self.string()?);
        for _ in 0..self.uint()? {
            node.aliases.insert(self.string()?);
        }
        node.mentions = self.uint()?;
        node.document_count = self.uint()?;
        for _ in 0..self.uint()? {
            let doc: Arc<str> = Arc::from(self.string()?);
            node.documents.insert(doc, self.uint()?);
        }
        node.external_id = self.opt_string()?;
        for _ in 0..self.uint()? {
            node.attributes.insert(self.string()?, self.string()?);
        }
        Ok(Some(node))
    }

    fn next_edge(&mut self) -> Result<Option<RunEdge>> {
        while self.next_node()?.is_some() {}
        let left = match self.edges_left {
            Some(n) => n,
            None => self.uint()?,
        };
        if left == 0 {
            self.edges_left = Some(0);
            return Ok(None);
        }
        self.edges_left = Some(left - 1);
        let key = EdgeKey {
            source: Arc::from(self.string()?),
            target: Arc::from(self.string()?),
            key: Arc::from(self.string()?),
        };
        let kind = match self.byte()? {
            0 => EdgeKind::CoOccurrence,
            1 => EdgeKind::Relation,
            _ => return Err(corrupt(&self.path)),
        };
        let mut edge = Edge::new(kind);
        edge.weight = self.uint()?;
        edge.confidence = match self.byte()? {
            0 => None,
            1 => {
                let mut b = [0u8; 8];
                self.bytes(&mut b)?;
                Some(f64::from_bits(u64::from_le_bytes(b)))
            }
            _ => return Err(corrupt(&self.path)),
        };
        edge.hedged_weight = self.uint()?;
        edge.implicit_weight = self.uint()?;
        let items = self.uint()?;
        let mut locations = Vec::with_capacity(items.min(64) as usize);
        for _ in 0..items {
            let doc: Arc<str> = Arc::from(self.string()?);
            let (text, at) = self.located()?;
            let sentence: Arc<str> = Arc::from(text);
            locations.push((Arc::as_ptr(&sentence) as *const u8 as usize, at));
            let start = self.uint()? as usize;
            let end = self.uint()? as usize;
            let rule = self.opt_string()?.map(Arc::from);
            let flags = self.byte()?;
            edge.evidence.push(Evidence {
                doc,
                sentence,
                start,
                end,
                rule,
                hedged: flags & 1 != 0,
                implicit: flags & 2 != 0,
            });
        }
        Ok(Some((key, edge, locations)))
    }
}

/// The k-way merge of runs: nodes in id order, then edges in key order, each merged across the runs
/// with the rules of [`Graph::merge`].
struct Merge {
    readers: Vec<RunReader>,
    nodes: Vec<Option<Node>>,
    edges: Option<Vec<Option<RunEdge>>>,
    limits: Limits,
}

impl Merge {
    fn new(mut readers: Vec<RunReader>, limits: Limits) -> Result<Merge> {
        let nodes = readers
            .iter_mut()
            .map(RunReader::next_node)
            .collect::<Result<_>>()?;
        Ok(Merge {
            readers,
            nodes,
            edges: None,
            limits,
        })
    }

    fn next_node(&mut self) -> Result<Option<Node>> {
        let Some(first) = min_index(&self.nodes, |n| n.id.as_str()) else {
            return Ok(None);
        };
        let Some(mut node) = self.nodes[first].take() else {
            return Ok(None);
        };
        self.nodes[first] = self.readers[first].next_node()?;
        for (head, reader) in self.nodes.iter_mut().zip(&mut self.readers).skip(first + 1) {
            if head.as_ref().is_some_and(|n| n.id == node.id) {
                if let Some(n) = head.take() {
                    merge_node(&mut node, n, self.limits);
                }
                *head = reader.next_node()?;
            }
        }
        Ok(Some(node))
    }

    fn next_edge(&mut self) -> Result<Option<RunEdge>> {
        if self.edges.is_none() {
            // Nodes not taken are skipped by each reader (decoded, not merged).
            self.nodes.iter_mut().for_each(|head| *head = None);
            let heads = self
                .readers
                .iter_mut()
                .map(RunReader::next_edge)
                .collect::<Result<_>>()?;
            self.edges = Some(heads);
        }
        let Some(heads) = self.edges.as_mut() else {
            return Ok(None);
        };
        let Some(first) = min_index(heads, |e| &e.0) else {
            return Ok(None);
        };
        let Some((key, mut edge, mut locations)) = heads[first].take() else {
            return Ok(None);
        };
        heads[first] = self.readers[first].next_edge()?;
        for (head, reader) in heads.iter_mut().zip(&mut self.readers).skip(first + 1) {
            if head.as_ref().is_some_and(|e| e.0 == key) {
                if let Some((_, e, l)) = head.take() {
                    merge_edge(&mut edge, e, self.limits);
                    locations.extend(l);
                }
                *head = reader.next_edge()?;
            }
        }
        Ok(Some((key, edge, locations)))
    }
}

/// The first position holding the smallest key.
fn min_index<T, K: Ord + ?Sized>(heads: &[Option<T>], key: impl Fn(&T) -> &K) -> Option<usize> {
    let mut best: Option<(usize, &K)> = None;
    for (i, h) in heads.iter().enumerate() {
        if let Some(h) = h {
            let k = key(h);
            if best.is_none_or(|(_, b)| k < b) {
                best = Some((i, k));
            }
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests;
