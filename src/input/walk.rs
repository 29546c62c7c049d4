//! Turning the paths a user gave into the files to read, like ripgrep:
//! directories are walked in parallel-friendly sorted order, `.gitignore` is
//! respected, hidden files are skipped; a file named explicitly is always read.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use super::Format;
use crate::error::InputError;

/// A file to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileJob {
    /// As shown in findings: the user's path, or the walk's path below it.
    pub display: String,
    pub path: PathBuf,
    /// `None` when the name does not say: the content decides.
    pub format: Option<Format>,
}

/// The files below `paths`, in a stable order, and the paths that could not
/// be read.
pub fn collect(
    paths: &[PathBuf],
    hidden: bool,
    no_ignore: bool,
) -> (Vec<FileJob>, Vec<InputError>) {
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    walk(
        paths,
        hidden,
        no_ignore,
        |job| jobs.push(job),
        |e| errors.push(e),
    );
    (jobs, errors)
}

/// Hands each file below `paths` to `found` as the walk reaches it, in the
/// order of [`collect`], and each path that cannot be read to `failed`.
pub fn walk(
    paths: &[PathBuf],
    hidden: bool,
    no_ignore: bool,
    mut found: impl FnMut(FileJob),
    mut failed: impl FnMut(InputError),
) {
    for path in paths {
        let display = path.display().to_string();
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                failed(InputError::new(display, describe_io(&e)));
                continue;
            }
        };
        if !metadata.is_dir() {
            found(FileJob {
                display,
                path: path.clone(),
                format: Format::from_path(path),
            });
            continue;
        }
        let walker = WalkBuilder::new(path)
            .hidden(!hidden)
            .git_ignore(!no_ignore)
            .git_global(!no_ignore)
            .git_exclude(!no_ignore)
            .ignore(!no_ignore)
            .parents(!no_ignore)
            .require_git(false)
            .follow_links(true)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if !entry.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let file = entry.path();
                    if is_project_file(file) {
                        continue;
                    }
                    if let Some(format) = Format::from_path(file) {
                        found(FileJob {
                            display: file.display().to_string(),
                            path: file.to_path_buf(),
                            format: Some(format),
                        });
                    }
                }
                Err(e) => failed(walk_error(path, &e)),
            }
        }
    }
}

/// Files a walk passes over although their extension is an input format's:
/// a folder's README, changelog or licence, and package manifests, are not
/// canned responses or exports. Named explicitly, they are still read.
fn is_project_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    matches!(
        stem.as_str(),
        "README"
            | "CHANGELOG"
            | "CHANGES"
            | "LICENSE"
            | "LICENCE"
            | "CONTRIBUTING"
            | "CODE_OF_CONDUCT"
            | "SECURITY"
    ) || matches!(
        name,
        "package.json" | "package-lock.json" | "composer.json" | "tsconfig.json"
    )
}

fn walk_error(root: &Path, error: &ignore::Error) -> InputError {
    let mut path = root.display().to_string();
    let mut current = error;
    loop {
        match current {
            ignore::Error::WithPath { path: p, err } => {
                path = p.display().to_string();
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                current = err
            }
            ignore::Error::Loop { child, .. } => {
                return InputError::new(child.display().to_string(), "symbolic link loop; skipped");
            }
            ignore::Error::Io(e) => return InputError::new(path, describe_io(e)),
            other => return InputError::new(path, other.to_string()),
        }
    }
}

/// An I/O error in words a user can act on.
pub fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_lowercase(),
                None => text,
            }
        }
    }
}
