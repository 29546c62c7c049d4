//! Language handling: normalisation for matching and language detection.

pub mod detect;
pub mod normalize;

pub use detect::{Detection, Detector, Evidence, Script};
pub use normalize::{Normalized, normalize, normalize_into};
