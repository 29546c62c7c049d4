//! What a run can change about the engine: language, thresholds, which rules
//! run and how severe they are.

use std::collections::HashMap;

use crate::config::PathIgnore;
use crate::rules::Severity;
use crate::transcript::Role;

/// Reply-time thresholds, in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    pub chat_slow: i64,
    pub chat_wait: i64,
    pub email_slow: i64,
    pub email_wait: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            chat_slow: 5 * 60,
            chat_wait: 2 * 60,
            email_slow: 24 * 3600,
            email_wait: 24 * 3600,
        }
    }
}

/// Settings of one run.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Forces every message into this language (`--lang`); `None` detects.
    pub language: Option<String>,
    pub thresholds: Thresholds,
    /// Rule ids or categories to run; empty runs all.
    pub select: Vec<String>,
    /// Rule ids or categories not to run.
    pub ignore: Vec<String>,
    /// Rule id or category → severity.
    pub severity: HashMap<String, Severity>,
    /// Findings dropped by path (`per-path-ignores` in the config).
    pub path_ignores: Vec<PathIgnore>,
    /// The folder path globs are relative to (the config file's).
    pub path_base: Option<std::path::PathBuf>,
    /// Speaker labels added by the config, for every language.
    pub labels: Vec<(String, Role)>,
}

/// Parses a duration like `90s`, `5m`, `2h`, `1d` (a bare number is minutes).
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "m"),
    };
    let value: i64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration like 90s, 5m, 2h or 1d"))?;
    let factor = match unit.trim() {
        "s" | "sec" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86400,
        _ => return Err(format!("`{text}` is not a duration like 90s, 5m, 2h or 1d")),
    };
    Ok(value * factor)
}

/// A duration in the unit a person would say it in.
pub fn format_duration(seconds: i64) -> String {
    if seconds % 86400 == 0 && seconds >= 86400 {
        format!("{} d", seconds / 86400)
    } else if seconds >= 3600 && seconds % 60 == 0 && seconds >= 2 * 3600 {
        let hours = seconds as f64 / 3600.0;
        if seconds % 3600 == 0 {
            format!("{} h", seconds / 3600)
        } else {
            format!("{hours:.1} h")
        }
    } else if seconds >= 60 {
        if seconds % 60 == 0 {
            format!("{} min", seconds / 60)
        } else {
            format!("{} min {} s", seconds / 60, seconds % 60)
        }
    } else {
        format!("{seconds} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_format() {
        assert_eq!(parse_duration("90s"), Ok(90));
        assert_eq!(parse_duration("5m"), Ok(300));
        assert_eq!(parse_duration("24h"), Ok(86400));
        assert_eq!(parse_duration("7"), Ok(420));
        assert!(parse_duration("soon").is_err());
        assert_eq!(format_duration(300), "5 min");
        assert_eq!(format_duration(750), "12 min 30 s");
        assert_eq!(format_duration(86400), "1 d");
        assert_eq!(format_duration(3 * 3600), "3 h");
    }
}
