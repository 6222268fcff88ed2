//! The library-level tests (they call `qbpc_index` directly, not the binary): one binary, each
//! area a module. Run one module with `cargo test --test lib MODULE::`.

#[path = "../support/paths.rs"]
#[allow(dead_code, reason = "each test binary uses part of the shared helpers")]
mod paths;
#[path = "../shapes_support/mod.rs"]
mod shapes_support;
#[path = "../../benches/support/synth.rs"]
#[allow(
    dead_code,
    reason = "the generator's other helpers serve the benchmarks"
)]
mod synth;
#[path = "../xlsx_support/mod.rs"]
mod xlsx_support;

mod aggregation_rules;
mod coinr;
mod columnar;
mod explain_properties;
mod fuzz_regressions;
mod platform_only;
mod properties;
mod rounding;
mod shapes_samples;
mod stage_imports;
mod xlsx_oracle;
