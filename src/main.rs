//! The `steppe` command line.

fn main() -> std::process::ExitCode {
    steppe::cli::main()
}
