//! Running an [`Extractor`] over a stream of documents on several threads.
//!
//! A reader thread reads documents into bounded batches; each batch is extracted in parallel (rayon) into
//! partial graphs that are merged. Memory holds at most a few batches of text plus the graph, whatever the
//! corpus size, and the result does not depend on the thread count (merge is order-independent).

use std::sync::mpsc::sync_channel;
use std::thread;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::extract::{Analysis, Extractor};
use crate::graph::accumulate::{Accumulator, DocExtraction};
use crate::graph::spill::Spill;
use crate::graph::Graph;
use crate::text::input::{Document, DocumentReader, Event, Input, ReadOptions};

/// Progress of a run, reported after every batch.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Documents processed so far.
    pub documents: u64,
    /// Bytes of text processed so far.
    pub bytes: u64,
    /// Total bytes to read, when known (files and in-memory texts; not standard input).
    pub total_bytes: u64,
}

/// What happened during a run besides the graph.
#[derive(Debug, Default)]
pub struct Report {
    /// Documents processed.
    pub documents: u64,
    /// Bytes of text processed.
    pub bytes: u64,
    /// Skipped or repaired inputs.
    pub warnings: Vec<String>,
    /// Inputs that could not be read: the graph is incomplete.
    pub errors: Vec<Error>,
    /// Wall time of reading, extracting and accumulating the documents.
    pub extraction: Duration,
    /// Wall time of building the graph from what was accumulated (and of writing the last spilled run).
    pub graph_building: Duration,
    /// Partial graphs spilled to disk under the memory budget (0: the graph stayed in memory).
    pub spilled_runs: usize,
    /// Bytes written to spilled runs.
    pub spilled_bytes: u64,
}

/// What a run produced: a graph in memory, or partial graphs spilled under a memory budget.
#[derive(Debug)]
pub enum Collected {
    /// The graph, in memory.
    Graph(Graph),
    /// Partial graphs on disk: [`Spill::write_json`] writes JSON from them without building the graph,
    /// [`Spill::into_graph`] builds it.
    Spilled(Spill),
}

impl Collected {
    /// The graph, merging spilled runs into memory if there are any.
    pub fn into_graph(self) -> Result<Graph> {
        match self {
            Collected::Graph(g) => Ok(g),
            Collected::Spilled(s) => s.into_graph(),
        }
    }
}

/// Runs an extractor over inputs. Options use the builder style.
#[derive(Debug, Clone)]
pub struct Pipeline {
    threads: usize,
    batch_bytes: usize,
    read: ReadOptions,
    memory_budget: Option<u64>,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline {
            threads: 0,
            batch_bytes: 4 << 20,
            read: ReadOptions::default(),
            memory_budget: None,
        }
    }
}

impl Pipeline {
    /// A pipeline with default options (all cores, 4 MiB batches, lenient reading).
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of worker threads; 0 means one per core.
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = n;
        self
    }

    /// Approximate bytes of text per batch.
    pub fn batch_bytes(mut self, n: usize) -> Self {
        self.batch_bytes = n.max(1);
        self
    }

    /// Strict reading: invalid UTF-8 and malformed JSON Lines records become errors.
    pub fn strict(mut self, strict: bool) -> Self {
        self.read.strict = strict;
        self
    }

    /// Bounds the memory of a run (the whole process's resident memory, as measured when the run starts,
    /// plus what the run adds) to about `bytes`: when the accumulated graph passes its share, it is spilled
    /// to a temporary folder as a sorted run, and the runs are merged at the end (see
    /// [`crate::graph::spill`]). The graph is the same as without a budget. `None` (the default): no bound.
    pub fn memory_budget(mut self, bytes: Option<u64>) -> Self {
        self.memory_budget = bytes;
        self
    }

    /// Extracts the graph of all documents of `inputs`.
    pub fn run(
        &self,
        extractor: &Extractor,
        inputs: &[Input],
        on_progress: impl FnMut(Progress),
    ) -> Result<(Graph, Report)> {
        self.run_observed(extractor, inputs, on_progress, |_, _| (), |_| ())
    }

    /// Like [`Pipeline::run`], leaving spilled runs on disk when the memory budget made the run spill,
    /// for a writer that streams from them.
    pub fn run_collected(
        &self,
        extractor: &Extractor,
        inputs: &[Input],
        mut on_progress: impl FnMut(Progress),
    ) -> Result<(Collected, Report)> {
        let reader = DocumentReader::new(inputs, self.read);
        let total_bytes = reader.total_bytes();
        self.run_events(
            extractor,
            reader,
            total_bytes,
            &mut on_progress,
            |_, _| (),
            &mut |_| (),
        )
    }

    /// Like [`Pipeline::run`], also calling `observe` on every document with its analysis (on the worker
    /// threads) and handing the results to `collect`, one batch at a time in input order. This is how
    /// per-mention output is produced without the graph holding mentions (see [`crate::extract::mentions`]); with
    /// a no-op observer it costs nothing.
    pub fn run_observed<T: Send>(
        &self,
        extractor: &Extractor,
        inputs: &[Input],
        mut on_progress: impl FnMut(Progress),
        observe: impl Fn(&Document, &Analysis) -> T + Sync,
        mut collect: impl FnMut(Vec<T>),
    ) -> Result<(Graph, Report)> {
        let reader = DocumentReader::new(inputs, self.read);
        let total_bytes = reader.total_bytes();
        let (collected, report) = self.run_events(
            extractor,
            reader,
            total_bytes,
            &mut on_progress,
            observe,
            &mut collect,
        )?;
        Ok((collected.into_graph()?, report))
    }

    /// Extracts the graph of documents given one by one (by a program rather than read from files), for
    /// instance from another language's iterator. The iterator is consumed on a reader thread of its own
    /// while earlier batches are extracted; it is never collected whole. An `Err` item is recorded in the
    /// report's errors and the run goes on.
    pub fn run_documents(
        &self,
        extractor: &Extractor,
        documents: impl Iterator<Item = Result<Document>> + Send,
        mut on_progress: impl FnMut(Progress),
    ) -> Result<(Graph, Report)> {
        let events = documents.map(|d| match d {
            Ok(d) => Event::Document(d),
            Err(e) => Event::Error(e),
        });
        let (collected, report) = self.run_events(
            extractor,
            events,
            0,
            &mut on_progress,
            |_, _| (),
            &mut |_| (),
        )?;
        Ok((collected.into_graph()?, report))
    }

    /// The batch size: smaller under a tight memory budget (a 256th of it, at least 256 kB), since about
    /// eight batches of text are in flight at any time.
    fn effective_batch_bytes(&self) -> usize {
        match self.memory_budget {
            Some(b) => self.batch_bytes.min(
                usize::try_from(b / 256)
                    .unwrap_or(usize::MAX)
                    .max(256 << 10),
            ),
            None => self.batch_bytes,
        }
    }

    /// The accumulated bytes past which a run spills, for the budget (see [`Pipeline::memory_budget`]).
    fn spill_limit(&self, report: &mut Report) -> Option<usize> {
        let budget = self.memory_budget?;
        let baseline = resident_bytes().unwrap_or(0);
        // Batches of text in flight: two queued, one read, one extracted, one queued for and one in the
        // accumulator, with their extraction results.
        let in_flight = 8 * self.effective_batch_bytes() as u64;
        let spare = budget.saturating_sub(baseline + in_flight);
        // What the estimate leaves out (allocator slack, the memory of the runs already spilled that the
        // allocator keeps for reuse, sorting a run) is about as much again as what it counts, measured on
        // the bench corpus: a third of the spare memory for the accumulated graph.
        let limit = spare / 3;
        if limit < MIN_SPILL_BYTES {
            report.warnings.push(format!(
                "memory budget {} MB is below what the dictionaries and the batches in flight take ({} MB): \
                 the graph is spilled after every batch",
                budget / 1_000_000,
                (baseline + in_flight) / 1_000_000,
            ));
        }
        Some(limit as usize)
    }

    fn run_events<T: Send>(
        &self,
        extractor: &Extractor,
        reader: impl Iterator<Item = Event> + Send,
        total_bytes: u64,
        on_progress: &mut dyn FnMut(Progress),
        observe: impl Fn(&Document, &Analysis) -> T + Sync,
        collect: &mut dyn FnMut(Vec<T>),
    ) -> Result<(Collected, Report)> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .build()
            .map_err(|e| Error::Config(format!("cannot start {} threads: {e}", self.threads)))?;
        let batch_bytes = self.effective_batch_bytes();
        let mut report = Report::default();
        let spill_limit = self.spill_limit(&mut report);
        let started = Instant::now();
        let pool = &pool;
        let dict = extractor.matcher().dictionary();

        let acc = thread::scope(|scope| {
            let (tx, rx) = sync_channel::<(Vec<Document>, Vec<Event>)>(2);
            scope.spawn(move || {
                let mut docs = Vec::new();
                let mut other = Vec::new();
                let mut size = 0;
                for event in reader {
                    match event {
                        Event::Document(d) => {
                            size += d.text.len();
                            docs.push(d);
                        }
                        e => other.push(e),
                    }
                    if size >= batch_bytes || docs.len() >= 4096 {
                        if tx
                            .send((std::mem::take(&mut docs), std::mem::take(&mut other)))
                            .is_err()
                        {
                            return;
                        }
                        size = 0;
                    }
                }
                let _ = tx.send((docs, other));
            });
            // Accumulation runs on its own thread, overlapping the extraction of the next batch.
            let (acc_tx, acc_rx) = sync_channel::<(Vec<Document>, Vec<DocExtraction>)>(1);
            let accumulator = scope.spawn(move || -> Result<(Accumulator, Option<Spill>)> {
                let mut acc = extractor.accumulator();
                let mut spill: Option<Spill> = None;
                for (docs, extractions) in acc_rx {
                    for (doc, ex) in docs.iter().zip(&extractions) {
                        acc.add(doc, ex);
                    }
                    if spill_limit.is_some_and(|limit| acc.approx_bytes() > limit) {
                        let full = std::mem::replace(&mut acc, extractor.accumulator());
                        let runs = match &mut spill {
                            Some(s) => s,
                            None => spill.insert(Spill::new(full.window(), full.limits())?),
                        };
                        pool.install(|| full.spill_to(dict, runs))?;
                    }
                }
                Ok((acc, spill))
            });
            for (docs, events) in rx {
                for e in events {
                    match e {
                        Event::Warning(w) => report.warnings.push(w),
                        Event::Error(e) => report.errors.push(e),
                        Event::Document(_) => {}
                    }
                }
                report.documents += docs.len() as u64;
                report.bytes += docs.iter().map(|d| d.text.len() as u64).sum::<u64>();
                let results: Vec<(DocExtraction, T)> = pool.install(|| {
                    docs.par_iter()
                        .map(|d| {
                            let analysis = extractor.analyze_document(d);
                            let seen = observe(d, &analysis);
                            let links = extractor.links_of(d, &analysis);
                            (
                                DocExtraction {
                                    mentions: analysis.mentions,
                                    links,
                                    discovered: analysis.discovered,
                                },
                                seen,
                            )
                        })
                        .collect()
                });
                let (extractions, observed): (Vec<DocExtraction>, Vec<T>) =
                    results.into_iter().unzip();
                collect(observed);
                if acc_tx.send((docs, extractions)).is_err() {
                    break;
                }
                on_progress(Progress {
                    documents: report.documents,
                    bytes: report.bytes,
                    total_bytes,
                });
            }
            drop(acc_tx);
            accumulator.join()
        });
        let (acc, spill) =
            acc.map_err(|_| Error::Config("the accumulator thread panicked".into()))??;
        report.extraction = started.elapsed();
        let started = Instant::now();
        // On the pool, whose threads sort the edges.
        let collected = match spill {
            None => Collected::Graph(pool.install(|| acc.into_graph(dict))),
            Some(mut spill) => {
                if acc.document_count() > 0 {
                    pool.install(|| acc.spill_to(dict, &mut spill))?;
                }
                report.spilled_runs = spill.runs();
                report.spilled_bytes = spill.bytes();
                Collected::Spilled(spill)
            }
        };
        report.graph_building = started.elapsed();
        Ok((collected, report))
    }
}

/// Below this share of the budget for the graph, a run is warned that it spills after every batch.
const MIN_SPILL_BYTES: u64 = 8 << 20;

/// The resident memory of this process, in bytes (Linux: `/proc/self/status`; elsewhere `None`).
pub fn resident_bytes() -> Option<u64> {
    proc_kib("/proc/self/status", "VmRSS:")
}

/// The machine's physical memory, in bytes (Linux: `/proc/meminfo`; elsewhere `None`).
pub fn physical_memory() -> Option<u64> {
    proc_kib("/proc/meminfo", "MemTotal:")
}

fn proc_kib(path: &str, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}
