//! Broken inputs never panic and never stop the batch (issue 7).
//!
//! `fixtures/broken/` holds the broken inputs that can live in git (its
//! README lists each with the error it gives); the ones that cannot (a 50 MB
//! line, an unreadable file, a file that vanished, symbolic link loops, a
//! folder where a file is expected) are made here in a temporary folder.
//! Every test runs the real binary the way CI or a QA batch does.
//!
//! Formats whose readers may not be in this build (JSON, JSON Lines, email)
//! are checked precisely only when `Format` knows them: see
//! [`per_format_expectations`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use couth::input::Format;
use serde_json::Value;

/// A generous bound for the big-input tests: about 7 s each on an idle
/// machine in a debug build (dependencies optimised); the quadratic
/// behaviours they guard against took minutes to hours.
const SLOW: Duration = Duration::from_secs(60);

const GOOD: &[&str] = &[
    "fixtures/chat/en/clean.txt",
    "fixtures/chat/en/sins.txt",
    "fixtures/chat/sv/sins.txt",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn couth(args: &[&str]) -> Output {
    couth_with_stdin(args, None)
}

fn couth_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_couth"))
        .current_dir(root())
        .args(args)
        .env("NO_COLOR", "1")
        .env("CI", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run couth");
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            stderr(output)
        )
    })
}

fn assert_no_panic(output: &Output) {
    let err = stderr(output);
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "a panic reached stderr:\n{err}"
    );
}

/// `path → [(rule, line, column)]` of a JSON report's findings.
fn findings_by_path(report: &Value) -> BTreeMap<String, Vec<(String, u64, u64)>> {
    let mut map: BTreeMap<String, Vec<(String, u64, u64)>> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        map.entry(f["path"].as_str().unwrap().to_string())
            .or_default()
            .push((
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            ));
    }
    map
}

/// `path → [(line, message)]` of a JSON report's errors.
fn errors_by_path(report: &Value) -> BTreeMap<String, Vec<(Option<u64>, String)>> {
    let mut map: BTreeMap<String, Vec<(Option<u64>, String)>> = BTreeMap::new();
    for e in report["errors"].as_array().unwrap() {
        map.entry(e["path"].as_str().unwrap().to_string())
            .or_default()
            .push((
                e["line"].as_u64(),
                e["message"].as_str().unwrap().to_string(),
            ));
    }
    map
}

fn supported(format: &str) -> bool {
    format.parse::<Format>().is_ok()
}

/// Whether this process can read a file whatever its permissions (root,
/// or CAP_DAC_OVERRIDE): then `chmod 000` does not make a file unreadable.
fn reads_anything(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::File::open(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    readable
}

/// The broken inputs that cannot live in git, made in `dir`; returns
/// `(path as given to couth, expected message)` of each one couth must name
/// in an error, and the paths of good files among them.
struct Made {
    /// Paths to give couth.
    args: Vec<String>,
    /// `(path in the error, line, what its message says)`.
    errors: Vec<(String, Option<u64>, &'static str)>,
    /// Good files whose findings must be reported.
    good: Vec<String>,
}

fn make_runtime_cases(dir: &Path) -> Made {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let good_chat = std::fs::read_to_string(root().join("fixtures/chat/en/sins.txt")).unwrap();
    let mut made = Made {
        args: Vec::new(),
        errors: Vec::new(),
        good: Vec::new(),
    };
    let shown = |p: &Path| p.display().to_string();

    // A file that cannot be read. chmod 000 stops everyone but root; as
    // root (CI containers) a link to /proc/self/mem is unreadable instead:
    // reading its first page fails with EIO whoever reads it.
    let unreadable = dir.join("unreadable.txt");
    if reads_anything(dir) {
        symlink("/proc/self/mem", &unreadable).unwrap();
        made.errors
            .push((shown(&unreadable), None, "input/output error"));
    } else {
        std::fs::write(&unreadable, &good_chat).unwrap();
        std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
        made.errors
            .push((shown(&unreadable), None, "permission denied"));
    }
    made.args.push(shown(&unreadable));

    // A file that vanished: a link to nothing, named explicitly.
    let vanished = dir.join("vanished.txt");
    symlink(dir.join("deleted-before-the-run.txt"), &vanished).unwrap();
    made.args.push(shown(&vanished));
    made.errors
        .push((shown(&vanished), None, "no such file or directory"));

    // A link to itself, named explicitly.
    let self_loop = dir.join("self-loop.txt");
    symlink(&self_loop, &self_loop).unwrap();
    made.args.push(shown(&self_loop));
    made.errors
        .push((shown(&self_loop), None, "too many levels of symbolic links"));

    // A folder with a link back to itself, walked: the loop is reported
    // once and the folder's own file is still checked.
    let walked = dir.join("walked");
    std::fs::create_dir(&walked).unwrap();
    std::fs::write(walked.join("chat.txt"), &good_chat).unwrap();
    symlink(&walked, walked.join("again")).unwrap();
    made.args.push(shown(&walked));
    made.errors
        .push((shown(&walked.join("again")), None, "symbolic link loop"));
    made.good.push(shown(&walked.join("chat.txt")));
    // In the walked folder: a link to nothing is an error; a named pipe is
    // skipped (reading it would wait for a writer forever).
    symlink(dir.join("nowhere"), walked.join("gone.txt")).unwrap();
    made.errors.push((
        shown(&walked.join("gone.txt")),
        None,
        "no such file or directory",
    ));
    let fifo = Command::new("mkfifo")
        .arg(walked.join("pipe.txt"))
        .status()
        .expect("mkfifo");
    assert!(fifo.success());

    // A folder named like a file is a folder: it is walked.
    let folder = dir.join("named-like-a-file.txt");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("inner.txt"), &good_chat).unwrap();
    made.args.push(shown(&folder));
    made.good.push(shown(&folder.join("inner.txt")));

    // A file used as a folder.
    let through_a_file = dir.join("walked/chat.txt/inner.txt");
    made.args.push(shown(&through_a_file));
    made.errors
        .push((shown(&through_a_file), None, "not a directory"));
    made
}

/// What each broken fixture must give: `(path, line, words in the message)`.
/// Only formats this build reads are listed (see [`per_format_expectations`]).
fn fixture_errors() -> Vec<(String, Option<u64>, &'static str)> {
    let mut expected = vec![
        (
            "fixtures/broken/binary.log".to_string(),
            None,
            "binary file (it contains NUL bytes); skipped",
        ),
        (
            "fixtures/broken/empty.txt".to_string(),
            None,
            "empty file: there is no text to check",
        ),
        (
            "fixtures/broken/invalid-utf8.txt".to_string(),
            Some(3),
            "invalid UTF-8 here and on 1 more line; decoded with replacement characters",
        ),
    ];
    expected.extend(
        per_format_expectations()
            .into_iter()
            .filter(|e| supported(e.format))
            .filter_map(|e| {
                e.error
                    .map(|(line, words)| (e.path.to_string(), line, words))
            }),
    );
    expected
}

/// A broken fixture of a format whose reader lives in another branch.
struct FormatExpectation {
    path: &'static str,
    format: &'static str,
    /// The error's line (`None`: no line, or any line) and words its
    /// message must contain; `None` when the reader may read the file
    /// without an error (it must still not panic).
    error: Option<(Option<u64>, &'static str)>,
    /// Lines of the file that must still have findings.
    lines_with_findings: &'static [u64],
}

/// The broken fixtures of the JSON, JSON Lines and email readers; each is
/// checked only when `Format` knows its format (a build without the reader
/// does not read the file when it walks the folder).
fn per_format_expectations() -> Vec<FormatExpectation> {
    vec![
        FormatExpectation {
            path: "fixtures/broken/truncated.json",
            format: "json",
            error: Some((Some(8), "not closed")),
            lines_with_findings: &[],
        },
        FormatExpectation {
            path: "fixtures/broken/wrong-shape.json",
            format: "json",
            error: Some((Some(1), "expected a conversation object")),
            lines_with_findings: &[],
        },
        FormatExpectation {
            path: "fixtures/broken/one-bad-line.jsonl",
            format: "jsonl",
            error: Some((Some(3), "not closed")),
            lines_with_findings: &[2, 5],
        },
        FormatExpectation {
            path: "fixtures/broken/unknown-charset.eml",
            format: "email",
            error: Some((Some(8), "x-kettleworks-8")),
            lines_with_findings: &[13, 14],
        },
        // mail-parser reads the parts it can find; the part cut by the
        // broken boundary is reported at its Content-Type line.
        FormatExpectation {
            path: "fixtures/broken/broken-boundary.eml",
            format: "email",
            error: Some((Some(12), "broken")),
            lines_with_findings: &[],
        },
    ]
}

/// The "done when": couth over the whole broken folder mixed with
/// good fixtures and the broken inputs made at run time.
#[test]
fn broken_inputs_mixed_with_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let made = make_runtime_cases(dir.path());

    // The good files alone: what the mixed run must report for them.
    let mut alone_args = vec!["check", "--no-config", "--format", "json"];
    alone_args.extend(GOOD);
    let alone = couth(&alone_args);
    assert_eq!(alone.status.code(), Some(1), "{}", stderr(&alone));
    let alone = findings_by_path(&json(&alone));
    assert_eq!(alone.len(), 2, "clean.txt has no findings: {alone:?}");

    let mut args: Vec<&str> = vec!["check", "--no-config", "--format", "json"];
    args.push("fixtures/broken");
    args.extend(GOOD);
    args.extend(made.args.iter().map(String::as_str));
    let output = couth(&args);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_no_panic(&output);
    let report = json(&output);
    let findings = findings_by_path(&report);
    let errors = errors_by_path(&report);

    // Every good file's findings, exactly as when checked alone.
    for (path, list) in &alone {
        assert_eq!(findings.get(path), Some(list), "findings of {path}");
    }
    let sins = &findings["fixtures/chat/en/sins.txt"];
    for expected in [
        ("robotic-opener", 2, 24),
        ("bureaucratese", 4, 24),
        ("jargon", 4, 87),
        ("rulebook", 8, 36),
        ("transfer-brush-off", 10, 24),
    ] {
        let expected = (expected.0.to_string(), expected.1, expected.2);
        assert!(sins.contains(&expected), "{expected:?} not in {sins:?}");
    }
    for path in &made.good {
        assert_eq!(
            findings.get(path),
            alone.get("fixtures/chat/en/sins.txt"),
            "findings of {path}"
        );
    }
    // The invalid UTF-8 file is still checked, past its bad lines.
    let utf8 = &findings["fixtures/broken/invalid-utf8.txt"];
    assert!(
        utf8.contains(&("bureaucratese".to_string(), 4, 23)),
        "{utf8:?}"
    );

    // One clear error per bad file, naming it (and the line where there is one).
    let mut expected = fixture_errors();
    expected.extend(made.errors.iter().cloned());
    for (path, line, words) in &expected {
        let found = errors.get(path).unwrap_or_else(|| {
            panic!("no error names {path}; errors: {errors:#?}");
        });
        assert_eq!(found.len(), 1, "one error for {path}: {found:?}");
        let (found_line, message) = &found[0];
        if line.is_some() {
            assert_eq!(found_line, line, "line of the error for {path}: {message}");
        }
        assert!(
            message.contains(words),
            "{path}: {message:?} lacks {words:?}"
        );
    }
    let named: Vec<&String> = expected.iter().map(|(p, _, _)| p).collect();
    for path in errors.keys() {
        assert!(
            named.contains(&path),
            "unexpected error for {path}: {:?}",
            errors[path]
        );
    }

    // Formats of other branches: what must hold once their readers are in.
    for e in per_format_expectations() {
        if !supported(e.format) {
            eprintln!(
                "note: no `{}` reader in this build; {} was not read",
                e.format, e.path
            );
            continue;
        }
        let lines: Vec<u64> = findings
            .get(e.path)
            .map(|list| list.iter().map(|f| f.1).collect())
            .unwrap_or_default();
        for line in e.lines_with_findings {
            assert!(
                lines.contains(line),
                "{}: no finding on line {line}: {lines:?}",
                e.path
            );
        }
    }

    // The human report: every error on stderr as `error: path[:line]: …`,
    // the good files' findings on stdout.
    let mut human_args = args.clone();
    human_args.splice(2..4, ["--format", "human"]);
    let human = couth(&human_args);
    assert_eq!(human.status.code(), Some(2));
    assert_no_panic(&human);
    let err = stderr(&human);
    for (path, line, _) in &expected {
        let prefix = match line {
            Some(line) => format!("error: {path}:{line}: "),
            None => format!("error: {path}: "),
        };
        assert!(err.contains(&prefix), "{prefix:?} not in stderr:\n{err}");
    }
    let out = String::from_utf8_lossy(&human.stdout);
    for path in alone.keys().chain(&made.good) {
        assert!(
            out.contains(path.as_str()),
            "{path} not in the human report"
        );
    }
}

/// Every output format is complete and well-formed when some files failed,
/// and the same with one thread or four.
#[test]
fn every_output_format_survives_failed_files() {
    let mut base = vec!["check", "--no-config", "fixtures/broken"];
    base.extend(GOOD);
    for format in [
        "human", "concise", "json", "jsonl", "sarif", "github", "junit",
    ] {
        let run = |threads: &str| {
            let mut args = base.clone();
            args.extend(["--format", format, "-j", threads]);
            couth(&args)
        };
        let one = run("1");
        let four = run("4");
        assert_eq!(one.status.code(), Some(2), "{format}: {}", stderr(&one));
        assert_no_panic(&one);
        assert_eq!(
            one.stdout, four.stdout,
            "{format}: stdout differs by threads"
        );
        assert_eq!(
            one.stderr, four.stderr,
            "{format}: stderr differs by threads"
        );
        let out = String::from_utf8(one.stdout.clone()).expect("UTF-8 output");
        match format {
            "json" | "sarif" => {
                json(&one);
            }
            "jsonl" => {
                for line in out.lines() {
                    serde_json::from_str::<Value>(line)
                        .unwrap_or_else(|e| panic!("jsonl line is not JSON ({e}): {line}"));
                }
                assert!(out.contains("binary file"), "errors are in the JSON lines");
            }
            "junit" => {
                roxmltree::Document::parse(&out).expect("well-formed JUnit XML");
            }
            _ => {}
        }
        if format != "junit" && format != "sarif" {
            for path in ["fixtures/chat/en/sins.txt", "fixtures/chat/sv/sins.txt"] {
                assert!(out.contains(path), "{format}: {path} missing from stdout");
            }
        }
    }
}

#[test]
fn the_empty_and_the_binary_file_alone() {
    let output = couth(&["check", "--no-config", "fixtures/broken/empty.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: fixtures/broken/empty.txt: empty file: there is no text to check\n"
    );
    let output = couth(&["check", "--no-config", "fixtures/broken/binary.log"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: fixtures/broken/binary.log: binary file (it contains NUL bytes); skipped\n"
    );
    // A draft on stdin the same way.
    let output = couth_with_stdin(&["check", "--no-config", "--stdin"], Some(b"  \n"));
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: <stdin>: empty file: there is no text to check\n"
    );
    let output = couth_with_stdin(
        &["check", "--no-config", "--stdin"],
        Some(b"\x1f\x8b\x08\x00\x00\x00\x00\x00"),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("binary file"),
        "{}",
        stderr(&output)
    );
}

/// A device that never ends is refused from its first bytes.
#[test]
fn an_endless_device_is_refused_at_once() {
    let start = Instant::now();
    let output = couth(&["check", "--no-config", "/dev/zero"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: /dev/zero: binary file (it contains NUL bytes); skipped\n"
    );
    assert!(start.elapsed() < SLOW);
}

/// Files over the size limit are refused by their size, before reading (a
/// sparse file takes no disk space).
#[test]
fn a_file_over_the_size_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.txt");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(couth::input::MAX_FILE_BYTES + 1).unwrap();
    drop(file);
    let good = root().join("fixtures/chat/en/sins.txt");
    let output = couth(&[
        "check",
        "--no-config",
        "--format",
        "json",
        huge.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let report = json(&output);
    let errors = errors_by_path(&report);
    assert_eq!(
        errors[huge.to_str().unwrap()],
        vec![(
            None,
            "file too large (257 MiB; couth reads files up to 256 MiB); \
             split it into smaller files"
                .to_string()
        )]
    );
    assert!(findings_by_path(&report).contains_key(good.to_str().unwrap()));
}

/// A 50 MB chat log on one line is checked, quickly, with the right column.
#[test]
fn a_50_mb_single_line_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-line.txt");
    let label = "[10:00] Agent (Maria): ";
    let filler = "we will look into your parcel today and write back soon ";
    let tail = "Please be advised that the ETA is Friday.";
    let repeats = 50_000_000 / filler.len();
    let mut text = String::with_capacity(label.len() + filler.len() * repeats + tail.len() + 1);
    text.push_str(label);
    for _ in 0..repeats {
        text.push_str(filler);
    }
    text.push_str(tail);
    text.push('\n');
    std::fs::write(&path, &text).unwrap();
    let eta_column = (text.find("ETA").unwrap() + 1) as u64;

    let start = Instant::now();
    let output = couth(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--select",
        "jargon,bureaucratese,wall-of-text",
        path.to_str().unwrap(),
    ]);
    let elapsed = start.elapsed();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    let findings = &findings_by_path(&report)[path.to_str().unwrap()];
    assert!(
        findings.contains(&("jargon".to_string(), 1, eta_column)),
        "{findings:?}"
    );
    assert!(
        findings.contains(&("bureaucratese".to_string(), 1, eta_column - 27)),
        "{findings:?}"
    );
    assert!(
        findings.iter().any(|f| f.0 == "wall-of-text"),
        "{findings:?}"
    );
    assert!(elapsed < SLOW, "took {elapsed:?}");
}

/// Many findings on one long line cost time in proportion to the line, not
/// to the line times the findings (each finding used to count the
/// characters from the line's start and copy the whole line).
#[test]
fn many_findings_on_one_long_line_stay_fast() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let count = 100_000;
    let text = format!("Agent: {}\n", "Your RMA is ready. ".repeat(count));
    std::fs::write(&path, &text).unwrap();
    let start = Instant::now();
    let output = couth(&[
        "check",
        "--no-config",
        "--statistics",
        "--format",
        "json",
        "--select",
        "jargon",
        path.to_str().unwrap(),
    ]);
    let elapsed = start.elapsed();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let stats = json(&output);
    let jargon = stats
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rule"] == "jargon")
        .unwrap_or_else(|| panic!("{stats}"));
    assert_eq!(jargon["count"], count as u64, "{stats}");
    assert!(elapsed < SLOW, "took {elapsed:?}");
}

/// A word of megabytes (a pasted base64 blob) with patterns that could
/// match inside it at every character.
#[test]
fn one_enormous_word_stays_fast() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blob.txt");
    let text = format!(
        "Agent: Here is the file: data:image/png;base64,{} Thank you!\n",
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg"
            .repeat(40_000)
    );
    std::fs::write(&path, &text).unwrap();
    let start = Instant::now();
    let output = couth(&[
        "check",
        "--no-config",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    let elapsed = start.elapsed();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    json(&output);
    assert!(elapsed < SLOW, "took {elapsed:?}");
}

fn assert_source_error(output: &Output, location: &str, message: &str, extra: &[&str]) {
    assert_eq!(output.status.code(), Some(2), "{}", stderr(output));
    assert!(
        output.stdout.is_empty(),
        "nothing is checked with bad settings"
    );
    assert_no_panic(output);
    let err = stderr(output);
    assert!(err.contains(location), "{location:?} not in:\n{err}");
    assert!(err.contains(message), "{message:?} not in:\n{err}");
    // miette's underline of the offending text, and its label.
    assert!(
        err.contains('─') && err.contains("╰──"),
        "no underline in:\n{err}"
    );
    for words in extra {
        assert!(err.contains(words), "{words:?} not in:\n{err}");
    }
}

#[test]
fn bad_rule_packs_point_at_their_line() {
    let run = |pack: &str| {
        couth(&[
            "check",
            "--no-config",
            "--rules",
            &format!("fixtures/broken/bad-pack/{pack}"),
            "fixtures/chat/en/sins.txt",
        ])
    };
    assert_source_error(
        &run("invalid-regex"),
        "fixtures/broken/bad-pack/invalid-regex/en.toml:8:",
        "invalid regular expression",
        &["this pattern", "unclosed character class"],
    );
    assert_source_error(
        &run("unknown-rule"),
        "fixtures/broken/bad-pack/unknown-rule/en.toml:9:",
        "unknown rule id `talking-dwn`",
        &["did you mean `talking-down`?"],
    );
    assert_source_error(
        &run("duplicate-phrase"),
        "fixtures/broken/bad-pack/duplicate-phrase/en.toml:9:",
        "duplicate phrase `Synergy`",
        &["listed again here", "it is already listed on line 7"],
    );
}

#[test]
fn bad_configs_point_at_their_line() {
    let run = |config: &str| {
        couth(&[
            "check",
            "--config",
            &format!("fixtures/broken/bad-config/{config}/couth.toml"),
            "fixtures/chat/en/sins.txt",
        ])
    };
    assert_source_error(
        &run("unknown-key"),
        "fixtures/broken/bad-config/unknown-key/couth.toml:3:",
        "unknown field `fail_on`",
        &["fail-on"],
    );
    assert_source_error(
        &run("bad-value"),
        "fixtures/broken/bad-config/bad-value/couth.toml:6:",
        "unknown severity `critical` (expected error, warning or info)",
        &[],
    );
    // A folder where the config file should be.
    let output = couth(&[
        "check",
        "--config",
        "fixtures/broken/bad-config",
        "fixtures/chat/en/sins.txt",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: fixtures/broken/bad-config: cannot read the config file: is a directory\n"
    );
    // A rules folder that is not there.
    let output = couth(&[
        "check",
        "--no-config",
        "--rules",
        "fixtures/broken/no-such-packs",
        "fixtures/chat/en/sins.txt",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .starts_with("error: fixtures/broken/no-such-packs: cannot read the rules folder"),
        "{}",
        stderr(&output)
    );
}

/// The README of the broken fixtures names every file in the folder.
#[test]
fn the_broken_fixtures_readme_lists_every_file() {
    let dir = root().join("fixtures/broken");
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    for file in files {
        let name = file.strip_prefix(&dir).unwrap().display().to_string();
        if name == "README.md" || name == ".ignore" {
            continue;
        }
        assert!(
            readme.contains(&format!("`{name}`")),
            "README.md does not list `{name}`"
        );
    }
}
