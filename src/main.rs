fn main() -> std::process::ExitCode {
    couth::cli::main()
}
