//! The terminal scorecard (`couth report`, the default): a summary line, the
//! groups' numbers, their mean score per category, and the worst examples
//! with file and line. Plain text, at most 100 columns for group names up
//! to 36 characters (longer ones are shortened).

use std::io::{self, Write};

use super::BatchInfo;
use crate::scorecard::{Group, GroupBy, NotScored, Scorecard, Verdict};

/// The widest a line gets.
const WIDTH: usize = 100;
/// The widest the group column gets.
const KEY_WIDTH: usize = 36;

pub fn write(card: &Scorecard<'_>, batch: BatchInfo<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", summary(card, batch))?;
    let key_width = card
        .groups
        .iter()
        .chain([&card.total])
        .map(|g| g.key.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, KEY_WIDTH);
    writeln!(out)?;
    write_counts(card, key_width, out)?;
    writeln!(out)?;
    write_categories(card, key_width, out)?;
    writeln!(out)?;
    write_worst(card, out)
}

fn summary(card: &Scorecard<'_>, batch: BatchInfo<'_>) -> String {
    let total = &card.total;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut text = format!(
        "Scorecards by {}: {} in {}, {} scored",
        card.by,
        plural(total.conversations(), "conversation"),
        plural(batch.files_checked, "file"),
        total.scored,
    );
    if total.not_scored > 0 {
        let count = |reason| {
            card.verdicts
                .iter()
                .filter(|v| **v == Verdict::NotScored(reason))
                .count()
        };
        let reasons: Vec<String> = [NotScored::TooShort, NotScored::NoAgentMessage]
            .into_iter()
            .filter_map(|r| {
                let n = count(r);
                (n > 0).then(|| format!("{n} {}", r.as_str()))
            })
            .collect();
        text.push_str(&format!(
            ", {} not scored ({})",
            total.not_scored,
            reasons.join(", ")
        ));
    }
    text.push_str(&format!(
        "; pass mark {}.",
        trim_number(card.config.pass_threshold)
    ));
    if !batch.errors.is_empty() {
        text.push_str(&format!(
            " {} could not be read.",
            plural(batch.errors.len(), "input")
        ));
    }
    text
}

fn write_counts(card: &Scorecard<'_>, key_width: usize, out: &mut dyn Write) -> io::Result<()> {
    let headings = [
        "CONVS", "UNSCORED", "FINDINGS", "PER CONV", "SCORE", "PASS", "CRITICAL",
    ];
    let mut header = pad_right(&card.by.name().to_uppercase(), key_width);
    for heading in headings {
        header.push_str("  ");
        header.push_str(heading);
    }
    writeln!(out, "{}", header.trim_end())?;
    let line = |g: &Group<'_>| {
        let cells = [
            g.conversations().to_string(),
            g.not_scored.to_string(),
            g.findings.to_string(),
            fixed(g.findings_per_conversation(), 2),
            fixed(g.score, 1),
            g.pass_rate()
                .map_or("-".into(), |r| format!("{}%", r.round())),
            g.critical_failures.to_string(),
        ];
        let mut text = pad_right(
            &shorten(&g.key, key_width, card.by == GroupBy::File),
            key_width,
        );
        for (cell, heading) in cells.iter().zip(headings) {
            text.push_str("  ");
            text.push_str(&pad_left(cell, heading.len()));
        }
        text
    };
    for group in &card.groups {
        writeln!(out, "{}", line(group))?;
    }
    writeln!(out, "{}", "-".repeat(line(&card.total).chars().count()))?;
    writeln!(out, "{}", line(&card.total))
}

fn write_categories(card: &Scorecard<'_>, key_width: usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "Mean score per category, weight below (- = not applicable or not scored)"
    )?;
    let names: Vec<&str> = card.categories.names().collect();
    let mut header = pad_right(&card.by.name().to_uppercase(), key_width);
    let mut weights = " ".repeat(key_width);
    for name in &names {
        header.push_str(&format!(" {:>5}", abbreviation(name)));
        let weight = format!("({})", trim_number(card.config.weight(name)));
        weights.push_str(&format!(" {weight:>5}"));
    }
    writeln!(out, "{}", header.trim_end())?;
    writeln!(out, "{}", weights.trim_end())?;
    let line = |g: &Group<'_>| {
        let mut text = pad_right(
            &shorten(&g.key, key_width, card.by == GroupBy::File),
            key_width,
        );
        for value in &g.categories {
            text.push_str(&format!(" {:>5}", fixed(*value, 0)));
        }
        text
    };
    for group in &card.groups {
        writeln!(out, "{}", line(group))?;
    }
    writeln!(out, "{}", "-".repeat(line(&card.total).chars().count()))?;
    writeln!(out, "{}", line(&card.total))?;
    let legend: Vec<String> = names
        .iter()
        .filter(|name| abbreviation(name) != **name)
        .map(|name| format!("{} = {name}", abbreviation(name)))
        .collect();
    for line in wrap(&legend, WIDTH) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn write_worst(card: &Scorecard<'_>, out: &mut dyn Write) -> io::Result<()> {
    if card.groups.iter().all(|g| g.worst.is_empty()) {
        return writeln!(out, "Worst examples: none (no findings).");
    }
    writeln!(
        out,
        "Worst examples: the lowest-scoring conversations, each at its most severe finding \
         (- = not scored)"
    )?;
    for group in card.groups.iter().filter(|g| !g.worst.is_empty()) {
        writeln!(out, "{}", group.key)?;
        for example in &group.worst {
            let f = example.finding;
            let score = card.verdicts[example.conversation].score();
            let mut text = format!(
                "  {:>5}  {}:{}  {}",
                fixed(score.map(|s| s.overall), 1),
                f.path,
                f.line,
                f.rule
            );
            if score.is_some_and(|s| !s.critical.is_empty()) {
                text.push_str(" (critical)");
            }
            let matched = f.matched.split_whitespace().collect::<Vec<_>>().join(" ");
            // The quote gets what is left of the line, and keeps its closing mark.
            let room = WIDTH.saturating_sub(text.chars().count() + 4);
            if !matched.is_empty() && room >= 8 {
                text.push_str(&format!("  \"{}\"", shorten(&matched, room, false)));
            }
            writeln!(out, "{text}")?;
        }
    }
    Ok(())
}

/// Short column headings for the catalog's categories; others are cut to
/// five characters.
fn abbreviation(category: &str) -> String {
    let short = match category {
        "opening" => "open",
        "closing" => "close",
        "brush-off" => "brush",
        "coldness" => "cold",
        "condescension" => "cond",
        "solution" => "sol",
        "timing" => "time",
        "readability" => "read",
        "security" => "sec",
        other => return other.chars().take(5).collect(),
    };
    short.to_string()
}

/// A number with `decimals` decimals; `-` for none.
fn fixed(value: Option<f64>, decimals: usize) -> String {
    value.map_or("-".into(), |v| format!("{v:.decimals$}"))
}

/// `80` for 80.0, `7.5` for 7.5.
fn trim_number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

/// Cuts `text` to `width` characters with an ellipsis, keeping its end
/// (for file paths) or its start.
fn shorten(text: &str, width: usize, keep_end: bool) -> String {
    let count = text.chars().count();
    if count <= width {
        return text.to_string();
    }
    if keep_end {
        let tail: String = text.chars().skip(count - (width - 1)).collect();
        format!("…{tail}")
    } else {
        let head: String = text.chars().take(width - 1).collect();
        format!("{head}…")
    }
}

fn pad_right(text: &str, width: usize) -> String {
    let count = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(count)))
}

fn pad_left(text: &str, width: usize) -> String {
    let count = text.chars().count();
    format!("{}{text}", " ".repeat(width.saturating_sub(count)))
}

/// Joins `items` with `, ` into lines of at most `width` characters,
/// breaking only between items.
fn wrap(items: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for item in items {
        if !current.is_empty() && current.chars().count() + 2 + item.chars().count() > width {
            current.push(',');
            lines.push(std::mem::take(&mut current));
        } else if !current.is_empty() {
            current.push_str(", ");
        }
        current.push_str(item);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_shortened_by_the_end_that_matters() {
        assert_eq!(shorten("Maria", 8, false), "Maria");
        assert_eq!(shorten("Maria Magdalena", 8, false), "Maria M…");
        assert_eq!(shorten("chats/2024/a.txt", 8, true), "…4/a.txt");
    }

    #[test]
    fn numbers_and_wrapping() {
        assert_eq!(fixed(Some(88.333), 1), "88.3");
        assert_eq!(fixed(None, 1), "-");
        assert_eq!(trim_number(80.0), "80");
        assert_eq!(trim_number(7.5), "7.5");
        let items = ["a = b".to_string(), "c = d".into(), "e = f".into()];
        assert_eq!(wrap(&items, 12), ["a = b, c = d,", "e = f"]);
        assert_eq!(abbreviation("brush-off"), "brush");
        assert_eq!(abbreviation("compliance"), "compl");
    }
}
