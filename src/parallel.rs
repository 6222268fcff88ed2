//! Work split over the cores in consecutive ranges, results back in order: the one way the
//! large-run stages (pooling, row visits, tree evaluation, publication) use threads, so that
//! results never depend on the number of threads or on scheduling.

use std::ops::Range;

/// The cores to use: `QBPC_THREADS` when set to a number (1 = no extra threads), else the
/// available cores, at most 8 (the stages are memory-bound beyond that).
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| {
        std::env::var("QBPC_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            // A huge value spawned a thread per unit of work (a million threads for a million
            // rows): more threads than cores gain nothing.
            .map(|n| n.min(crate::stats::limits::MAX_THREADS))
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)))
    })
}

/// Threads for `units` units of work: one below `min_units` (starting threads would cost
/// more than it saves), else the available cores.
pub fn threads_for(units: usize, min_units: usize) -> usize {
    if units < min_units { 1 } else { cores() }
}

/// `f` on `threads` consecutive pieces of `0..n` (as equal as can be), on scoped threads;
/// the results in order. One thread (or `n < 2`) runs `f(0..n)` here. A panic in a thread is
/// raised again here, never dropped.
pub fn map_ranges<R: Send>(
    n: usize,
    threads: usize,
    f: impl Fn(Range<usize>) -> R + Sync,
) -> Vec<R> {
    if threads < 2 || n < 2 {
        return vec![f(0..n)];
    }
    let per = n.div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .step_by(per)
            .map(|start| s.spawn(move || f(start..(start + per).min(n))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Free `value` on a thread of its own. A million-row run's tables take tens of milliseconds
/// to free, which the caller need not wait for (a command line program may even exit first,
/// which frees everything at once). Without a thread, it is freed here.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // On a spawn error the closure, and with it the value, is dropped right here.
    let _ = std::thread::Builder::new()
        .name("qbpc-free".into())
        .spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_everything_once_in_order() {
        for threads in 1..5 {
            for n in 0..20 {
                let pieces = map_ranges(n, threads, |r| r.collect::<Vec<_>>());
                let flat: Vec<usize> = pieces.into_iter().flatten().collect();
                assert_eq!(flat, (0..n).collect::<Vec<_>>(), "{n} over {threads}");
            }
        }
    }

    #[test]
    #[should_panic(expected = "boom")]
    fn a_panic_in_a_thread_is_raised_again() {
        map_ranges(10, 2, |r| {
            if r.start > 0 {
                panic!("boom");
            }
        });
    }
}
