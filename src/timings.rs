//! Wall time per stage of a run, for `score --timings` and the benchmarks
//! (`docs/benchmarks.md`): where a large run spends its time, without a profiler.
//!
//! Recording is off unless [`enable`] was called, and then costs one clock read per stage.
//! The library only records; the command line prints ([`take`], and [`take_path`]: the
//! scoring path that ran).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ON: AtomicBool = AtomicBool::new(false);
static LOG: Mutex<Log> = Mutex::new(Log {
    last: None,
    stages: Vec::new(),
    path: None,
});

struct Log {
    last: Option<Instant>,
    stages: Vec<(&'static str, Duration)>,
    /// The scoring path of the last run, as `--timings` names it.
    path: Option<String>,
}

/// Start recording: stages are timed from now.
pub fn enable() {
    ON.store(true, Ordering::Relaxed);
    if let Ok(mut log) = LOG.lock() {
        log.last = Some(Instant::now());
        log.stages.clear();
        log.path = None;
    }
}

/// The scoring path that ran ("columnar", "general (columnar fell back: ...)").
pub fn path(ran: &impl std::fmt::Display) {
    if !ON.load(Ordering::Relaxed) {
        return;
    }
    if let Ok(mut log) = LOG.lock() {
        log.path = Some(ran.to_string());
    }
}

/// The scoring path recorded by the last run, if any.
pub fn take_path() -> Option<String> {
    LOG.lock().ok().and_then(|mut log| log.path.take())
}

/// The stage that ends now took the time since the previous mark (or [`enable`]).
#[inline]
pub fn mark(stage: &'static str) {
    if !ON.load(Ordering::Relaxed) {
        return;
    }
    let now = Instant::now();
    if let Ok(mut log) = LOG.lock() {
        let since = log.last.map_or(Duration::ZERO, |t| now - t);
        log.stages.push((stage, since));
        log.last = Some(now);
    }
}

/// The stages recorded so far, in order, and a fresh start.
pub fn take() -> Vec<(&'static str, Duration)> {
    match LOG.lock() {
        Ok(mut log) => {
            log.last = Some(Instant::now());
            std::mem::take(&mut log.stages)
        }
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_recorded_in_order_once_enabled() {
        enable();
        mark("a");
        mark("b");
        let stages = take();
        let names: Vec<&str> = stages.iter().map(|(s, _)| *s).collect();
        // Other tests of the crate may mark stages concurrently: ours are in order.
        let a = names.iter().position(|s| *s == "a").unwrap();
        let b = names.iter().position(|s| *s == "b").unwrap();
        assert!(a < b);
    }
}
