fn main() -> std::process::ExitCode {
    manifesto::cli::run()
}
