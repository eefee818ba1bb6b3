//! The `steppe` command line: a thin layer that parses arguments into a run specification,
//! calls the library, and turns its errors into diagnostics and exit codes.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
