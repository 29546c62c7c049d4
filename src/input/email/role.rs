//! Who wrote a mail: the agent or the customer.
//!
//! With `--agent-domain` / `--agent-address` (or the same in `ReadOptions`)
//! a sender on an agent domain (or a subdomain of one), or with an agent
//! address, is an agent and everyone else a customer. Without them:
//!
//! - in a thread (mbox), whoever sent the first message is the customer and
//!   any other sender is an agent;
//! - a single `.eml` is the agent's when it is a reply (an `In-Reply-To` or
//!   `References` header, a reply prefix on the subject such as `Re:`,
//!   `Ответ:`, `Sv:`, `Απ:`, or quoted history in the body), and the
//!   customer's otherwise.

use std::sync::LazyLock;

use regex::Regex;

use crate::input::ReadOptions;
use crate::transcript::Role;

/// The sender of a mail as its `From:` header gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sender {
    pub name: Option<String>,
    pub address: Option<String>,
}

impl Sender {
    /// What findings show as the speaker: the display name, else the address.
    pub fn speaker(&self) -> Option<String> {
        self.name.clone().or_else(|| self.address.clone())
    }

    /// Who this is, for telling senders apart in a thread.
    pub fn identity(&self) -> Option<String> {
        self.address
            .as_deref()
            .or(self.name.as_deref())
            .map(|s| s.trim().to_lowercase())
    }
}

/// Whether agents are configured at all.
pub fn agents_configured(options: &ReadOptions) -> bool {
    !options.agent_domains.is_empty() || !options.agent_addresses.is_empty()
}

/// The role of `sender` under the configured agent domains and addresses.
pub fn configured_role(options: &ReadOptions, sender: &Sender) -> Role {
    let Some(address) = sender.address.as_deref().map(|a| a.trim().to_lowercase()) else {
        return Role::Customer;
    };
    let listed = options
        .agent_addresses
        .iter()
        .any(|a| clean(a).trim_start_matches('<').trim_end_matches('>') == address);
    let domain = address.rsplit_once('@').map_or("", |(_, d)| d);
    let on_domain = options.agent_domains.iter().any(|d| {
        let d = clean(d);
        let d = d.trim_start_matches('@');
        !d.is_empty() && (domain == d || domain.ends_with(&format!(".{d}")))
    });
    if listed || on_domain {
        Role::Agent
    } else {
        Role::Customer
    }
}

fn clean(text: &str) -> String {
    text.trim().to_lowercase()
}

static SUBJECT_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(re|aw|sv|vs|antw|odp|ответ|отв|απ|απάντηση|σχετ|fw|fwd|vb|wg|tr|rv|пересл|πρθ)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*",
    )
    .expect("valid subject prefix regex")
});

const FORWARD_PREFIXES: &[&str] = &["fw", "fwd", "vb", "wg", "tr", "rv", "пересл", "πρθ"];

/// A subject without its reply and forward prefixes, lower-cased and with
/// single spaces: the key that groups a thread when headers do not.
pub fn normalise_subject(subject: &str) -> String {
    let mut rest = subject;
    while let Some(m) = SUBJECT_PREFIX.find(rest) {
        rest = &rest[m.end()..];
    }
    rest.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a subject starts with a reply prefix (`Re:`, `Ответ:`, `Sv:`,
/// `Απ:`, …); forward prefixes do not count.
pub fn has_reply_prefix(subject: &str) -> bool {
    SUBJECT_PREFIX.captures(subject).is_some_and(|c| {
        let prefix = c[1].to_lowercase();
        !FORWARD_PREFIXES.contains(&prefix.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sender(address: &str) -> Sender {
        Sender {
            name: None,
            address: Some(address.into()),
        }
    }

    #[test]
    fn agents_by_domain_subdomain_and_address() {
        let options = ReadOptions {
            agent_domains: vec!["@Acme.example".into()],
            agent_addresses: vec!["<Help@Partner.example>".into()],
            ..Default::default()
        };
        assert!(agents_configured(&options));
        assert_eq!(
            configured_role(&options, &sender("maria@acme.example")),
            Role::Agent
        );
        assert_eq!(
            configured_role(&options, &sender("bo@support.acme.example")),
            Role::Agent
        );
        assert_eq!(
            configured_role(&options, &sender("help@partner.example")),
            Role::Agent
        );
        assert_eq!(
            configured_role(&options, &sender("anna@notacme.example")),
            Role::Customer
        );
        assert_eq!(
            configured_role(&options, &Sender::default()),
            Role::Customer
        );
    }

    #[test]
    fn subjects_lose_their_prefixes() {
        assert_eq!(
            normalise_subject("Re: RE[2]:  Fwd: Order  #12"),
            "order #12"
        );
        assert_eq!(normalise_subject("Ответ: Заказ"), "заказ");
        assert_eq!(normalise_subject("ΑΠ: Παραγγελία"), "παραγγελία");
        assert!(has_reply_prefix("Sv: Beställning"));
        assert!(has_reply_prefix("Απ: Παραγγελία"));
        assert!(!has_reply_prefix("Fwd: Order"));
        assert!(!has_reply_prefix("Reorder"));
    }
}
