//! The files of a batch, handed to its threads.
//!
//! Files are taken in order, except large ones: a thread takes a large
//! file as soon as the walk has found it, largest first. A large file
//! taken in its turn near the end of a batch (a CSV export of 5,000 rows
//! at the end of a folder) kept one thread reading it, its parse being
//! one piece of work, while the other had nothing left to do. Output stays
//! in order: a file finished ahead of its turn waits for it (see
//! `Emitter`), so only a few large files are ever taken ahead.

use std::collections::BTreeSet;
use std::sync::{Arc, Condvar, Mutex};

use super::{is_streamed, lock};
use crate::input::Format;
use crate::input::walk::FileJob;

/// A file this large (read whole, not streamed) is taken ahead of its turn.
pub(super) const LARGE_FILE_BYTES: u64 = 256 * 1024;

/// Which files a thread may take ahead of their turn.
#[derive(Clone, Copy, Debug)]
pub(super) enum TakeAhead {
    /// None: one thread, or order is all that matters.
    Never,
    /// Large files read whole, at most `limit` of them ahead at a time
    /// (each one's findings wait for its turn); `format` is the batch's
    /// `--format`, if any.
    Large {
        format: Option<Format>,
        limit: usize,
    },
}

/// The files of a batch in order, shared by its threads. A walk adds files
/// while the threads check the first ones; a thread that asks for a file
/// the walk has not reached yet waits for it.
pub(super) struct JobQueue {
    ahead: TakeAhead,
    state: Mutex<QueueState>,
    added: Condvar,
}

struct QueueState {
    jobs: Vec<Arc<FileJob>>,
    /// No more files will come.
    complete: bool,
    /// The next file in order that no thread has taken.
    next: usize,
    /// Large files not taken yet: (size, index).
    large: Vec<(u64, usize)>,
    /// Files taken ahead of `next`.
    taken_ahead: BTreeSet<usize>,
    /// Threads waiting for the walk (a file added wakes one, only then:
    /// a wake-up is a system call).
    waiting: usize,
}

impl JobQueue {
    pub(super) fn open(ahead: TakeAhead) -> Self {
        JobQueue {
            ahead,
            state: Mutex::new(QueueState {
                jobs: Vec::new(),
                complete: false,
                next: 0,
                large: Vec::new(),
                taken_ahead: BTreeSet::new(),
                waiting: 0,
            }),
            added: Condvar::new(),
        }
    }

    /// A closed queue of `jobs`.
    pub(super) fn complete(jobs: &[FileJob], ahead: TakeAhead) -> Self {
        let queue = JobQueue::open(ahead);
        for job in jobs {
            queue.push(job.clone());
        }
        queue.close();
        queue
    }

    pub(super) fn push(&self, job: FileJob) {
        let large = self.large_size(&job);
        let mut state = lock(&self.state);
        if let Some(size) = large {
            let index = state.jobs.len();
            state.large.push((size, index));
        }
        state.jobs.push(Arc::new(job));
        let wake = state.waiting > 0;
        drop(state);
        if wake {
            self.added.notify_one();
        }
    }

    /// The size of `job` when it is a large file a thread may take ahead.
    fn large_size(&self, job: &FileJob) -> Option<u64> {
        let TakeAhead::Large { format, .. } = self.ahead else {
            return None;
        };
        // A file of an unknown format may turn out to be streamed.
        let format = format.or(job.format)?;
        if is_streamed(format) {
            return None;
        }
        let size = std::fs::metadata(&job.path).ok()?.len();
        (size >= LARGE_FILE_BYTES).then_some(size)
    }

    pub(super) fn close(&self) {
        lock(&self.state).complete = true;
        self.added.notify_all();
    }

    /// Closes the queue when dropped.
    pub(super) fn closed_when_dropped(&self) -> impl Drop + '_ {
        struct Closer<'q>(&'q JobQueue);
        impl Drop for Closer<'_> {
            fn drop(&mut self) {
                self.0.close();
            }
        }
        Closer(self)
    }

    /// The next file to check and its index in the batch's order: the
    /// largest large file not taken yet (while few are ahead), else the
    /// next in order, waiting for the walk to find it; `None` once every
    /// file is taken.
    pub(super) fn take(&self) -> Option<(usize, Arc<FileJob>)> {
        let mut state = lock(&self.state);
        loop {
            if let Some(index) = state.take_large(self.ahead) {
                return Some((index, Arc::clone(&state.jobs[index])));
            }
            while state.taken_ahead.first() == Some(&state.next) {
                state.taken_ahead.pop_first();
                state.next += 1;
            }
            let index = state.next;
            if let Some(job) = state.jobs.get(index) {
                let job = Arc::clone(job);
                state.next += 1;
                state.large.retain(|&(_, large)| large != index);
                return Some((index, job));
            }
            if state.complete {
                return None;
            }
            state.waiting += 1;
            state = self
                .added
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            state.waiting -= 1;
        }
    }

    /// The files known so far.
    pub(super) fn len(&self) -> usize {
        lock(&self.state).jobs.len()
    }
}

impl QueueState {
    /// Takes the largest large file if fewer than the limit are ahead.
    fn take_large(&mut self, ahead: TakeAhead) -> Option<usize> {
        let TakeAhead::Large { limit, .. } = ahead else {
            return None;
        };
        if self.taken_ahead.len() >= limit {
            return None;
        }
        let (position, &(_, index)) = self
            .large
            .iter()
            .enumerate()
            .max_by_key(|&(_, &(size, index))| (size, std::cmp::Reverse(index)))?;
        self.large.swap_remove(position);
        if index != self.next {
            self.taken_ahead.insert(index);
        } else {
            self.next += 1;
        }
        Some(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn job(name: &str) -> FileJob {
        FileJob {
            display: name.to_string(),
            path: PathBuf::from(name),
            format: None,
        }
    }

    fn taken(queue: &JobQueue) -> Vec<usize> {
        std::iter::from_fn(|| queue.take().map(|(index, _)| index)).collect()
    }

    #[test]
    fn a_thread_asking_for_a_file_not_walked_yet_waits_for_it() {
        let queue = JobQueue::open(TakeAhead::Never);
        std::thread::scope(|scope| {
            let first = scope.spawn(|| queue.take().map(|(i, j)| (i, j.display.clone())));
            queue.push(job("a"));
            assert_eq!(first.join().unwrap(), Some((0, "a".to_string())));
            let second = scope.spawn(|| queue.take().map(|(i, _)| i));
            let third = scope.spawn(|| queue.take().map(|(i, _)| i));
            queue.push(job("b"));
            queue.close();
            // One of the two threads got "b", the other nothing.
            let mut got = [second.join().unwrap(), third.join().unwrap()];
            got.sort();
            assert_eq!(got, [None, Some(1)]);
        });
        // A walk that stops with a panic still closes the queue.
        let queue = JobQueue::open(TakeAhead::Never);
        let walk = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _closed = queue.closed_when_dropped();
            panic!("the walk failed");
        }));
        assert!(walk.is_err());
        assert!(queue.take().is_none());
    }

    /// Files of the given sizes (`.csv`, read whole).
    fn files(sizes: &[usize]) -> (tempfile::TempDir, Vec<FileJob>) {
        let dir = tempfile::tempdir().unwrap();
        let jobs = sizes
            .iter()
            .enumerate()
            .map(|(i, &size)| {
                let path = dir.path().join(format!("{i}.csv"));
                std::fs::write(&path, vec![b'x'; size]).unwrap();
                FileJob {
                    display: path.display().to_string(),
                    path,
                    format: Some(Format::Csv),
                }
            })
            .collect();
        (dir, jobs)
    }

    #[test]
    fn large_files_are_taken_first_largest_first_and_the_rest_in_order() {
        let large = LARGE_FILE_BYTES as usize;
        let (_dir, jobs) = files(&[10, large, 10, 10, large + 1, 10]);
        let ahead = |limit| TakeAhead::Large {
            format: None,
            limit,
        };
        assert_eq!(
            taken(&JobQueue::complete(&jobs, ahead(2))),
            [4, 1, 0, 2, 3, 5]
        );
        // With one ahead at a time, the second waits for its turn.
        assert_eq!(
            taken(&JobQueue::complete(&jobs, ahead(1))),
            [4, 0, 1, 2, 3, 5]
        );
        assert_eq!(
            taken(&JobQueue::complete(&jobs, TakeAhead::Never)),
            [0, 1, 2, 3, 4, 5]
        );
    }

    #[test]
    fn streamed_and_unnamed_files_are_never_taken_ahead() {
        let large = LARGE_FILE_BYTES as usize;
        let (_dir, mut jobs) = files(&[10, large, 10, large]);
        jobs[1].format = Some(Format::Jsonl);
        jobs[3].format = None;
        let ahead = TakeAhead::Large {
            format: None,
            limit: 2,
        };
        assert_eq!(taken(&JobQueue::complete(&jobs, ahead)), [0, 1, 2, 3]);
        // Unless the batch names a format read whole.
        let ahead = TakeAhead::Large {
            format: Some(Format::Csv),
            limit: 2,
        };
        assert_eq!(taken(&JobQueue::complete(&jobs, ahead)), [1, 3, 0, 2]);
    }
}
