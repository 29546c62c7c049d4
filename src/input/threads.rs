//! Grouping records (mails, rows of a Twitter-style export) into threads
//! by the ids they carry and the ids they reply to.
//!
//! A record joins every record that shares an id with it: its own id, or
//! the id of the record it answers. A reply whose parent is missing from
//! the input still joins its siblings through the parent id they share.
//! Threads come in the order of their first record in the input; the
//! records of a thread are ordered by date (a record without a date keeps
//! its place after the record before it).

use std::collections::HashMap;

/// Links between records, collected before the threads are formed.
pub struct ReplyLinks {
    records: usize,
    sets: DisjointSets,
    id_nodes: HashMap<String, usize>,
}

impl ReplyLinks {
    /// Links for records `0..records`.
    pub fn new(records: usize) -> ReplyLinks {
        ReplyLinks {
            records,
            sets: DisjointSets::new(records),
            id_nodes: HashMap::new(),
        }
    }

    /// Record `record` carries `id`, as its own or as the id of the record
    /// it replies to. Blank ids link nothing.
    pub fn id(&mut self, record: usize, id: &str) {
        let id = id.trim();
        if id.is_empty() {
            return;
        }
        let node = match self.id_nodes.get(id) {
            Some(&node) => node,
            None => {
                let node = self.sets.add();
                self.id_nodes.insert(id.to_string(), node);
                node
            }
        };
        self.sets.union(record, node);
    }

    /// Puts two records in the same thread.
    pub fn join(&mut self, a: usize, b: usize) {
        self.sets.union(a, b);
    }

    /// The records of each thread, as indices, threads in the order of
    /// their first record, each thread ordered by `timestamp`.
    pub fn threads(mut self, timestamp: impl Fn(usize) -> Option<i64>) -> Vec<Vec<usize>> {
        let mut threads: Vec<Vec<usize>> = Vec::new();
        let mut thread_of_root: HashMap<usize, usize> = HashMap::new();
        for index in 0..self.records {
            let root = self.sets.find(index);
            let thread = *thread_of_root.entry(root).or_insert_with(|| {
                threads.push(Vec::new());
                threads.len() - 1
            });
            threads[thread].push(index);
        }
        for thread in &mut threads {
            sort_by_date(thread, &timestamp);
        }
        threads
    }
}

/// Orders a thread by date; an undated record sorts with the record before
/// it.
fn sort_by_date(thread: &mut [usize], timestamp: impl Fn(usize) -> Option<i64>) {
    let mut last = i64::MIN;
    let mut keyed: Vec<(i64, usize)> = thread
        .iter()
        .map(|&index| {
            if let Some(ts) = timestamp(index) {
                last = ts;
            }
            (last, index)
        })
        .collect();
    keyed.sort_by_key(|&(key, _)| key);
    for (slot, (_, index)) in thread.iter_mut().zip(keyed) {
        *slot = index;
    }
}

/// Union-find over records and the ids they mention.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(len: usize) -> DisjointSets {
        DisjointSets {
            parent: (0..len).collect(),
        }
    }

    fn add(&mut self) -> usize {
        self.parent.push(self.parent.len());
        self.parent.len() - 1
    }

    fn find(&mut self, mut node: usize) -> usize {
        while self.parent[node] != node {
            self.parent[node] = self.parent[self.parent[node]];
            node = self.parent[node];
        }
        node
    }

    /// Joins two sets; the smaller root (the earlier record) stays the root.
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (keep, join) = if a < b { (a, b) } else { (b, a) };
            self.parent[join] = keep;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Threads of records given as (own id, replied-to id, time).
    fn threads(records: &[(&str, &str, Option<i64>)]) -> Vec<Vec<usize>> {
        let mut links = ReplyLinks::new(records.len());
        for (index, (id, parent, _)) in records.iter().enumerate() {
            links.id(index, id);
            links.id(index, parent);
        }
        links.threads(|index| records[index].2)
    }

    #[test]
    fn replies_join_their_parents_and_dates_order_them() {
        let records = [
            ("2", "1", Some(20)),
            ("9", "", Some(5)),
            ("1", "", Some(10)),
            ("3", "2", Some(30)),
            ("7", "lost", Some(8)),
            ("8", "lost", Some(7)),
        ];
        assert_eq!(threads(&records), [vec![2, 0, 3], vec![1], vec![5, 4]]);
    }

    #[test]
    fn blank_ids_link_nothing_and_undated_records_keep_their_place() {
        let records = [
            (" ", "", Some(3)),
            ("", " ", None),
            ("a", "", Some(2)),
            ("b", "a", None),
        ];
        assert_eq!(threads(&records), [vec![0], vec![1], vec![2, 3]]);
    }
}
