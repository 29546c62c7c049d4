//! A set of literals searched two ways: an Aho-Corasick automaton, fast per
//! byte but costly to build, for batches and long texts; and the literals
//! in byte order, walked like a trie at each position, which costs nothing
//! to build, for a lone short text such as a draft. Building the automata
//! of a pack was most of a draft's check. In a batch, the threads that need
//! an automaton while another thread builds it walk meanwhile instead of
//! waiting ([`LazyAutomaton`], also behind the automaton that searches for
//! two sets at once, `Matchers::normalized_pass`).

use std::borrow::Cow;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use aho_corasick::{AhoCorasick, BuildError, MatchKind};

/// Literals by id, searchable for every occurrence, overlapping ones too.
#[derive(Debug)]
pub struct LiteralSet {
    literals: Vec<Cow<'static, [u8]>>,
    /// Literal ids in the byte order of their literals…
    sorted: Vec<u32>,
    /// …and where those starting with each byte start in `sorted` (one
    /// more entry for the end): a walk's first step is a lookup.
    first_byte: Box<[u32; 257]>,
    automaton: LazyAutomaton,
}

/// An Aho-Corasick automaton built on first use, by one thread: while it
/// builds, a [`Search::Shared`] search elsewhere searches another way.
#[derive(Debug, Default)]
pub struct LazyAutomaton {
    /// `None` when the literals make no automaton (too many states).
    cell: OnceLock<Option<AhoCorasick>>,
    /// Set once a thread starts building it.
    building: AtomicBool,
}

impl LazyAutomaton {
    /// The automaton for a search as `search` says: built now (or waited
    /// for) with [`Search::Automaton`]; with [`Search::Shared`] built now
    /// unless another thread is building it (then `None`); with
    /// [`Search::Cheapest`] only if built already; never with
    /// [`Search::Walk`].
    pub fn get(
        &self,
        search: Search,
        build: impl FnOnce() -> Option<AhoCorasick>,
    ) -> Option<&AhoCorasick> {
        match search {
            Search::Walk => None,
            Search::Cheapest => self.cell.get().and_then(Option::as_ref),
            Search::Shared
                if self.cell.get().is_none() && self.building.swap(true, Ordering::Relaxed) =>
            {
                None
            }
            Search::Shared | Search::Automaton => self
                .cell
                .get_or_init(|| {
                    self.building.store(true, Ordering::Relaxed);
                    build()
                })
                .as_ref(),
        }
    }

    /// Whether building the automaton failed (the literals made too many
    /// states).
    pub fn failed(&self) -> bool {
        matches!(self.cell.get(), Some(None))
    }

    fn set(&self, automaton: AhoCorasick) {
        let _ = self.cell.set(Some(automaton));
    }
}

/// An automaton that finds every occurrence of `literals`, overlapping
/// ones too.
pub fn automaton<'a>(
    literals: impl IntoIterator<Item = &'a [u8]>,
) -> Result<AhoCorasick, BuildError> {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(literals)
}

/// How to search a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Search {
    /// With the automaton (built on first use).
    Automaton,
    /// By walking the sorted literals.
    Walk,
    /// With the automaton if it is built already, else by walking the
    /// sorted literals (for a short text checked on its own).
    Cheapest,
    /// With the automaton, built now if no other thread is building it;
    /// while one is, by walking the sorted literals (for a short text of a
    /// batch: the other threads go on checking rather than wait).
    Shared,
}

impl LiteralSet {
    /// A set of `literals`, each listed once (in byte order, ideally:
    /// sorting them is then a scan). With `eager` the automaton
    /// is built now, so that a pack's build error is reported when it is
    /// loaded; otherwise on first use.
    pub fn new(literals: Vec<Cow<'static, [u8]>>, eager: bool) -> Result<LiteralSet, BuildError> {
        let mut sorted: Vec<u32> = (0..literals.len() as u32).collect();
        sorted.sort_unstable_by(|&a, &b| literals[a as usize].cmp(&literals[b as usize]));
        let mut first_byte = Box::new([0u32; 257]);
        for &id in &sorted {
            if let Some(&byte) = literals[id as usize].first() {
                first_byte[byte as usize + 1] += 1;
            }
        }
        // The empty literal, if any, sorts first: before every byte's run.
        let empty = sorted.len() as u32 - first_byte.iter().sum::<u32>();
        first_byte[0] = empty;
        for byte in 1..257 {
            first_byte[byte] += first_byte[byte - 1];
        }
        let set = LiteralSet {
            literals,
            sorted,
            first_byte,
            automaton: LazyAutomaton::default(),
        };
        if eager && !set.literals.is_empty() {
            set.automaton.set(set.build()?);
        }
        Ok(set)
    }

    /// The literals, by id.
    pub fn literals(&self) -> &[Cow<'static, [u8]>] {
        &self.literals
    }

    fn build(&self) -> Result<AhoCorasick, BuildError> {
        automaton(self.literals.iter().map(|l| &l[..]))
    }

    /// Calls `found(id, start, end)` for every occurrence of a literal in
    /// `haystack` that starts at a byte offset `starts` accepts, until it
    /// returns false. Occurrences come ordered by their end (automaton) or
    /// their start (walk); those with the same start in order of length
    /// either way.
    pub fn for_each_match(
        &self,
        haystack: &[u8],
        search: Search,
        starts: impl Fn(usize) -> bool,
        mut found: impl FnMut(u32, usize, usize) -> bool,
    ) {
        if self.literals.is_empty() {
            return;
        }
        // Tested for the embedded packs; a user pack's is built eagerly.
        let build = || {
            let automaton = self.build();
            Some(automaton.unwrap_or_else(|e| panic!("cannot build a literal automaton: {e}")))
        };
        if let Some(automaton) = self.automaton.get(search, build) {
            for m in automaton.find_overlapping_iter(haystack) {
                if starts(m.start()) && !found(m.pattern().as_u32(), m.start(), m.end()) {
                    return;
                }
            }
            return;
        }
        for at in 0..=haystack.len() {
            if starts(at) && !self.walk(haystack, at, &mut found) {
                return;
            }
        }
    }

    /// The literals `haystack[at..]` starts with, shortest first: a trie
    /// walk over the sorted literals, narrowing the range that shares the
    /// text's first `depth` bytes one byte at a time.
    fn walk(
        &self,
        haystack: &[u8],
        at: usize,
        found: &mut impl FnMut(u32, usize, usize) -> bool,
    ) -> bool {
        let mut range = &self.sorted[..];
        let mut depth = 0;
        loop {
            // Literals as long as the shared prefix sort first in the range.
            while let Some((&id, rest)) = range.split_first() {
                if self.literals[id as usize].len() != depth {
                    break;
                }
                if !found(id, at, at + depth) {
                    return false;
                }
                range = rest;
            }
            let Some(&byte) = haystack.get(at + depth) else {
                return true;
            };
            if range.is_empty() {
                return true;
            }
            range = if depth == 0 {
                let byte = byte as usize;
                let runs = &self.first_byte;
                &self.sorted[runs[byte] as usize..runs[byte + 1] as usize]
            } else {
                let byte_of = |id: &u32| self.literals[*id as usize][depth];
                let first = range.partition_point(|id| byte_of(id) < byte);
                let end = range.partition_point(|id| byte_of(id) <= byte);
                &range[first..end]
            };
            depth += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occurrences(set: &LiteralSet, text: &str, search: Search) -> Vec<(u32, usize, usize)> {
        let mut out = Vec::new();
        set.for_each_match(
            text.as_bytes(),
            search,
            |_| true,
            |id, start, end| {
                out.push((id, start, end));
                true
            },
        );
        out.sort_unstable();
        out
    }

    #[test]
    fn the_walk_finds_what_the_automaton_finds() {
        let literals = [
            "a", "ab", "abc", "b", "bc", "c", "abd", "xyz", "é", "éa", "ζω",
        ];
        let texts = [
            "",
            "abc",
            "abcabd",
            "aaabbbccc",
            "xyzxy",
            "éaé ζωή",
            "ab ab abd",
            "z",
        ];
        let make = || {
            LiteralSet::new(
                literals
                    .iter()
                    .map(|l| Cow::Borrowed(l.as_bytes()))
                    .collect(),
                false,
            )
            .unwrap()
        };
        for text in texts {
            let walked = occurrences(&make(), text, Search::Walk);
            let automaton = occurrences(&make(), text, Search::Automaton);
            assert_eq!(walked, automaton, "{text:?}");
        }
        assert_eq!(
            occurrences(&make(), "abd", Search::Cheapest),
            vec![(0, 0, 1), (1, 0, 2), (3, 1, 2), (6, 0, 3)]
        );
    }

    #[test]
    fn a_built_automaton_is_used_and_starts_are_filtered() {
        let set = LiteralSet::new(vec![Cow::Borrowed(b"ab"), Cow::Borrowed(b"b")], true).unwrap();
        let mut seen = Vec::new();
        set.for_each_match(
            b"abab",
            Search::Cheapest,
            |at| at % 2 == 0,
            |id, s, e| {
                seen.push((id, s, e));
                true
            },
        );
        assert_eq!(seen, vec![(0, 0, 2), (0, 2, 4)]);
    }

    #[test]
    fn a_shared_search_builds_the_automaton_unless_another_thread_is_building_it() {
        let make = || LiteralSet::new(vec![Cow::Borrowed(b"ab"), Cow::Borrowed(b"b")], false);
        let expected = vec![(0, 0, 2), (1, 1, 2)];
        let first = make().unwrap();
        assert_eq!(occurrences(&first, "ab", Search::Shared), expected);
        assert!(first.automaton.cell.get().is_some());
        // Another thread is building it: this one walks meanwhile.
        let waiting = make().unwrap();
        waiting.automaton.building.store(true, Ordering::Relaxed);
        assert_eq!(occurrences(&waiting, "ab", Search::Shared), expected);
        assert!(waiting.automaton.cell.get().is_none());
        // A long text's search builds it too, and says so.
        let long = make().unwrap();
        assert_eq!(occurrences(&long, "ab", Search::Automaton), expected);
        assert!(long.automaton.building.load(Ordering::Relaxed));
    }

    #[test]
    fn an_automaton_that_cannot_be_built_is_built_once_and_says_so() {
        let lazy = LazyAutomaton::default();
        assert!(lazy.get(Search::Cheapest, || unreachable!()).is_none());
        assert!(lazy.get(Search::Walk, || unreachable!()).is_none());
        assert!(!lazy.failed());
        let mut builds = 0;
        for search in [Search::Automaton, Search::Shared, Search::Automaton] {
            let got = lazy.get(search, || {
                builds += 1;
                None
            });
            assert!(got.is_none());
        }
        assert_eq!(builds, 1);
        assert!(lazy.failed());
        let built = LazyAutomaton::default();
        let found = built.get(Search::Shared, || automaton([&b"ab"[..]]).ok());
        assert_eq!(found.map(|a| a.patterns_len()), Some(1));
        assert!(built.get(Search::Cheapest, || unreachable!()).is_some());
        assert!(!built.failed());
    }

    #[test]
    fn the_search_stops_when_asked() {
        let set = LiteralSet::new(vec![Cow::Borrowed(b"a")], false).unwrap();
        let mut count = 0;
        set.for_each_match(
            b"aaaa",
            Search::Cheapest,
            |_| true,
            |_, _, _| {
                count += 1;
                count < 2
            },
        );
        assert_eq!(count, 2);
    }
}
