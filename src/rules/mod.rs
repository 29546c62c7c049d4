//! The rule catalog, the language packs, and their compilation to matchers.

pub mod catalog;
pub mod compile;
pub mod examples;
pub mod literal_set;
pub mod literals;
pub mod pack;
mod pack_file;
mod relax;
pub mod tables;

pub use catalog::{Anchor, Check, RuleDef, Severity};
pub use compile::{CompiledPack, ListKind, Matchers, Target};
pub use literal_set::Search;
pub use pack::{Item, Pack, RuleEntry, RuleSet};
