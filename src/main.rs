/// mimalloc rather than the system's allocator. Compiling a pack's regexes
/// is most of a short batch and allocates all the time (the regex crate's
/// parser and compilers): with glibc, malloc and free were 16 % of a run
/// over 400 mails, and threads freeing each other's blocks waited on its
/// arena locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    couth::cli::main()
}
