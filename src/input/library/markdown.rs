//! One canned response per file: Markdown (`.md`), or a `.txt` file that
//! starts with front matter.
//!
//! ```markdown
//! ---
//! section: opener            # opener | body | closing
//! language: en
//! couth-ignore: rule-a, rule-b
//! ---
//! Hello {{first_name}}, I'm **Maria** from [Acme](https://acme.example).
//! ```
//!
//! The section comes from the front matter, else the file name's prefix
//! (`opener-…`, `closing-…`, `body-…`), else a parent folder named
//! `openers`/`closings`/`bodies` (or their singulars), else `body`.
//!
//! Markdown markup is blanked out rather than removed: every markup
//! character (`#` of headings, `**`, list bullets, `[`, `](url)` of links,
//! HTML tags and comments, code fences) becomes a space. The text keeps its
//! length in characters line by line, so every column stays the file's, and
//! phrases still match because runs of white space count as one. Text inside
//! placeholders (`{{first_name}}`, `{name}`) and non-ASCII characters are
//! never touched. Macro texts in YAML and JSON lists are blanked the same way.

use std::path::Path;
use std::sync::Arc;

use super::suppress;
use super::yaml;
use super::{Response, language_code, section_name};
use crate::error::InputError;
use crate::input::tree::{Node, Text};
use crate::input::{Parsed, ReadOptions};
use crate::transcript::{Channel, Section, SourceMap, Suppression};

/// Whether a text starts with a front-matter block (`---` … `---`).
pub fn has_front_matter(text: &str) -> bool {
    front_matter_end(text).is_some()
}

/// The line index (0-based) of the closing `---` of the front matter.
fn front_matter_end(text: &str) -> Option<usize> {
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    lines
        .position(|l| matches!(l.trim_end(), "---" | "..."))
        .map(|i| i + 1)
}

/// Reads one response file.
pub fn read(path: &Arc<str>, text: &str, _options: &ReadOptions, parsed: &mut Parsed) {
    let mut front = FrontMatter::default();
    let mut body_line = 0usize; // 0-based index of the first body line
    if let Some(end) = front_matter_end(text) {
        let yaml_text: Vec<&str> = text.split('\n').skip(1).take(end - 1).collect();
        match yaml::load(&yaml_text.join("\n"), 2, 1) {
            Ok(documents) => match documents.first() {
                None => {}
                Some(node) if node.as_object().is_some() => front = FrontMatter::from(node),
                Some(node) => parsed.errors.push(InputError::at_line(
                    path.as_ref(),
                    node.line,
                    format!(
                        "the front matter must be `key: value` lines (section, language, couth-ignore); found {}",
                        node.describe()
                    ),
                )),
            },
            Err(e) => parsed.errors.push(InputError::at_line(
                path.as_ref(),
                e.line,
                format!("in the front matter: {}", e.message),
            )),
        }
        body_line = end + 1;
    }
    let body: Vec<&str> = text.split('\n').skip(body_line).collect();
    let body = body.join("\n");
    let masked = mask(&body, body_line as u32 + 1);
    let mut suppressions = front.suppressions;
    suppressions.extend(masked.suppressions);
    let Some(text) = trimmed_text(&masked.text, body_line as u32 + 1) else {
        return;
    };
    let response = Response {
        name: front.name.unwrap_or_else(|| file_stem(path)),
        section: front.section.unwrap_or_else(|| section_from_path(path)),
        language: front.language,
        channel: front.channel,
        text,
        suppressions,
    };
    parsed.transcripts.push(response.into_transcript(path));
}

#[derive(Default)]
struct FrontMatter {
    name: Option<String>,
    section: Option<Section>,
    language: Option<String>,
    channel: Channel,
    suppressions: Vec<Suppression>,
}

impl From<&Node> for FrontMatter {
    fn from(node: &Node) -> FrontMatter {
        let text = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| node.get(k)?.scalar().map(|s| s.trim().to_string()))
        };
        let mut front = FrontMatter {
            name: text(&["name", "title"]),
            section: text(&["section", "kind", "type"]).and_then(|s| section_name(&s)),
            language: text(&["language", "lang", "locale"]).and_then(|l| language_code(&l)),
            ..FrontMatter::default()
        };
        if text(&["channel"]).is_some_and(|c| c.eq_ignore_ascii_case("email")) {
            front.channel = Channel::Email;
        }
        front.suppressions.extend(suppress::from_field(node));
        front
    }
}

fn file_stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(path)
        .to_string()
}

/// The section a file's name or folder implies; `body` otherwise.
fn section_from_path(path: &str) -> Section {
    let path = Path::new(path);
    let stem = file_stem(&path.display().to_string()).to_lowercase();
    let prefix = stem.split(['-', '_', '.', ' ']).next().unwrap_or("");
    if let Some(section) = section_name(prefix) {
        return section;
    }
    path.parent()
        .and_then(|p| p.file_name())
        .and_then(|f| f.to_str())
        .and_then(section_name)
        .unwrap_or(Section::Body)
}

/// The body without leading blank lines and trailing white space, mapped
/// verbatim from where it starts.
fn trimmed_text(masked: &str, first_line: u32) -> Option<Text> {
    let start = masked.len() - masked.trim_start().len();
    let text = masked[start..].trim_end();
    if text.is_empty() {
        return None;
    }
    let lead = &masked[..start];
    let line = first_line + lead.matches('\n').count() as u32;
    let column = lead.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    Some(Text {
        text: text.to_string(),
        source: SourceMap::verbatim(text, line, column),
    })
}

/// A Markdown body with its markup blanked, and the `couth-ignore`
/// comments found in it.
struct Masked {
    text: String,
    suppressions: Vec<Suppression>,
}

/// A text with its Markdown and HTML markup blanked, keeping its length in
/// bytes and characters (macro texts are often Markdown or HTML).
pub fn blank_markup(text: &str) -> String {
    mask(text, 1).text
}

/// Blanks Markdown markup, keeping every line's length in characters.
fn mask(body: &str, first_line: u32) -> Masked {
    let mut out = String::with_capacity(body.len());
    let mut suppressions = Vec::new();
    let mut in_comment: Option<(String, u32, u32)> = None;
    let mut in_fence = false;
    for (index, line) in body.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let line_number = first_line + index as u32;
        let chars: Vec<char> = line.chars().collect();
        let mut keep = vec![true; chars.len()];
        let lead = chars
            .iter()
            .take_while(|c| **c == ' ' || **c == '\t')
            .count();
        let rest: String = chars[lead..].iter().collect();
        let is_fence = rest.starts_with("```") || rest.starts_with("~~~");
        if is_fence || in_fence {
            if is_fence {
                in_fence = !in_fence;
                blank(&mut keep, 0, chars.len());
            }
            write_line(&mut out, &chars, &keep);
            continue;
        }
        comments(
            &chars,
            &mut keep,
            &mut in_comment,
            line_number,
            &mut suppressions,
        );
        block_markers(&chars, &mut keep, lead);
        inline_markup(&chars, &mut keep);
        write_line(&mut out, &chars, &keep);
    }
    Masked {
        text: out,
        suppressions,
    }
}

fn write_line(out: &mut String, chars: &[char], keep: &[bool]) {
    for (c, k) in chars.iter().zip(keep) {
        // Only ASCII is blanked, so the text keeps its length in bytes too
        // (a source map over it stays valid).
        out.push(if *k || !c.is_ascii() || *c == '\r' {
            *c
        } else {
            ' '
        });
    }
}

fn blank(keep: &mut [bool], from: usize, to: usize) {
    let len = keep.len();
    for k in &mut keep[from.min(len)..to.min(len)] {
        *k = false;
    }
}

/// HTML comments (possibly over several lines) are blanked; a
/// `couth-ignore` directive in one becomes a suppression.
fn comments(
    chars: &[char],
    keep: &mut [bool],
    open: &mut Option<(String, u32, u32)>,
    line: u32,
    suppressions: &mut Vec<Suppression>,
) {
    let mut i = 0;
    while i < chars.len() {
        if let Some((body, _, _)) = open.as_mut() {
            if starts_with(chars, i, "-->") {
                blank(keep, i, i + 3);
                i += 3;
                let (body, at_line, at_column) = open.take().expect("open comment");
                if let Some(directive) = suppress::directive(&body) {
                    let mut s = suppress::suppression(directive, at_line, at_column);
                    if s.line.is_some() {
                        s.line = Some(line + 1);
                    }
                    suppressions.push(s);
                }
                continue;
            }
            body.push(chars[i]);
            keep[i] = false;
            i += 1;
        } else if starts_with(chars, i, "<!--") {
            blank(keep, i, i + 4);
            *open = Some((String::new(), line, i as u32 + 1));
            i += 4;
        } else {
            i += 1;
        }
    }
    if let Some((body, _, _)) = open.as_mut() {
        body.push('\n');
    }
}

fn starts_with(chars: &[char], at: usize, pattern: &str) -> bool {
    (at..)
        .zip(pattern.chars())
        .all(|(i, p)| chars.get(i) == Some(&p))
}

/// Heading hashes, block quotes, list bullets, rules, table pipes and
/// link reference definitions.
fn block_markers(chars: &[char], keep: &mut [bool], lead: usize) {
    let rest = &chars[lead..];
    let visible: String = rest.iter().collect();
    let trimmed = visible.trim_end();
    // Horizontal rules and setext underlines: ---, ***, ===, ___
    if trimmed.len() >= 3
        && trimmed
            .chars()
            .all(|c| matches!(c, '-' | '*' | '_' | '=' | ' '))
        && trimmed.chars().filter(|c| *c != ' ').count() >= 3
    {
        blank(keep, 0, chars.len());
        return;
    }
    // Link reference definitions: [id]: https://…
    if visible.starts_with('[') && visible.contains("]: ") && !visible.starts_with("[[") {
        blank(keep, 0, chars.len());
        return;
    }
    let mut i = lead;
    // Block quotes, possibly nested: > > text
    while chars.get(i) == Some(&'>') {
        keep[i] = false;
        i += 1;
        while chars.get(i) == Some(&' ') {
            i += 1;
        }
    }
    // Headings: ## Title ##
    let hashes = chars[i..].iter().take_while(|c| **c == '#').count();
    if (1..=6).contains(&hashes) && matches!(chars.get(i + hashes), Some(' ') | None) {
        blank(keep, i, i + hashes);
        let end = chars.len();
        let mut j = end;
        while j > i + hashes && chars[j - 1] == ' ' {
            j -= 1;
        }
        let closing = chars[..j].iter().rev().take_while(|c| **c == '#').count();
        if closing > 0 && j - closing > i + hashes && chars[j - closing - 1] == ' ' {
            blank(keep, j - closing, j);
        }
        return;
    }
    // List bullets and numbers: - item, * item, + item, 1. item, 2) item
    match chars.get(i) {
        Some('-' | '*' | '+') if chars.get(i + 1) == Some(&' ') => {
            keep[i] = false;
            i += 2;
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits <= 9
                && matches!(chars.get(i + digits), Some('.' | ')'))
                && matches!(chars.get(i + digits + 1), Some(' ') | None)
            {
                blank(keep, i, i + digits + 1);
                i += digits + 1;
            }
        }
        _ => {}
    }
    // Task list boxes: [ ] / [x]
    while chars.get(i) == Some(&' ') {
        i += 1;
    }
    if chars.get(i) == Some(&'[')
        && matches!(chars.get(i + 1), Some(' ' | 'x' | 'X'))
        && chars.get(i + 2) == Some(&']')
    {
        blank(keep, i, i + 3);
    }
    // Table rows: | a | b |
    if chars.get(lead) == Some(&'|') {
        let separator = chars[lead..]
            .iter()
            .all(|c| matches!(c, '|' | '-' | ':' | ' '));
        for (k, c) in keep.iter_mut().zip(chars).skip(lead) {
            if *c == '|' || separator {
                *k = false;
            }
        }
    }
}

/// Emphasis markers, inline code ticks, backslash escapes, links and
/// images (the text is kept, `](url)` blanked), HTML tags and autolinks.
fn inline_markup(chars: &[char], keep: &mut [bool]) {
    let protected = placeholders(chars);
    let mut i = 0;
    while i < chars.len() {
        if protected[i] || !keep[i] {
            i += 1;
            continue;
        }
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                keep[i] = false;
                i += 2;
                continue;
            }
            '`' => keep[i] = false,
            '*' | '_' | '~' => {
                let run = chars[i..].iter().take_while(|x| **x == c).count();
                let before = i.checked_sub(1).map(|b| chars[b]);
                let after = chars.get(i + run).copied();
                let boundary = |x: Option<char>| {
                    x.is_none_or(|x| x.is_whitespace() || x.is_ascii_punctuation())
                };
                let opens = after.is_some_and(|a| !a.is_whitespace()) && boundary(before);
                let closes = before.is_some_and(|b| !b.is_whitespace()) && boundary(after);
                let markup = if c == '~' {
                    run >= 2 && (opens || closes)
                } else {
                    opens || closes
                };
                if markup {
                    blank(keep, i, i + run);
                }
                i += run;
                continue;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                if let Some(end) = link_end(chars, i + 1) {
                    keep[i] = false;
                    link(keep, i + 1, end);
                }
            }
            '[' => {
                if let Some(end) = link_end(chars, i) {
                    link(keep, i, end);
                }
            }
            '<' => {
                if let Some(end) = tag_end(chars, i) {
                    blank(keep, i, end);
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// `[text](url)` or `[text][ref]` starting at `open`: the index of the
/// closing `]` of the text and the end of the whole link.
fn link_end(chars: &[char], open: usize) -> Option<(usize, usize)> {
    let close = open + 1 + chars[open + 1..].iter().position(|c| *c == ']')?;
    match chars.get(close + 1) {
        Some('(') => {
            let mut depth = 0;
            for (j, c) in chars.iter().enumerate().skip(close + 1) {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some((close, j + 1));
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        Some('[') => {
            let end = close + 2 + chars[close + 2..].iter().position(|c| *c == ']')?;
            Some((close, end + 1))
        }
        _ => None,
    }
}

fn link(keep: &mut [bool], open: usize, (close, end): (usize, usize)) {
    keep[open] = false;
    blank(keep, close, end);
}

/// The end of an HTML tag (`<br>`, `</p>`, `<a href="…">`) or autolink
/// (`<https://…>`) starting at `open`.
fn tag_end(chars: &[char], open: usize) -> Option<usize> {
    let close = open + chars[open..].iter().position(|c| *c == '>')?;
    let inner: String = chars[open + 1..close].iter().collect();
    let name = inner.trim_start_matches('/');
    let is_tag = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .split([' ', '/'])
            .next()
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && name.len() <= 200
        && !name.chars().all(|c| c.is_ascii_uppercase() || c == '_');
    let is_autolink = inner.starts_with("http://")
        || inner.starts_with("https://")
        || inner.starts_with("mailto:");
    (is_tag || is_autolink).then_some(close + 1)
}

/// Characters inside `{{…}}` and `{…}` placeholders: never blanked.
fn placeholders(chars: &[char]) -> Vec<bool> {
    let mut protected = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '{'
            && let Some(len) = chars[i..].iter().position(|c| *c == '}')
        {
            let double = chars.get(i + 1) == Some(&'{');
            let mut end = i + len + 1;
            if double && chars.get(end) == Some(&'}') {
                end += 1;
            }
            for p in &mut protected[i..end] {
                *p = true;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    protected
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Transcript;

    fn read_one(path: &str, src: &str) -> (Vec<Transcript>, Vec<InputError>) {
        let path: Arc<str> = Arc::from(path);
        let mut parsed = Parsed::default();
        read(&path, src, &ReadOptions::default(), &mut parsed);
        (parsed.transcripts, parsed.errors)
    }

    #[test]
    fn markup_is_blanked_and_columns_kept() {
        let masked = mask(
            "## Hello {{first_name}}\n- **Refunds** take 5 days, see [our FAQ](https://x.example/faq_1).\n> Note: `RMA` <br> done\n1. one_two *three*\n---",
            1,
        );
        let lines: Vec<&str> = masked.text.split('\n').collect();
        assert_eq!(lines[0], "   Hello {{first_name}}");
        assert_eq!(
            lines[1],
            "    Refunds   take 5 days, see  our FAQ                          ."
        );
        assert_eq!(lines[2], "  Note:  RMA       done");
        assert_eq!(lines[3], "   one_two  three ");
        assert_eq!(lines[4], "   ");
    }

    #[test]
    fn front_matter_sections_and_suppressions() {
        let (t, e) = read_one(
            "lib/x.md",
            "---\nsection: opener\nlanguage: sv-SE\ncouth-ignore: jargon, rulebook\n---\n\nHej {{namn}}!\n<!-- couth-ignore-next-line: jargon -->\nVi har skapat ett RMA.\n",
        );
        assert!(e.is_empty(), "{e:?}");
        let t = &t[0];
        assert_eq!(t.section, Some(Section::Opener));
        assert!(t.template);
        assert_eq!(t.name.as_deref(), Some("x"));
        assert_eq!(t.language.as_deref(), Some("sv"));
        let m = &t.messages[0];
        assert_eq!(m.source.locate(&m.text, 0), (7, 1));
        let rma = m.text.find("RMA").unwrap();
        assert_eq!(m.source.locate(&m.text, rma), (9, 19));
        assert_eq!(t.suppressions.len(), 2);
        assert_eq!(t.suppressions[0].rules, ["jargon", "rulebook"]);
        assert_eq!(
            (t.suppressions[0].line, t.suppressions[0].at_line),
            (None, 4)
        );
        assert_eq!(t.suppressions[1].line, Some(9));
        assert_eq!(
            (t.suppressions[1].at_line, t.suppressions[1].at_column),
            (8, 1)
        );
    }

    #[test]
    fn odd_markup_never_panics_and_keeps_lengths() {
        let samples = [
            "#",
            "######## x",
            "> > >",
            "- ",
            "1.",
            "1)",
            "| a | b |",
            "|-|",
            "[",
            "[x",
            "[a](",
            "[a][",
            "![",
            "![a](b",
            "<",
            "<br",
            "<!--",
            "<!-- a",
            "-->",
            "{{",
            "{",
            "}",
            "\\",
            "`",
            "**",
            "~~",
            "_a_",
            "*a*",
            "***",
            "---",
            "[ ] x",
            "  [x] y",
            "<https://x",
            "<a href='x'>é</a>",
            "é**ü**",
        ];
        for a in samples {
            for b in samples {
                let text = format!("{a}{b}\n{b} {a}");
                let masked = blank_markup(&text);
                assert_eq!(masked.len(), text.len(), "{text:?}");
                assert_eq!(masked.chars().count(), text.chars().count(), "{text:?}");
            }
        }
    }

    #[test]
    fn sections_from_names_and_folders() {
        let section = |p: &str| read_one(p, "Hi").0[0].section;
        assert_eq!(section("lib/closing-refund.md"), Some(Section::Closing));
        assert_eq!(section("lib/openers/welcome.md"), Some(Section::Opener));
        assert_eq!(section("lib/misc/refund.md"), Some(Section::Body));
        assert!(
            read_one("lib/empty.md", "---\nsection: body\n---\n\n")
                .0
                .is_empty()
        );
        let (_, e) = read_one("lib/bad.md", "---\n- a\n---\nHi");
        assert_eq!(e[0].line, Some(2));
    }
}
