//! The crate's one sort.
//!
//! Every ordering in the crate (queries, map markers and clusters, the
//! pictures) goes through [`sort_stable`], so the wasm holds one
//! instantiation of std's sort, on indices with a `dyn` comparator, instead
//! of one per item type and closure (each 2 to 4 KB).

use std::cmp::Ordering;

/// Sorts `items` stably by `cmp`.
pub(crate) fn sort_stable<T: Copy>(items: &mut [T], cmp: &dyn Fn(&T, &T) -> Ordering) {
    let order = sorted_order(items.len(), &|a, b| match (items.get(a), items.get(b)) {
        (Some(x), Some(y)) => cmp(x, y),
        _ => Ordering::Equal,
    });
    let sorted: Vec<T> = order
        .iter()
        .filter_map(|&i| items.get(i).copied())
        .collect();
    for (slot, item) in items.iter_mut().zip(sorted) {
        *slot = item;
    }
}

/// Sorts `items` in their natural order (stable; for a total order it is
/// what `sort_unstable` gives).
pub(crate) fn sort_ord<T: Copy + Ord>(items: &mut [T]) {
    sort_stable(items, &|a, b| a.cmp(b));
}

/// The indices `0..n` in the stable order of `cmp` (non-generic: the one
/// instantiation of the sort).
fn sorted_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}
