//! Where each node sits in the tree: its depth below its dimension, found with an explicit
//! path instead of recursion, so that a cycle of `parent` references or a chain of 100,000
//! indicators is a finding and never a stack overflow. Every later walk over the tree (checks,
//! scoring, reports) recurses once per level, so the depth cap below bounds all of them.

// Indexing is in range here: state is sized to parents; every node ix and parent ix is below that
// len (assigned by compile).
#![allow(clippy::indexing_slicing)]

use super::super::resolved::NodeIx;

/// Most levels of indicators below a dimension. Real indices have 2 to 5; the cap only stops
/// generated or broken definitions, and keeps every recursion over the tree shallow.
pub(crate) const MAX_DEPTH: usize = 64;

/// A node's place in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// Levels below its root: 0 for a dimension, and for an indicator whose parent could not
    /// be resolved (that reference is reported on its own).
    Depth(usize),
    /// In a cycle, below one, or deeper than [`MAX_DEPTH`]: left out of the tree.
    Cut,
}

/// What is wrong with the shape of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Problem {
    /// The nodes of one cycle, each followed by its parent, starting with the node defined
    /// first.
    Cycle(Vec<NodeIx>),
    /// The first node of a chain that is deeper than [`MAX_DEPTH`] (its depth is
    /// `MAX_DEPTH + 1`); the nodes below it are cut without a finding of their own.
    TooDeep(NodeIx),
}

#[derive(Clone, Copy)]
enum State {
    Unknown,
    OnPath,
    Done(Place),
}

/// The place of every node, given each node's parent. Linear in the number of nodes: each
/// node is put on a path once.
pub(super) fn place(parents: &[Option<NodeIx>]) -> (Vec<Place>, Vec<Problem>) {
    let mut state = vec![State::Unknown; parents.len()];
    let mut problems = Vec::new();
    let mut path: Vec<NodeIx> = Vec::new();
    for start in 0..parents.len() {
        if !matches!(state[start], State::Unknown) {
            continue;
        }
        path.clear();
        let mut at = start;
        // Walk up until a node whose place is known, a root, or a node already on this path.
        let base = loop {
            match state[at] {
                State::Done(p) => break p,
                State::OnPath => {
                    let from = path.iter().position(|&n| n == at).unwrap_or(0);
                    let mut cycle = path.split_off(from);
                    for &n in &cycle {
                        state[n] = State::Done(Place::Cut);
                    }
                    let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                    cycle.rotate_left(first);
                    problems.push(Problem::Cycle(cycle));
                    break Place::Cut;
                }
                State::Unknown => match parents[at] {
                    None => {
                        state[at] = State::Done(Place::Depth(0));
                        break Place::Depth(0);
                    }
                    Some(p) => {
                        state[at] = State::OnPath;
                        path.push(at);
                        at = p;
                    }
                },
            }
        };
        // Back down the path: each node one level below the one above it.
        let mut above = base;
        for &n in path.iter().rev() {
            let here = match above {
                Place::Cut => Place::Cut,
                Place::Depth(d) if d >= MAX_DEPTH => {
                    problems.push(Problem::TooDeep(n));
                    Place::Cut
                }
                Place::Depth(d) => Place::Depth(d + 1),
            };
            state[n] = State::Done(here);
            above = here;
        }
    }
    let places = state
        .into_iter()
        .map(|s| match s {
            State::Done(p) => p,
            // Every node is placed by the loop above; a stray state counts as cut.
            State::Unknown | State::OnPath => Place::Cut,
        })
        .collect();
    (places, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depths_of_a_small_tree() {
        // 0 is a dimension; 1 under 0; 2 under 1; 3 has an unresolved parent.
        let (places, problems) = place(&[None, Some(0), Some(1), None]);
        assert_eq!(
            places,
            [
                Place::Depth(0),
                Place::Depth(1),
                Place::Depth(2),
                Place::Depth(0)
            ]
        );
        assert!(problems.is_empty());
    }

    #[test]
    fn a_cycle_is_named_once_from_its_first_node_and_what_hangs_below_it_is_cut() {
        // 0 dimension; 1 -> 3 -> 2 -> 1 is a cycle; 4 hangs below 2; 5 is fine.
        let parents = [None, Some(3), Some(1), Some(2), Some(2), Some(0)];
        let (places, problems) = place(&parents);
        assert_eq!(problems, [Problem::Cycle(vec![1, 3, 2])]);
        assert_eq!(places[4], Place::Cut);
        assert_eq!(places[5], Place::Depth(1));
        assert!(places[1..4].iter().all(|p| *p == Place::Cut));
    }

    #[test]
    fn a_node_that_is_its_own_parent_is_a_cycle_of_one() {
        let (_, problems) = place(&[None, Some(1)]);
        assert_eq!(problems, [Problem::Cycle(vec![1])]);
    }

    #[test]
    fn a_chain_of_100000_is_cut_below_the_cap_with_one_finding() {
        // Node i's parent is i + 1 and the last node is the dimension: the first walk starts at
        // the deepest node and climbs the whole chain (where a recursive walk would overflow).
        let n = 100_000;
        let parents: Vec<Option<usize>> = (0..n).map(|i| (i + 1 < n).then_some(i + 1)).collect();
        let (places, problems) = place(&parents);
        let dim = n - 1;
        assert_eq!(places[dim], Place::Depth(0));
        assert_eq!(places[dim - MAX_DEPTH], Place::Depth(MAX_DEPTH));
        assert_eq!(problems, [Problem::TooDeep(dim - MAX_DEPTH - 1)]);
        assert_eq!(places[0], Place::Cut);
    }
}
