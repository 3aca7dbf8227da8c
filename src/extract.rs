//! From one document to its partial graph: mentions, sentences, co-occurrence windows.
//!
//! [`Extractor::extract`] is a pure function of the document: it needs no shared mutable state, so documents
//! are processed on any thread in any order and their partial graphs merged (see [`crate::graph`]).

use crate::accumulate::{Accumulator, DocExtraction, Link, LinkKind};
use crate::dictionary::EntityIndex;
use crate::graph::{Evidence, Graph, Limits, Window};
use crate::input::Document;
use crate::matcher::{Matcher, Mention};
use crate::segment::{segment, Segmentation, Span};

/// Evidence excerpts longer than this (paragraph and document windows) are shortened; offsets stay exact.
const MAX_EXCERPT_BYTES: usize = 1000;

/// Options of an [`Extractor`], with documented defaults.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExtractorConfig {
    /// Co-occurrence window (default: sentence).
    pub window: Window,
    /// Size limits of the graph (default: 3 evidence items per edge, 1000 documents listed per node).
    pub limits: Limits,
}

/// Extracts partial graphs from documents. Build with [`Extractor::new`]; share by reference across threads.
#[derive(Debug)]
pub struct Extractor {
    matcher: Matcher,
    config: ExtractorConfig,
}

/// The analysis of one document: its mentions and, when needed, its segmentation.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
    /// Paragraphs and sentences (empty when fewer than two entities were found: nothing to link).
    pub segmentation: Segmentation,
    /// Per mention: the index of its sentence in `segmentation.sentences` (empty when not segmented).
    pub sentence_of: Vec<usize>,
}

impl Extractor {
    /// An extractor over a matcher.
    pub fn new(matcher: Matcher, config: ExtractorConfig) -> Self {
        Extractor { matcher, config }
    }

    /// The matcher (and through it the dictionary).
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The configuration.
    pub fn config(&self) -> &ExtractorConfig {
        &self.config
    }

    /// An empty graph with this extractor's window and limits.
    pub fn empty_graph(&self) -> Graph {
        Graph::new(self.config.window, self.config.limits)
    }

    /// Finds mentions and, when at least two distinct entities are mentioned, sentences.
    pub fn analyze(&self, text: &str) -> Analysis {
        let mentions = self.matcher.find(text);
        let first = mentions.first().map(|m| m.entity);
        let linked = mentions.iter().any(|m| Some(m.entity) != first);
        if !linked {
            return Analysis {
                mentions,
                segmentation: Segmentation::default(),
                sentence_of: Vec::new(),
            };
        }
        let segmentation = segment(text);
        let sentence_of = mentions
            .iter()
            .map(|m| segmentation.sentence_at(m.start).unwrap_or(0))
            .collect();
        Analysis {
            mentions,
            segmentation,
            sentence_of,
        }
    }

    /// The graph of one document.
    pub fn extract(&self, doc: &Document) -> Graph {
        let analysis = self.analyze(&doc.text);
        self.graph_of(doc, &analysis)
    }

    /// Builds the graph of a document from its analysis.
    pub fn graph_of(&self, doc: &Document, analysis: &Analysis) -> Graph {
        let ex = DocExtraction {
            mentions: analysis.mentions.clone(),
            links: self.links_of(analysis),
        };
        let mut acc = self.accumulator();
        acc.add(doc, &ex);
        acc.into_graph(self.matcher.dictionary())
    }

    /// The compact extraction of one document, for an [`Accumulator`]: the hot path.
    pub fn extract_doc(&self, doc: &Document) -> DocExtraction {
        let analysis = self.analyze(&doc.text);
        let links = self.links_of(&analysis);
        DocExtraction {
            mentions: analysis.mentions,
            links,
        }
    }

    /// An empty accumulator with this extractor's window and limits.
    pub fn accumulator(&self) -> Accumulator {
        Accumulator::new(self.config.window, self.config.limits)
    }

    /// The links of an analysed document: one co-occurrence per pair of entities per window.
    pub fn links_of(&self, a: &Analysis) -> Vec<Link> {
        let mut links = Vec::new();
        if a.sentence_of.is_empty() {
            return links;
        }
        let seg = &a.segmentation;
        let window_of = |i: usize| -> usize {
            match self.config.window {
                Window::Sentence => a.sentence_of[i],
                Window::Paragraph => seg
                    .sentences
                    .get(a.sentence_of[i])
                    .map_or(0, |s| s.paragraph),
                Window::Document => 0,
            }
        };
        let mut i = 0;
        // (entity, index of its first mention in the window), in order of first mention
        let mut first: Vec<(EntityIndex, usize)> = Vec::new();
        while i < a.mentions.len() {
            let w = window_of(i);
            let mut j = i;
            first.clear();
            while j < a.mentions.len() && window_of(j) == w {
                let e = a.mentions[j].entity;
                if !first.iter().any(|&(x, _)| x == e) {
                    first.push((e, j));
                }
                j += 1;
            }
            for (x, &(ea, ma)) in first.iter().enumerate() {
                for &(eb, mb) in &first[x + 1..] {
                    let span =
                        evidence_span(seg, a.sentence_of[ma.min(mb)], a.sentence_of[ma.max(mb)]);
                    links.push(Link {
                        source: ea,
                        target: eb,
                        kind: LinkKind::CoOccurrence,
                        span,
                        rule: None,
                        hedged: false,
                        implicit: false,
                        confidence: None,
                    });
                }
            }
            i = j;
        }
        links
    }
}

fn evidence_span(seg: &Segmentation, first: usize, last: usize) -> Span {
    let (a, b) = (&seg.sentences[first], &seg.sentences[last]);
    Span {
        start: a.span.start,
        end: b.span.end,
    }
}

/// Evidence for a span of a document; long spans keep exact offsets but a shortened text ending in `…`.
pub fn excerpt(doc: &Document, span: Span) -> Evidence {
    let mut text = &doc.text[span.start..span.end];
    let mut shortened = false;
    if text.len() > MAX_EXCERPT_BYTES {
        let mut cut = MAX_EXCERPT_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text = &text[..cut];
        shortened = true;
    }
    let mut sentence = text.to_string();
    if shortened {
        sentence.push('…');
    }
    Evidence {
        doc: doc.id.clone(),
        sentence,
        start: span.start,
        end: span.end,
        rule: None,
        hedged: false,
        implicit: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::DictionaryBuilder;
    use crate::graph::EdgeKey;

    fn extractor(window: Window) -> Extractor {
        let mut b = DictionaryBuilder::new();
        b.add_tsv(
            "t.tsv",
            "type\tname\taliases\tambiguous\nperson\tElon Musk\tMusk\tMusk\norganization\txAI\t\t\norganization\tOpenAI\t\t\nproduct\tGrok\t\t\n",
        )
        .unwrap();
        Extractor::new(
            Matcher::new(b.build()).unwrap(),
            ExtractorConfig {
                window,
                ..Default::default()
            },
        )
    }

    #[test]
    fn sentence_window_links_entities_of_the_same_sentence() {
        let doc = Document::new(
            "d1",
            "Elon Musk a fondé xAI. Musk critique OpenAI.\n\nGrok arrive.",
        );
        let g = extractor(Window::Sentence).extract(&doc);
        assert_eq!(g.nodes["person:Elon Musk"].mentions, 2);
        assert_eq!(
            g.nodes["person:Elon Musk"]
                .aliases
                .iter()
                .collect::<Vec<_>>(),
            vec!["Elon Musk", "Musk"]
        );
        let keys: Vec<(&str, &str)> = g
            .edges
            .keys()
            .map(|k| (k.source.as_str(), k.target.as_str()))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("organization:OpenAI", "person:Elon Musk"),
                ("organization:xAI", "person:Elon Musk")
            ]
        );
        let e = &g.edges.values().next().unwrap().evidence[0];
        assert_eq!(e.sentence, "Musk critique OpenAI.");
        assert_eq!(&doc.text[e.start..e.end], e.sentence);
    }

    #[test]
    fn wider_windows_link_more() {
        let doc = Document::new(
            "d1",
            "Elon Musk a fondé xAI. Musk critique OpenAI.\n\nGrok arrive.",
        );
        let g = extractor(Window::Paragraph).extract(&doc);
        assert_eq!(g.edges.len(), 3);
        let g = extractor(Window::Document).extract(&doc);
        assert_eq!(g.edges.len(), 6);
        let e = &g.edges[&EdgeKey {
            source: "organization:OpenAI".into(),
            target: "product:Grok".into(),
            key: "co_occurrence".into(),
        }];
        assert_eq!(
            e.evidence[0].sentence,
            "Musk critique OpenAI.\n\nGrok arrive."
        );
    }

    #[test]
    fn a_single_entity_gives_no_edge_and_no_segmentation() {
        let ex = extractor(Window::Sentence);
        let a = ex.analyze("Elon Musk, encore Elon Musk.");
        assert!(a.segmentation.sentences.is_empty());
        assert!(ex
            .extract(&Document::new("d", "Elon Musk, encore Elon Musk."))
            .edges
            .is_empty());
    }
}
