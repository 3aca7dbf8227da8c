//! `graphex._native`: the Python classes of the graphex package, over the Rust library.
//!
//! The extractor is built once ([`graphex::extract::options::ExtractorOptions::build`], as the command line
//! builds it) and shared by reference; extraction runs the library's [`graphex::Pipeline`] with the GIL
//! released, pulling documents from the Python iterable on the pipeline's reader thread (attaching to the
//! interpreter for each item), so an iterable is streamed, never collected. Graphs are written by the
//! library's exporters: `Graph.to_json()` is the bytes `graphex extract` writes.
//!
//! The Python-facing documentation is in `python/graphex/_native.pyi`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyIterator, PyList, PyString, PyTuple};

use graphex::export::{self, ExportOptions, Format};
use graphex::extract::options::ExtractorOptions;
use graphex::graph::filter::{Filter, Rank};
use graphex::graph::stats::Stats;
use graphex::graph::{EvidenceMode, Window};
use graphex::text::input::DocumentMetadata;
use graphex::{Document, Pipeline};

// The allocator of the command line (see src/main.rs), for the Rust side of this module only: the graphs
// of a large corpus are millions of small allocations, and the system allocator's arenas fragment under
// them and are slower. Python objects keep Python's allocator; nothing is freed across the two.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The Python exception for a library error: `OSError` (`FileNotFoundError`) for a file that cannot be
/// read or written, `ValueError` for everything else (a malformed row, an option out of range, a file that
/// is not a graph). The message is the command line's.
fn py_err(e: graphex::Error) -> PyErr {
    let message = e.to_string();
    match e.cause() {
        graphex::Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(message)
        }
        graphex::Error::Io { .. } => PyOSError::new_err(message),
        _ => PyValueError::new_err(message),
    }
}

fn json_err(e: serde_json::Error) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// Parses a lowercase name of a serde enum (window, evidence mode) naming the option in errors.
fn parse_name<T: serde::de::DeserializeOwned>(
    option: &str,
    value: &str,
    known: &str,
) -> PyResult<T> {
    serde_json::from_value(serde_json::Value::String(value.to_string())).map_err(|_| {
        PyValueError::new_err(format!("{option} must be one of {known} (got {value:?})"))
    })
}

/// A built extractor: dictionaries, automaton, rules and discovery, reusable and thread-safe.
#[pyclass(module = "graphex._native", frozen)]
struct Extractor {
    inner: Arc<graphex::Extractor>,
    threads: usize,
}

#[pymethods]
impl Extractor {
    #[new]
    #[pyo3(signature = (
        dicts = Vec::new(), rules = Vec::new(), default_dicts = true, default_rules = true,
        window = "sentence", max_evidence = 3, *, max_node_documents = 1000, evidence = "text",
        discover = true, min_confidence = 0.5, first_names = Vec::new(), cues = Vec::new(), threads = 0
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        dicts: Vec<PathBuf>,
        rules: Vec<PathBuf>,
        default_dicts: bool,
        default_rules: bool,
        window: &str,
        max_evidence: usize,
        max_node_documents: usize,
        evidence: &str,
        discover: bool,
        min_confidence: f64,
        first_names: Vec<PathBuf>,
        cues: Vec<PathBuf>,
        threads: usize,
    ) -> PyResult<Self> {
        let options = ExtractorOptions {
            dicts,
            default_dicts,
            rules,
            default_rules,
            window: parse_name::<Window>("window", window, "sentence, paragraph, document")?,
            max_evidence,
            max_node_documents,
            evidence: parse_name::<EvidenceMode>("evidence", evidence, "text, offsets, none")?,
            discover,
            min_confidence,
            first_names,
            cues,
        };
        let inner = py.detach(|| options.build()).map_err(py_err)?;
        Ok(Extractor {
            inner: Arc::new(inner),
            threads,
        })
    }

    /// The graph of `docs` (see the stub for the accepted items).
    #[pyo3(signature = (docs, *, threads = None))]
    fn extract(
        &self,
        py: Python<'_>,
        docs: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Graph> {
        let iter = docs.try_iter()?.unbind();
        let failure: Arc<Mutex<Option<PyErr>>> = Arc::new(Mutex::new(None));
        let cancel = Arc::new(AtomicBool::new(false));
        let documents = PyDocuments {
            iter,
            index: 0,
            failure: failure.clone(),
            cancel: cancel.clone(),
        };
        let pipeline = Pipeline::new().threads(threads.unwrap_or(self.threads));
        let extractor = self.inner.clone();
        // The run goes on a thread of its own while this one waits without the GIL and looks at the
        // interpreter's signals every 100 ms: Ctrl-C in a notebook stops a long extraction (the document
        // stream ends, the batch in flight finishes) and raises KeyboardInterrupt.
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        let done_rx = Mutex::new(done_rx);
        let run = std::thread::spawn(move || {
            let result = pipeline.run_documents(&extractor, documents, |_| ());
            let _ = done_tx.send(());
            result
        });
        loop {
            let finished = py.detach(|| {
                done_rx.lock().map_or(true, |rx| {
                    !matches!(
                        rx.recv_timeout(Duration::from_millis(100)),
                        Err(RecvTimeoutError::Timeout)
                    )
                })
            });
            if finished {
                break;
            }
            if let Err(interrupt) = py.check_signals() {
                cancel.store(true, Ordering::Relaxed);
                let _ = py.detach(|| run.join());
                return Err(interrupt);
            }
        }
        let result = py
            .detach(|| run.join())
            .map_err(|_| PyRuntimeError::new_err("the extraction thread panicked"))?;
        if let Some(e) = failure.lock().ok().and_then(|mut f| f.take()) {
            return Err(e);
        }
        let (graph, report) = result.map_err(py_err)?;
        if let Some(e) = report.errors.into_iter().next() {
            return Err(py_err(e));
        }
        Ok(Graph { inner: graph })
    }

    /// The partial graph of an Arrow record batch (or table, or an iterable of batches: a partition), as a
    /// one-row record batch (`graph`: the node-link JSON bytes; `documents`: how many documents it covers),
    /// for engines that exchange Arrow.
    #[pyo3(signature = (batch, *, id_col = "id", text_col = "text", threads = None))]
    fn extract_arrow<'py>(
        &self,
        py: Python<'py>,
        batch: &Bound<'py, PyAny>,
        id_col: &str,
        text_col: &str,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let batches = if batch.hasattr("to_pylist")? {
            PyTuple::new(py, [batch])?.into_any().try_iter()?
        } else {
            batch.try_iter()?
        };
        let rows = DictRows {
            batches: batches.unbind(),
            rows: None,
            id_col: id_col.to_string(),
            text_col: text_col.to_string(),
        };
        let rows = Bound::new(py, rows)?;
        let graph = self.extract(py, rows.as_any(), threads)?;
        let pa = py.import("pyarrow")?;
        let bytes = PyBytes::new(py, &graph.json_bytes(false)?);
        let graphs = pa.call_method1(
            "array",
            (PyList::new(py, [bytes])?, pa.call_method0("large_binary")?),
        )?;
        let counts = pa.call_method1(
            "array",
            (
                PyList::new(py, [graph.inner.document_count])?,
                pa.call_method0("int64")?,
            ),
        )?;
        pa.getattr("RecordBatch")?.call_method1(
            "from_arrays",
            (
                PyList::new(py, [graphs, counts])?,
                PyList::new(py, ["graph", "documents"])?,
            ),
        )
    }

    /// Number of dictionary entities.
    #[getter]
    fn entity_count(&self) -> usize {
        self.inner.matcher().dictionary().entities().len()
    }

    /// Number of relation rules.
    #[getter]
    fn rule_count(&self) -> usize {
        self.inner.rules().rules().len()
    }

    /// Whether discovery is on.
    #[getter]
    fn discovers(&self) -> bool {
        self.inner.discoverer().is_some()
    }

    fn __repr__(&self) -> String {
        format!(
            "Extractor({} entities, {} rules, discovery {})",
            self.entity_count(),
            self.rule_count(),
            if self.discovers() { "on" } else { "off" }
        )
    }
}

/// The rows of record batches (`RecordBatch.to_pylist()`, one batch at a time) with the `id`/`text` fields
/// `extract` reads.
#[pyclass(module = "graphex._native")]
struct DictRows {
    batches: Py<PyIterator>,
    rows: Option<Py<PyIterator>>,
    id_col: String,
    text_col: String,
}

#[pymethods]
impl DictRows {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let row = loop {
            if let Some(rows) = &self.rows {
                if let Some(row) = rows.bind(py).clone().next() {
                    break row?;
                }
            }
            let Some(batch) = self.batches.bind(py).clone().next() else {
                return Ok(None);
            };
            let batch = batch?;
            if !batch.hasattr("to_pylist")? {
                return Err(PyTypeError::new_err(format!(
                    "expected Arrow record batches (with to_pylist()), not {}",
                    type_name(&batch)
                )));
            }
            self.rows = Some(batch.call_method0("to_pylist")?.try_iter()?.unbind());
        };
        let row = row.cast::<PyDict>()?;
        let out = PyDict::new(py);
        for (k, v) in row.iter() {
            let name: String = k.extract()?;
            let name = if name == self.id_col {
                "id".to_string()
            } else if name == self.text_col {
                "text".to_string()
            } else if name == "id" || name == "text" {
                // A column called like a field it does not stand for is kept as metadata under its name.
                format!("{name}_")
            } else {
                name
            };
            out.set_item(name, v)?;
        }
        if !out.contains("text")? {
            return Err(PyValueError::new_err(format!(
                "the record batch has no column {:?} (text_col)",
                self.text_col
            )));
        }
        Ok(Some(out))
    }
}

/// A Python iterable seen as documents by the pipeline's reader thread.
struct PyDocuments {
    iter: Py<PyIterator>,
    index: usize,
    /// The first Python error (a bad item, or the iterable's own): it ends the stream and is raised.
    failure: Arc<Mutex<Option<PyErr>>>,
    /// Set when the caller was interrupted: the stream ends.
    cancel: Arc<AtomicBool>,
}

impl Iterator for PyDocuments {
    type Item = graphex::Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.cancel.load(Ordering::Relaxed) {
            return None;
        }
        let index = self.index;
        self.index += 1;
        let next = Python::attach(|py| -> PyResult<Option<Document>> {
            let Some(item) = self.iter.bind(py).clone().next() else {
                return Ok(None);
            };
            document_of(&item?, index).map(Some)
        });
        match next {
            Ok(Some(doc)) => Some(Ok(doc)),
            Ok(None) => None,
            Err(e) => {
                if let Ok(mut f) = self.failure.lock() {
                    f.get_or_insert(e);
                }
                None
            }
        }
    }
}

/// A document from a `str` (id: its position), an `(id, text)` pair or a mapping with `id` and `text`
/// (other keys become metadata).
fn document_of(item: &Bound<'_, PyAny>, index: usize) -> PyResult<Document> {
    if let Ok(text) = item.cast::<PyString>() {
        return Ok(Document::new(index.to_string(), text.to_cow()?));
    }
    if let Ok(pair) = item.cast::<PyTuple>() {
        if pair.len() == 2 {
            let id = id_of(&pair.get_item(0)?, index)?;
            let text = pair.get_item(1)?;
            let text = text.cast::<PyString>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "document {index}: the text of an (id, text) pair must be a str, not {}",
                    type_name(&text)
                ))
            })?;
            return Ok(Document::new(id, text.to_cow()?));
        }
    }
    if let Ok(map) = item.cast::<PyDict>() {
        let text = map.get_item("text")?.ok_or_else(|| {
            PyValueError::new_err(format!("document {index}: the mapping has no \"text\" key"))
        })?;
        let text = text.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "document {index}: \"text\" must be a str, not {}",
                type_name(&text)
            ))
        })?;
        let id = match map.get_item("id")? {
            Some(id) if !id.is_none() => id_of(&id, index)?,
            _ => index.to_string(),
        };
        let mut metadata = DocumentMetadata::new();
        for (k, v) in map.iter() {
            let key: String = k.extract().map_err(|_| {
                PyTypeError::new_err(format!("document {index}: metadata keys must be str"))
            })?;
            if key == "id" || key == "text" {
                continue;
            }
            let value = json_of(&v).map_err(|e| {
                PyTypeError::new_err(format!("document {index}: metadata {key:?}: {e}"))
            })?;
            metadata.insert(key, value);
        }
        let mut doc = Document::new(id, text.to_cow()?);
        doc.metadata = metadata;
        return Ok(doc);
    }
    Err(PyTypeError::new_err(format!(
        "document {index}: expected a str, an (id, text) pair or a mapping with \"id\" and \"text\", not {}",
        type_name(item)
    )))
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A document id: a str, or an int written in decimal.
fn id_of(id: &Bound<'_, PyAny>, index: usize) -> PyResult<String> {
    if let Ok(s) = id.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if id.is_instance_of::<PyInt>() && !id.is_instance_of::<PyBool>() {
        return Ok(id.str()?.to_cow()?.into_owned());
    }
    Err(PyTypeError::new_err(format!(
        "document {index}: the id must be a str or an int, not {}",
        type_name(id)
    )))
}

/// A metadata value as JSON: None, bool, int, float, str, lists and tuples, dicts with str keys, and
/// anything with `isoformat()` (dates and times) as its ISO string.
fn json_of(v: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    if v.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if v.is_instance_of::<PyInt>() {
        if let Ok(i) = v.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = v.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(PyValueError::new_err("integer out of the 64-bit range"));
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        return serde_json::Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| PyValueError::new_err("NaN and infinities are not JSON"));
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(l) = v.cast::<PyList>() {
        return l
            .iter()
            .map(|x| json_of(&x))
            .collect::<PyResult<_>>()
            .map(Value::Array);
    }
    if let Ok(t) = v.cast::<PyTuple>() {
        return t
            .iter()
            .map(|x| json_of(&x))
            .collect::<PyResult<_>>()
            .map(Value::Array);
    }
    if let Ok(d) = v.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, x) in d.iter() {
            let key: String = k
                .extract()
                .map_err(|_| PyTypeError::new_err("dict keys must be str"))?;
            map.insert(key, json_of(&x)?);
        }
        return Ok(Value::Object(map));
    }
    if v.hasattr("isoformat")? {
        let s: String = v.call_method0("isoformat")?.extract()?;
        return Ok(Value::String(s));
    }
    Err(PyTypeError::new_err(format!(
        "cannot store a {} as JSON",
        type_name(v)
    )))
}

/// A JSON value as a Python object (the types `json.loads` gives).
fn py_of<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => py_list(py, a)?.into_any(),
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, py_of(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// JSON values as a Python list.
fn py_list<'py>(py: Python<'py>, values: &[serde_json::Value]) -> PyResult<Bound<'py, PyList>> {
    let items = values
        .iter()
        .map(|v| py_of(py, v))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// An entity graph.
#[pyclass(module = "graphex._native", frozen)]
struct Graph {
    inner: graphex::Graph,
}

impl Graph {
    fn json_bytes(&self, links: bool) -> PyResult<Vec<u8>> {
        let mut out = Vec::new();
        export::json::write_with(&self.inner, links, &mut out)
            .map_err(|e| PyOSError::new_err(format!("json export: {e}")))?;
        Ok(out)
    }
}

/// Reads node-link JSON given as `str` or `bytes` (or anything that converts to bytes).
fn read_json(data: &Bound<'_, PyAny>, origin: &str) -> PyResult<graphex::Graph> {
    let text = if let Ok(s) = data.cast::<PyString>() {
        s.to_cow()?.into_owned()
    } else {
        let bytes = match data.cast::<PyBytes>() {
            Ok(b) => b.as_bytes().to_vec(),
            Err(_) => data.extract::<Vec<u8>>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "expected str or bytes of node-link JSON, not {}",
                    type_name(data)
                ))
            })?,
        };
        String::from_utf8(bytes)
            .map_err(|e| PyValueError::new_err(format!("{origin}: not UTF-8: {e}")))?
    };
    parse_json(data.py(), text, origin)
}

/// Parses node-link JSON text without the GIL; `origin` names it in errors.
fn parse_json(py: Python<'_>, text: String, origin: &str) -> PyResult<graphex::Graph> {
    let origin = origin.to_string();
    py.detach(move || export::json::read(&text, &origin))
        .map_err(py_err)
}

#[pymethods]
impl Graph {
    /// An empty graph (what `merge([])` gives).
    #[new]
    fn new() -> Self {
        Graph {
            inner: graphex::Graph::default(),
        }
    }

    /// Reads the node-link JSON of `graphex extract` (either layout), as `str` or `bytes`.
    #[staticmethod]
    #[pyo3(signature = (data, origin = "<json>"))]
    fn from_json(data: &Bound<'_, PyAny>, origin: &str) -> PyResult<Self> {
        Ok(Graph {
            inner: read_json(data, origin)?,
        })
    }

    /// Reads a graph file written by `graphex extract` (node-link JSON).
    #[staticmethod]
    fn read(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let text =
            std::fs::read_to_string(&path).map_err(|e| py_err(graphex::Error::io(&path, e)))?;
        Ok(Graph {
            inner: parse_json(py, text, &path.display().to_string())?,
        })
    }

    /// The node-link JSON, the bytes `graphex extract -o FILE.json` writes, as `str`.
    #[pyo3(signature = (*, links = false))]
    fn to_json(&self, py: Python<'_>, links: bool) -> PyResult<String> {
        let bytes = py.detach(|| self.json_bytes(links))?;
        String::from_utf8(bytes).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The node-link JSON as `bytes` (what engines ship between workers).
    #[pyo3(signature = (*, links = false))]
    fn to_bytes<'py>(&self, py: Python<'py>, links: bool) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = py.detach(|| self.json_bytes(links))?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Writes the graph to `path` atomically, in the format its extension names (or `format`).
    #[pyo3(signature = (path, format = None, *, links = false, cypher_dialect = None, label_language = None))]
    fn write(
        &self,
        py: Python<'_>,
        path: PathBuf,
        format: Option<&str>,
        links: bool,
        cypher_dialect: Option<&str>,
        label_language: Option<&str>,
    ) -> PyResult<()> {
        let format = match format {
            Some(f) => f.parse::<Format>().map_err(py_err)?,
            None => Format::from_path(&path).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "{}: cannot tell the format from the extension; give format= ({})",
                    path.display(),
                    Format::ALL.map(|(n, _)| n).join(", ")
                ))
            })?,
        };
        let mut options = ExportOptions {
            json_links: links,
            ..ExportOptions::default()
        };
        if let Some(d) = cypher_dialect {
            options.cypher_dialect = d.parse().map_err(py_err)?;
        }
        if let Some(l) = label_language {
            options.label_language = l.to_string();
        }
        py.detach(|| export::write_path_with(&self.inner, format, &options, &path))
            .map_err(py_err)
    }

    /// The graph as a `networkx.MultiDiGraph`, equal to `networkx.node_link_graph(json.loads(g.to_json()),
    /// edges="edges")`; with `inline_sentences=True` each evidence item also carries its `sentence` text.
    #[pyo3(signature = (*, inline_sentences = false))]
    fn to_networkx<'py>(
        &self,
        py: Python<'py>,
        inline_sentences: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let records = export::json::records(&self.inner, inline_sentences).map_err(json_err)?;
        let nx = py.import("networkx")?;
        let g = nx.call_method0("MultiDiGraph")?;
        let attrs = g.getattr("graph")?;
        if let serde_json::Value::Object(o) = &records.graph {
            for (k, v) in o {
                attrs.set_item(k, py_of(py, v)?)?;
            }
        }
        let add_node = g.getattr("add_node")?;
        for node in &records.nodes {
            if let serde_json::Value::Object(o) = node {
                let kwargs = PyDict::new(py);
                let mut id = None;
                for (k, v) in o {
                    if k == "id" {
                        id = Some(py_of(py, v)?);
                    } else {
                        kwargs.set_item(k, py_of(py, v)?)?;
                    }
                }
                if let Some(id) = id {
                    // Attributes through update, so that a key such as "node_for_adding" is never a clash.
                    add_node.call1((&id,))?;
                    g.getattr("nodes")?
                        .get_item(&id)?
                        .call_method1("update", (kwargs,))?;
                }
            }
        }
        let add_edge = g.getattr("add_edge")?;
        for edge in &records.edges {
            if let serde_json::Value::Object(o) = edge {
                let data = PyDict::new(py);
                let (mut s, mut t, mut key) = (None, None, None);
                for (k, v) in o {
                    match k.as_str() {
                        "source" => s = Some(py_of(py, v)?),
                        "target" => t = Some(py_of(py, v)?),
                        "key" => key = Some(py_of(py, v)?),
                        _ => data.set_item(k, py_of(py, v)?)?,
                    }
                }
                if let (Some(s), Some(t), Some(key)) = (s, t, key) {
                    add_edge.call1((&s, &t, &key))?;
                    g.call_method1("get_edge_data", (&s, &t, &key))?
                        .call_method1("update", (data,))?;
                }
            }
        }
        Ok(g)
    }

    /// The nodes as dicts (the JSON's node records).
    fn nodes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let records = export::json::records(&self.inner, true).map_err(json_err)?;
        py_list(py, &records.nodes)
    }

    /// The edges as dicts (the JSON's edge records, each evidence item with its `sentence` text).
    fn edges<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let records = export::json::records(&self.inner, true).map_err(json_err)?;
        py_list(py, &records.edges)
    }

    /// The `sentences` table: one dict per evidence sentence (`doc`, `start`, `end`, `text`).
    fn sentences<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let records = export::json::records(&self.inner, false).map_err(json_err)?;
        py_list(py, &records.sentences)
    }

    /// `graphex stats --json` as a dict.
    #[pyo3(signature = (top = 10))]
    fn stats<'py>(&self, py: Python<'py>, top: usize) -> PyResult<Bound<'py, PyAny>> {
        let stats = py.detach(|| Stats::of(&self.inner, top));
        py_of(py, &serde_json::to_value(&stats).map_err(json_err)?)
    }

    /// A readable part of the graph (the CLI's `--min-weight`, `--relations-only`, `--type`, `--focus`,
    /// `--depth`, `--top`, `--rank`).
    #[pyo3(signature = (*, min_weight = 0, relations_only = false, types = Vec::new(), focus = None,
                        depth = 1, top = None, rank = "mentions"))]
    #[allow(clippy::too_many_arguments)]
    fn filter(
        &self,
        py: Python<'_>,
        min_weight: u64,
        relations_only: bool,
        types: Vec<String>,
        focus: Option<String>,
        depth: usize,
        top: Option<usize>,
        rank: &str,
    ) -> PyResult<Graph> {
        let rank = match rank {
            "mentions" => Rank::Mentions,
            "degree" => Rank::Degree,
            other => {
                return Err(PyValueError::new_err(format!(
                    "rank must be \"mentions\" or \"degree\" (got {other:?})"
                )))
            }
        };
        let filter = Filter {
            min_weight,
            relations_only,
            types: types.into_iter().collect(),
            focus,
            depth,
            top,
            rank,
        };
        let inner = py.detach(|| filter.apply(&self.inner)).map_err(py_err)?;
        Ok(Graph { inner })
    }

    /// Number of documents the graph was extracted from.
    #[getter]
    fn document_count(&self) -> u64 {
        self.inner.document_count
    }

    /// Number of nodes.
    #[getter]
    fn node_count(&self) -> usize {
        self.inner.nodes.len()
    }

    /// Number of edges.
    #[getter]
    fn edge_count(&self) -> usize {
        self.inner.edges.len()
    }

    fn __len__(&self) -> usize {
        self.inner.nodes.len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<Graph>() {
            Ok(o) => self.inner == o.get().inner,
            Err(_) => false,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "Graph({} documents, {} nodes, {} edges)",
            self.inner.document_count,
            self.inner.nodes.len(),
            self.inner.edges.len()
        )
    }

    /// Pickled as its JSON bytes (engines ship graphs between processes).
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let py = slf.py();
        let from_json = py.get_type::<Graph>().getattr("from_json")?;
        Ok((from_json, (slf.get().to_bytes(py, false)?,)))
    }
}

/// Merges graphs (or their JSON, as str or bytes): associative and commutative, so any order and grouping
/// gives the same bytes.
#[pyfunction]
fn merge(py: Python<'_>, graphs: &Bound<'_, PyAny>) -> PyResult<Graph> {
    let mut merged: Option<graphex::Graph> = None;
    for (i, item) in graphs.try_iter()?.enumerate() {
        let item = item?;
        let g = match item.cast::<Graph>() {
            Ok(g) => g.get().inner.clone(),
            Err(_) => read_json(&item, &format!("graph {i}"))?,
        };
        merged = Some(match merged.take() {
            None => g,
            Some(mut m) => {
                if m.window != g.window {
                    return Err(PyValueError::new_err(format!(
                        "graph {i}: built with window {} where the first was {}: merging them would mix \
                         incomparable weights",
                        g.window.as_str(),
                        m.window.as_str()
                    )));
                }
                py.detach(|| m.merge(g));
                m
            }
        });
    }
    let mut inner = merged.unwrap_or_default();
    // As `graphex merge`: documents no capped list cites any more lose their metadata.
    inner.prune_documents();
    Ok(Graph { inner })
}

/// The graphex version the module was built from.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Extractor>()?;
    m.add_class::<Graph>()?;
    m.add_class::<DictRows>()?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
