//! Stage timings for profiling: with `MANIFESTO_TIMINGS=1` in the environment, every
//! stage wrapped in [`stage`] prints how long it took to stderr (`timing: load 412.3 ms`).
//! Without it, [`stage`] only runs the closure. The benchmarks (`benches/`) use it to say
//! where a build's time goes.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("MANIFESTO_TIMINGS").is_some_and(|v| v != "0"))
}

/// Run `f`; with `MANIFESTO_TIMINGS` set, report its wall time under `name`.
pub fn stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let started = Instant::now();
    let out = f();
    eprintln!(
        "timing: {name} {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    out
}
