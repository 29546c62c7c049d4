//! couth: a conversation-quality linter.
//!
//! Rule packs (data, embedded from `rules/`) compile once into an [`Engine`];
//! readers turn chat logs, exports, mail and canned responses into
//! [`Transcript`]s; the engine returns [`Finding`]s that point at lines and
//! columns of the original files; reporters print them.
//!
//! ```
//! use couth::{Engine, Message, Role, Transcript, InputKind};
//!
//! let engine = Engine::embedded().unwrap();
//! let mut draft = Transcript::new("draft", InputKind::Draft);
//! draft.messages.push(Message::new(Role::Agent, "Please be advised that your RMA was rejected.", 1, 1));
//! let findings = engine.check(&draft);
//! assert!(findings.iter().any(|f| &*f.rule == "jargon"));
//! ```

pub mod batch;
pub mod cli;
pub mod config;
pub mod conversation;
pub mod corpus;
pub mod engine;
pub mod error;
pub mod finding;
pub mod input;
pub mod lang;
pub mod report;
pub mod rules;
pub mod scorecard;
pub mod transcript;

pub use conversation::{Conversation, ConversationResult};
pub use engine::{Checked, Engine, EngineError, Settings, Thresholds};
pub use error::{InputError, SourceError};
pub use finding::{Finding, Snippet};
pub use rules::{RuleSet, Severity};
pub use transcript::{Channel, InputKind, Message, Role, Section, SourceMap, Transcript};
