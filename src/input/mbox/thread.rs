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
use crate::input::threads::ReplyLinks;

/// The mails of each thread, as indices into `mails`.
pub fn group(mails: &[Mail]) -> Vec<Vec<usize>> {
    let mut links = ReplyLinks::new(mails.len());
    for (index, mail) in mails.iter().enumerate() {
        for id in mail.message_id.iter().chain(&mail.parents) {
            links.id(index, id);
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
                links.join(index, first);
            }
            Some(_) => {}
            None => {
                first_by_subject.insert(key, index);
            }
        }
    }
    links.threads(|index| mails[index].timestamp)
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
