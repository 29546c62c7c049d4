//! Grouping the mails of an mbox into conversations.
//!
//! Mails are linked through `Message-ID`, `In-Reply-To` and `References`
//! (a reply whose parent is missing from the file still joins its siblings
//! through the ids they share). A mail without either header whose subject
//! has a reply prefix (`Re:`, `Ответ:`, `Sv:`, `Απ:`, …) joins the first
//! mail with the same subject once the prefixes are removed. Threads come in
//! the order of their first mail in the file; the mails of a thread are
//! ordered by date (a mail without a date keeps its place after the mail
//! before it).

use std::collections::HashMap;

use crate::input::email::message::Mail;
use crate::input::email::role::{has_reply_prefix, normalise_subject};

/// The mails of each thread, as indices into `mails`.
pub fn group(mails: &[Mail]) -> Vec<Vec<usize>> {
    let mut sets = DisjointSets::new(mails.len());
    let mut id_nodes: HashMap<&str, usize> = HashMap::new();
    for (index, mail) in mails.iter().enumerate() {
        let ids = mail.message_id.iter().chain(&mail.parents);
        for id in ids.filter(|id| !id.is_empty()) {
            let node = *id_nodes.entry(id.as_str()).or_insert_with(|| sets.add());
            sets.union(index, node);
        }
    }
    let mut first_by_subject: HashMap<String, usize> = HashMap::new();
    for (index, mail) in mails.iter().enumerate() {
        let Some(subject) = mail.subject.as_deref() else {
            continue;
        };
        let key = normalise_subject(subject);
        if key.is_empty() {
            continue;
        }
        match first_by_subject.get(&key) {
            Some(&first) if mail.parents.is_empty() && has_reply_prefix(subject) => {
                sets.union(index, first);
            }
            Some(_) => {}
            None => {
                first_by_subject.insert(key, index);
            }
        }
    }
    let mut threads: Vec<Vec<usize>> = Vec::new();
    let mut thread_of_root: HashMap<usize, usize> = HashMap::new();
    for index in 0..mails.len() {
        let root = sets.find(index);
        let thread = *thread_of_root.entry(root).or_insert_with(|| {
            threads.push(Vec::new());
            threads.len() - 1
        });
        threads[thread].push(index);
    }
    for thread in &mut threads {
        sort_by_date(mails, thread);
    }
    threads
}

/// Orders a thread by date; an undated mail sorts with the mail before it.
fn sort_by_date(mails: &[Mail], thread: &mut [usize]) {
    let mut last = i64::MIN;
    let mut keyed: Vec<(i64, usize)> = thread
        .iter()
        .map(|&index| {
            if let Some(ts) = mails[index].timestamp {
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

/// Union-find over mails and the ids they mention.
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

    /// Joins two sets; the smaller root (the earlier mail) stays the root.
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
    use crate::input::email::mapped::MappedText;
    use crate::input::email::role::Sender;

    fn mail(id: &str, parents: &[&str], subject: &str, timestamp: Option<i64>) -> Mail {
        Mail {
            sender: Sender::default(),
            timestamp,
            subject: Some(subject.into()),
            message_id: (!id.is_empty()).then(|| id.to_string()),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            reply: MappedText::default(),
            had_history: false,
            quoted: MappedText::default(),
            line: 1,
        }
    }

    #[test]
    fn ids_link_threads_and_dates_order_them() {
        let mails = [
            mail("a", &[], "Order", Some(100)),
            mail("x", &[], "Other", Some(50)),
            mail("c", &["b"], "Re: Order", Some(400)),
            mail("b", &["a"], "Re: Order", Some(300)),
            mail("", &[], "RE: other", None),
            mail("d", &["missing"], "Re: Lost", Some(10)),
            mail("e", &["missing"], "Re: Lost", Some(5)),
        ];
        assert_eq!(group(&mails), [vec![0, 3, 2], vec![1, 4], vec![6, 5]]);
    }

    #[test]
    fn a_new_mail_with_a_known_subject_is_its_own_thread() {
        let mails = [
            mail("a", &[], "Help", Some(1)),
            mail("b", &[], "Help", Some(2)),
        ];
        assert_eq!(group(&mails), [vec![0], vec![1]]);
    }
}
