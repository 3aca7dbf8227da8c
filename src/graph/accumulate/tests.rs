//! Tests of [`super`].

use super::{merge_maps, permute_to, EdgeList, EDGE_CHUNK};
use crate::graph::{Edge, EdgeKind};
use std::collections::BTreeMap;

#[test]
fn an_edge_list_is_permuted_across_its_chunks() {
    let n = 2 * EDGE_CHUNK + EDGE_CHUNK / 2;
    for order in [
        (0..n as u32).rev().collect::<Vec<u32>>(),
        // Long cycles that jump between chunks.
        (0..n).map(|i| ((i * 7919) % n) as u32).collect(),
    ] {
        let mut list = EdgeList::default();
        for i in 0..n {
            let mut edge = Edge::new(EdgeKind::CoOccurrence);
            edge.weight = i as u64;
            assert_eq!(list.push(edge) as usize, i);
        }
        assert_eq!(list.chunks.len(), 3);
        let expected: Vec<u64> = order.iter().map(|&i| u64::from(i)).collect();
        let mut marks = order.clone();
        permute_to(&mut marks, |a, b| list.swap(a, b));
        let weights: Vec<u64> = list.iter().map(|e| e.weight).collect();
        assert!(weights == expected, "the edges are not in the order given");
        assert_eq!(list.get_mut(5).weight, expected[5]);
    }
}

#[test]
fn items_are_put_in_the_order_given() {
    // Fixed points, one long cycle, several short ones, reversal: every shape of permutation.
    let orders: Vec<Vec<u32>> = vec![
        vec![],
        vec![0],
        vec![1, 0],
        vec![0, 1, 2, 3],
        vec![1, 2, 3, 4, 0],
        vec![4, 0, 1, 2, 3],
        vec![1, 0, 3, 2, 4],
        (0..100).rev().collect(),
        (0..100).map(|i| (i * 37) % 100).collect(),
    ];
    for order in orders {
        let items: Vec<String> = (0..order.len()).map(|i| format!("item {i}")).collect();
        let expected: Vec<String> = order.iter().map(|&i| items[i as usize].clone()).collect();
        let mut permuted = items.clone();
        let mut marks = order.clone();
        permute_to(&mut marks, |a, b| permuted.swap(a, b));
        assert_eq!(permuted, expected, "order {order:?}");
    }
}

#[test]
fn node_documents_are_the_smallest_ids_whatever_the_arrival_order() {
    use super::{Accumulator, DocExtraction};
    use crate::graph::{Limits, Window};
    use crate::matching::Mention;
    use crate::text::input::Document;

    let mention = Mention {
        start: 0,
        end: 4,
        entity: 0,
        form: 0,
    };
    let ex = DocExtraction {
        mentions: vec![mention, mention],
        links: Vec::new(),
        discovered: Vec::new(),
    };
    let ids = ["d5", "d1", "d9", "d3", "d7", "d2", "d3", "d8", "d0"];
    // In id order (the fast path), reversed, and as given: same lists and counts.
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    let mut reversed = sorted.clone();
    reversed.reverse();
    for order in [ids.to_vec(), sorted, reversed] {
        let mut acc = Accumulator::new(
            Window::Sentence,
            Limits {
                max_evidence: 3,
                max_node_documents: 4,
                ..Limits::default()
            },
        );
        for id in &order {
            acc.add(&Document::new(*id, "Acme"), &ex);
        }
        let node = &acc.nodes[&0];
        let listed: Vec<(&str, u64)> = node.documents.iter().map(|(d, c)| (&**d, *c)).collect();
        assert_eq!(
            listed,
            [("d0", 2), ("d1", 2), ("d2", 2), ("d3", 4)],
            "order {order:?}"
        );
        assert_eq!((node.document_count, node.mentions), (9, 18));
    }
}

#[test]
fn maps_merged_pairwise_are_their_union() {
    for n in [0usize, 1, 2, 3, 10, 1000] {
        let expected: BTreeMap<String, usize> = (0..n).map(|i| (format!("{i:05}"), i)).collect();
        for pieces in [1, 2, 3, 7, 64] {
            // Interleaved pieces, not only contiguous ranges.
            let maps: Vec<BTreeMap<String, usize>> = (0..pieces)
                .map(|p| {
                    expected
                        .iter()
                        .filter(|(_, &v)| v % pieces == p)
                        .map(|(k, &v)| (k.clone(), v))
                        .collect()
                })
                .collect();
            let merged = merge_maps(maps);
            assert!(merged.iter().eq(expected.iter()), "n={n} pieces={pieces}");
        }
    }
}
