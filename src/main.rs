/// mimalloc instead of the system allocator: a build allocates millions of small strings
/// from several threads, where glibc's malloc spent about a tenth of the time (README,
/// Performance).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    manifesto::cli::run()
}
