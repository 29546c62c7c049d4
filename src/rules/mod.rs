//! The rule catalog, the language packs, and their compilation to matchers.

pub mod catalog;
pub mod compile;
pub mod examples;
pub mod literals;
pub mod pack;
mod relax;

pub use catalog::{Anchor, Check, RuleDef, Severity};
pub use compile::{CompiledPack, ListKind, Target};
pub use pack::{Item, Pack, RuleEntry, RuleSet};
