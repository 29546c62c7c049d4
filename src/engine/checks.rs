//! Rule evaluation over one transcript: message rules, first-message rules,
//! conversation rules, customer→agent pairs and timing.

use std::cell::OnceCell;
use std::ops::Range;

use super::Engine;
use super::matcher::{Candidates, Hit, match_normalized};
use super::settings::format_duration;
use crate::finding::{Finding, Snippet};
use crate::lang::normalize::{is_greek, strip_greek_accent};
use crate::lang::{Evidence, Normalized, is_letter, normalize_into};
use crate::rules::{Anchor, Check, ListKind, RuleDef};
use crate::transcript::{
    Channel, Cursor, Message, Role, Transcript, ceil_char_boundary, floor_char_boundary,
};

/// A line longer than this (in bytes) is shown in a finding's snippet as a
/// window around the finding, not whole: one 50 MB line with many findings
/// must not copy the line once per finding.
const SNIPPET_LINE_MAX: usize = 4096;
/// How much of a long line a snippet keeps before and after the finding.
const SNIPPET_CONTEXT: usize = 256;
/// A quoted match in a finding's message is cut after this many characters.
const QUOTE_MAX_CHARS: usize = 120;

/// Buffers one thread reuses from one transcript to the next.
#[derive(Default)]
pub(super) struct Scratch {
    /// Each message's text, normalised once for detection and matching.
    normalized: Vec<Normalized>,
    evidence: Vec<Evidence>,
    candidates: Candidates,
    /// Every message's hits, one after the other; `ranges[i]` are message
    /// `i`'s.
    hits: Vec<Hit>,
    ranges: Vec<Range<usize>>,
    /// A template's messages with their placeholders read as a name, and
    /// their hits (empty for a message without placeholders).
    stand_in: StandIn,
}

/// The hits of a template's messages with each placeholder replaced by a
/// name in the message's script: they can only satisfy a rule (a greeting,
/// an introduction), never be reported, since their offsets are not the
/// message's.
#[derive(Default)]
struct StandIn {
    text: String,
    normalized: Normalized,
    hits: Vec<Hit>,
    ranges: Vec<Range<usize>>,
}

impl StandIn {
    /// Matches `message` with its `placeholders` (sorted, disjoint spans)
    /// replaced by `name`; the hits go to `self.hits`, after the earlier
    /// messages'.
    fn match_message(
        &mut self,
        pack: &crate::rules::Matchers,
        message: &str,
        placeholders: &[Range<usize>],
        name: &str,
        candidates: &mut Candidates,
    ) {
        let start = self.hits.len();
        if !placeholders.is_empty() {
            self.text.clear();
            let mut at = 0;
            for span in placeholders {
                self.text.push_str(&message[at..span.start]);
                self.text.push_str(name);
                at = span.end;
            }
            self.text.push_str(&message[at..]);
            normalize_into(&self.text, &mut self.normalized);
            match_normalized(
                pack,
                &self.text,
                &self.normalized,
                candidates,
                &mut self.hits,
            );
        }
        self.ranges.push(start..self.hits.len());
    }
}

impl Scratch {
    /// Normalises the first `n` messages of `transcript` into `normalized`.
    fn normalize(&mut self, transcript: &Transcript) {
        let n = transcript.messages.len();
        if self.normalized.len() < n {
            self.normalized.resize_with(n, Normalized::default);
        }
        for (message, out) in transcript.messages.iter().zip(&mut self.normalized) {
            normalize_into(&message.text, out);
        }
    }
}

/// The state of one transcript's check.
struct Run<'a> {
    engine: &'a Engine,
    transcript: &'a Transcript,
    /// Pack index per message.
    languages: Vec<usize>,
    hits: &'a [Hit],
    ranges: &'a [Range<usize>],
    stand_in: &'a StandIn,
    findings: Vec<Finding>,
    /// The message the cursor is in, and the cursor.
    cursor: (usize, Cursor),
    /// Per message: its quoted ranges, found when first needed.
    quotes: Vec<OnceCell<Vec<Range<usize>>>>,
}

/// Checks `transcript` whose messages are in `languages` (pack indexes, one
/// per message, from [`message_languages`], which normalised the messages
/// into `scratch`).
pub(super) fn check(
    engine: &Engine,
    transcript: &Transcript,
    languages: Vec<usize>,
    scratch: &mut Scratch,
) -> Vec<Finding> {
    if engine.packs.is_empty() {
        return Vec::new();
    }
    scratch.hits.clear();
    scratch.ranges.clear();
    scratch.stand_in.hits.clear();
    scratch.stand_in.ranges.clear();
    let mut placeholders: Vec<Range<usize>> = Vec::new();
    for (index, (message, &language)) in transcript.messages.iter().zip(&languages).enumerate() {
        let start = scratch.hits.len();
        // Agent messages are searched for every list but `triggers`,
        // customer messages only for `triggers`.
        let matchers = match message.role {
            Role::Agent => Some(&engine.compiled(language).agent),
            Role::Customer => Some(&engine.compiled(language).customer),
            Role::System | Role::Unknown => None,
        };
        if let Some(matchers) = matchers {
            match_normalized(
                matchers,
                &message.text,
                &scratch.normalized[index],
                &mut scratch.candidates,
                &mut scratch.hits,
            );
        }
        scratch.ranges.push(start..scratch.hits.len());
        if let (true, Some(rule)) = (transcript.template, engine.placeholder_rule) {
            placeholders.clear();
            placeholders.extend(
                scratch.hits[start..]
                    .iter()
                    .filter(|h| h.rule as usize == rule && h.kind == ListKind::Hit)
                    .map(|h| h.start..h.end),
            );
            placeholders.sort_by_key(|span| (span.start, std::cmp::Reverse(span.end)));
            placeholders.dedup_by(|later, kept| later.start < kept.end);
            let name = engine.set.packs[language].script.stand_in_name();
            scratch.stand_in.match_message(
                &engine.compiled(language).agent,
                &message.text,
                &placeholders,
                name,
                &mut scratch.candidates,
            );
        }
    }
    let mut run = Run {
        engine,
        transcript,
        languages,
        hits: &scratch.hits,
        ranges: &scratch.ranges,
        stand_in: &scratch.stand_in,
        findings: Vec::new(),
        cursor: (0, Cursor::default()),
        quotes: vec![OnceCell::new(); transcript.messages.len()],
    };
    for (index, rule) in engine.set.rules.iter().enumerate() {
        if !engine.enabled[index] || !applies_to_section(rule, transcript) {
            continue;
        }
        if transcript.template && Some(index) == engine.placeholder_rule {
            continue;
        }
        match rule.check {
            Check::Phrases => run.phrases(index),
            Check::Greeting => run.greeting(index),
            Check::Opener => run.opener(index),
            Check::Absent => run.absent(index, rule.anchor),
            Check::Reply => run.reply(index),
            Check::Slow | Check::Wait => run.timing(index, rule.check),
            Check::Length => run.length(index, rule),
            Check::Accents => run.accents(index),
        }
    }
    let mut findings = run.findings;
    let report_unused = engine.reports_unused_suppressions();
    super::suppressions::apply(transcript, &mut findings, report_unused);
    let settings = &engine.settings;
    if !settings.path_ignores.is_empty() {
        let base = settings.path_base.as_deref();
        findings.retain(|f| {
            !settings
                .path_ignores
                .iter()
                .any(|i| i.ignores(&f.path, base, &f.rule, &f.category))
        });
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

fn applies_to_section(rule: &RuleDef, transcript: &Transcript) -> bool {
    match transcript.section {
        None => true,
        Some(section) => {
            rule.library.is_empty() || rule.library.iter().any(|s| s == section.as_str())
        }
    }
}

/// The pack for each message: forced by the run or the input, else detected
/// per message when the message is clear about it, else the conversation's.
/// Empty when no pack is loaded. Normalises every message into `scratch`.
pub(super) fn message_languages(
    engine: &Engine,
    transcript: &Transcript,
    scratch: &mut Scratch,
) -> Vec<usize> {
    if engine.packs.is_empty() {
        return Vec::new();
    }
    scratch.normalize(transcript);
    let forced = engine
        .settings
        .language
        .as_deref()
        .or(transcript.language.as_deref())
        .and_then(|code| engine.language_index(code));
    if let Some(language) = forced {
        return vec![language; transcript.messages.len()];
    }
    let n = transcript.messages.len();
    if scratch.evidence.len() < n {
        scratch.evidence.resize_with(n, Evidence::default);
    }
    let detector = &engine.detector;
    let evidence = &mut scratch.evidence[..n];
    for (message, evidence) in transcript.messages.iter().zip(evidence.iter_mut()) {
        detector.script_evidence(&message.text, evidence);
    }
    // Words are looked up only where the letters do not decide: in every
    // message when the whole conversation's letters do not, else in the
    // messages whose own letters do not.
    let every = detector.needs_words(&Evidence::sum(evidence));
    for (normalized, evidence) in scratch.normalized.iter().zip(evidence.iter_mut()) {
        if every || detector.needs_words(evidence) {
            detector.word_evidence(&normalized.text, evidence);
        }
    }
    let evidence = &scratch.evidence[..n];
    let conversation = engine
        .detector
        .decide_all(evidence)
        .map_or(engine.default_language, |d| d.language);
    evidence
        .iter()
        .map(|e| match engine.detector.decide_one(e) {
            Some(d) if d.confident => d.language,
            _ => conversation,
        })
        .collect()
}

impl Run<'_> {
    fn applies(&self, rule: usize, message: usize) -> bool {
        self.engine.applies[self.languages[message]][rule]
    }

    fn agent_messages(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.transcript.messages.len())
            .filter(|&i| self.transcript.messages[i].role == Role::Agent)
    }

    fn rule_hits(
        &self,
        rule: usize,
        message: usize,
        kind: ListKind,
    ) -> impl Iterator<Item = &Hit> + '_ {
        self.hits[self.ranges[message].clone()]
            .iter()
            .filter(move |h| h.rule as usize == rule && h.kind == kind)
    }

    /// Hits of a rule's phrases in a message that survive its exceptions,
    /// `unless` lists, quotation and template masking; overlapping hits are
    /// reported once.
    fn live_hits(&self, rule: usize, message: usize) -> Vec<Hit> {
        let mut hits: Vec<Hit> = self
            .rule_hits(rule, message, ListKind::Hit)
            .copied()
            .collect();
        if hits.is_empty()
            || self
                .rule_hits(rule, message, ListKind::Unless)
                .next()
                .is_some()
        {
            return Vec::new();
        }
        let exceptions = Ranges::new(
            self.rule_hits(rule, message, ListKind::Exception)
                .map(|h| h.start..h.end),
        );
        let def = &self.engine.set.rules[rule];
        let masks = Ranges::new(match self.engine.placeholder_rule {
            // Placeholders hide what they overlap from the bad-wording rules;
            // wording that satisfies a rule ("I'm {{agent_name}}") still counts.
            Some(p) if self.transcript.template && p != rule && def.check == Check::Phrases => self
                .rule_hits(p, message, ListKind::Hit)
                .map(|h| h.start..h.end)
                .collect(),
            _ => Vec::new(),
        });
        let quotes: &[Range<usize>] = if def.ignore_quoted {
            self.quotes[message]
                .get_or_init(|| quoted_ranges(&self.transcript.messages[message].text))
        } else {
            &[]
        };
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let mut live: Vec<Hit> = Vec::new();
        for hit in hits {
            if exceptions.overlaps(hit.start..hit.end)
                || masks.overlaps(hit.start..hit.end)
                || inside_one(quotes, hit.start..hit.end)
                || live.last().is_some_and(|l| l.end > hit.start)
            {
                continue;
            }
            live.push(hit);
        }
        live
    }

    /// Whether an agent message has wording of a rule that a message must
    /// have (a greeting, an introduction, thanks): in its text, or in a
    /// template with its placeholders read as a name.
    fn says(&self, rule: usize, message: usize) -> bool {
        !self.live_hits(rule, message).is_empty() || self.stand_in_says(rule, message)
    }

    fn stand_in_says(&self, rule: usize, message: usize) -> bool {
        let Some(range) = self.stand_in.ranges.get(message) else {
            return false;
        };
        let hits = &self.stand_in.hits[range.clone()];
        let of = |kind| {
            hits.iter()
                .filter(move |h: &&Hit| h.rule as usize == rule && h.kind == kind)
        };
        if of(ListKind::Unless).next().is_some() {
            return false;
        }
        let exceptions = Ranges::new(of(ListKind::Exception).map(|h| h.start..h.end));
        of(ListKind::Hit).any(|h| !exceptions.overlaps(h.start..h.end))
    }

    fn phrases(&mut self, rule: usize) {
        let messages: Vec<usize> = self.agent_messages().collect();
        for message in messages {
            if !self.applies(rule, message) {
                continue;
            }
            for hit in self.live_hits(rule, message) {
                let text = &self.transcript.messages[message].text[hit.start..hit.end];
                let detail = quote(text);
                let suggestion = hit.suggestion.map(|s| {
                    self.engine.compiled(self.languages[message]).suggestions[s as usize]
                        .to_string()
                });
                self.report(rule, message, hit.start..hit.end, Some(detail), suggestion);
            }
        }
    }

    fn first_agent_message(&self) -> Option<usize> {
        self.agent_messages().next()
    }

    fn greeting(&mut self, rule: usize) {
        let Some(first) = self.first_agent_message() else {
            return;
        };
        if self.applies(rule, first) && !self.says(rule, first) {
            let span = first_words(&self.transcript.messages[first].text, 3);
            self.report(rule, first, span, None, None);
        }
    }

    fn opener(&mut self, rule: usize) {
        let Some(first) = self.first_agent_message() else {
            return;
        };
        if !self.applies(rule, first) {
            return;
        }
        let greeting = self
            .engine
            .greeting_rule
            .and_then(|g| self.live_hits(g, first).first().map(|h| h.start))
            .unwrap_or(usize::MAX);
        if let Some(hit) = self
            .live_hits(rule, first)
            .into_iter()
            .find(|h| h.start < greeting)
        {
            let text = &self.transcript.messages[first].text[hit.start..hit.end];
            let detail = quote(text);
            self.report(rule, first, hit.start..hit.end, Some(detail), None);
        }
    }

    fn absent(&mut self, rule: usize, anchor: Anchor) {
        let agents: Vec<usize> = self.agent_messages().collect();
        let target = match anchor {
            Anchor::First => agents.first(),
            Anchor::Last => agents.last(),
        };
        let Some(&target) = target else { return };
        if !self.applies(rule, target) {
            return;
        }
        if !agents.iter().any(|&m| self.says(rule, m)) {
            let text = &self.transcript.messages[target].text;
            let span = match anchor {
                Anchor::First => first_words(text, 3),
                Anchor::Last => last_line(text),
            };
            self.report(rule, target, span, None, None);
        }
    }

    fn reply(&mut self, rule: usize) {
        let mut pending = false;
        for message in 0..self.transcript.messages.len() {
            match self.transcript.messages[message].role {
                Role::Customer
                    if self
                        .rule_hits(rule, message, ListKind::Trigger)
                        .next()
                        .is_some() =>
                {
                    pending = true;
                }
                Role::Agent => {
                    if pending && self.applies(rule, message) && !self.says(rule, message) {
                        let span = first_words(&self.transcript.messages[message].text, 3);
                        self.report(rule, message, span, None, None);
                    }
                    pending = false;
                }
                _ => {}
            }
        }
    }

    fn timing(&mut self, rule: usize, check: Check) {
        let t = &self.engine.settings.thresholds;
        let (slow, wait) = match self.transcript.channel {
            Channel::Chat => (t.chat_slow, t.chat_wait),
            Channel::Email => (t.email_slow, t.email_wait),
        };
        let threshold = if check == Check::Slow { slow } else { wait };
        let mut waiting_since: Option<i64> = None;
        for message in 0..self.transcript.messages.len() {
            let m: &Message = &self.transcript.messages[message];
            match m.role {
                Role::Customer if waiting_since.is_none() => {
                    waiting_since = m.timestamp;
                }
                Role::Agent => {
                    if let (Some(since), Some(at)) = (waiting_since, m.timestamp) {
                        let gap = at - since;
                        let late = gap > threshold;
                        let apologised =
                            check == Check::Wait && !self.live_hits(rule, message).is_empty();
                        if late && !apologised && self.applies(rule, message) {
                            let detail = format!(
                                "the customer waited {}; threshold {}",
                                format_duration(gap),
                                format_duration(threshold)
                            );
                            let span = first_words(&m.text, 3);
                            self.report(rule, message, span, Some(detail), None);
                        }
                    }
                    waiting_since = None;
                }
                _ => {}
            }
        }
    }

    fn length(&mut self, rule: usize, def: &RuleDef) {
        let max_sentence = def.max_sentence_words.unwrap_or(40);
        let max_message = def.max_message_words.unwrap_or(180);
        let messages: Vec<usize> = self.agent_messages().collect();
        for message in messages {
            if !self.applies(rule, message) {
                continue;
            }
            let text = &self.transcript.messages[message].text;
            let words = count_words(text);
            if words > max_message {
                let span = first_words(text, 3);
                let detail = format!("{words} words in one message; limit {max_message}");
                self.report(rule, message, span, Some(detail), None);
                continue;
            }
            if words <= max_sentence {
                // Sentences end at white space: none has more words than
                // the message.
                continue;
            }
            for sentence in sentences(text) {
                let words = count_words(&text[sentence.clone()]);
                if words > max_sentence {
                    let detail = format!("a sentence of {words} words; limit {max_sentence}");
                    self.report(rule, message, sentence, Some(detail), None);
                }
            }
        }
    }

    fn accents(&mut self, rule: usize) {
        let messages: Vec<usize> = self.agent_messages().collect();
        for message in messages {
            if !self.applies(rule, message) {
                continue;
            }
            let greeklish = self.live_hits(rule, message);
            if let Some(first) = greeklish.first() {
                let text = &self.transcript.messages[message].text;
                let detail = format!(
                    "Greeklish: {} word(s) in Latin letters, e.g. «{}»",
                    greeklish.len(),
                    &text[first.start..first.end]
                );
                self.report(rule, message, first.start..first.end, Some(detail), None);
            }
            let text = &self.transcript.messages[message].text;
            let unaccented = unaccented_greek_words(text);
            if let Some(first) = unaccented.first() {
                let detail = format!(
                    "{} word(s) without tonos, e.g. «{}»",
                    unaccented.len(),
                    &text[first.clone()]
                );
                self.report(rule, message, first.clone(), Some(detail), None);
            }
        }
    }

    fn report(
        &mut self,
        rule: usize,
        message: usize,
        span: Range<usize>,
        detail: Option<String>,
        suggestion: Option<String>,
    ) {
        let engine = self.engine;
        let def = &engine.set.rules[rule];
        let m = &self.transcript.messages[message];
        let text = m.text.as_str();
        let start = floor_char_boundary(text, span.start);
        let end = ceil_char_boundary(text, span.end.max(start));
        let (shown_start, shown_end) = snippet_window(text, start, end);
        if self.cursor.0 != message {
            self.cursor = (message, Cursor::default());
        }
        let cursor = &mut self.cursor.1;
        let (snippet_line, snippet_column) = m.source.locate_with(text, shown_start, cursor);
        let (line, column) = m.source.locate_with(text, start, cursor);
        let (end_line, end_column) = m.source.locate_with(text, end, cursor);
        let message_text = match detail {
            Some(detail) => format!("{}: {}", def.message, detail),
            None => def.message.clone(),
        };
        self.findings.push(Finding {
            path: self.transcript.path.clone(),
            line,
            column,
            end_line,
            end_column,
            rule: engine.rule_ids[rule].clone(),
            category: engine.categories[rule].clone(),
            severity: engine.severity[rule],
            message: message_text,
            suggestion,
            language: engine.languages[self.languages[message]].clone(),
            role: m.role,
            speaker: m.speaker.clone(),
            conversation: self.transcript.name.clone(),
            matched: text[start..end].to_string(),
            snippet: Snippet {
                text: text[shown_start..shown_end].to_string(),
                line: snippet_line,
                column: snippet_column,
                start: start - shown_start,
                end: end.min(shown_end) - shown_start,
            },
        });
    }
}

/// The part of the line around `start..end` a snippet shows: the whole line,
/// or a window of it when the line is longer than [`SNIPPET_LINE_MAX`].
/// Only a bounded stretch of text is searched for the line's ends, so the
/// cost does not grow with the line.
fn snippet_window(text: &str, start: usize, end: usize) -> (usize, usize) {
    let back = floor_char_boundary(text, start.saturating_sub(SNIPPET_LINE_MAX));
    let line_start = match text[back..start].rfind('\n') {
        Some(i) => Some(back + i + 1),
        None => (back == 0).then_some(0),
    };
    let ahead = ceil_char_boundary(text, start.saturating_add(SNIPPET_LINE_MAX));
    let line_end = match text[start..ahead].find('\n') {
        Some(i) => Some(start + i),
        None => (ahead == text.len()).then_some(ahead),
    };
    if let (Some(line_start), Some(line_end)) = (line_start, line_end)
        && line_end - line_start <= SNIPPET_LINE_MAX
    {
        return (line_start, line_end);
    }
    // A long line (or one whose ends lie further than was searched).
    let from = start
        .saturating_sub(SNIPPET_CONTEXT)
        .max(line_start.unwrap_or(0));
    let to =
        (end.min(start + SNIPPET_CONTEXT) + SNIPPET_CONTEXT).min(line_end.unwrap_or(text.len()));
    (
        floor_char_boundary(text, from),
        ceil_char_boundary(text, to).max(start),
    )
}

/// A matched text quoted in a finding's message, cut when it is long.
fn quote(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(QUOTE_MAX_CHARS) {
        Some((cut, _)) => format!("«{}…»", &text[..cut]),
        None => format!("«{text}»"),
    }
}

/// Ranges that may overlap, sorted for "does any of them overlap this?"
/// in logarithmic time (a long message may have thousands of hits).
struct Ranges {
    /// Sorted by start.
    ranges: Vec<Range<usize>>,
    /// `max_end[i]`: the largest end among `ranges[..=i]`.
    max_end: Vec<usize>,
}

impl Ranges {
    fn new(ranges: impl IntoIterator<Item = Range<usize>>) -> Ranges {
        let mut ranges: Vec<Range<usize>> = ranges.into_iter().collect();
        ranges.sort_by_key(|r| r.start);
        let max_end = ranges
            .iter()
            .scan(0, |max, r| {
                *max = r.end.max(*max);
                Some(*max)
            })
            .collect();
        Ranges { ranges, max_end }
    }

    fn overlaps(&self, span: Range<usize>) -> bool {
        let before = self.ranges.partition_point(|r| r.start < span.end);
        before > 0 && self.max_end[before - 1] > span.start
    }
}

/// Whether `span` lies inside one of `sorted`, disjoint ranges.
fn inside_one(sorted: &[Range<usize>], span: Range<usize>) -> bool {
    let at = sorted.partition_point(|r| r.start <= span.start);
    at > 0 && span.end <= sorted[at - 1].end
}

/// The byte range of the first `n` words of a text.
fn first_words(text: &str, n: usize) -> Range<usize> {
    let start = text.len() - text.trim_start().len();
    let mut end = start;
    for (count, (i, word)) in word_spans(text).enumerate() {
        if count == n || text[start..i].contains('\n') {
            break;
        }
        end = i + word.len();
    }
    start..end.max(start)
}

fn last_line(text: &str) -> Range<usize> {
    let trimmed = text.trim_end();
    let start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let start = start + (trimmed[start..].len() - trimmed[start..].trim_start().len());
    start..trimmed.len()
}

fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// The white-space-separated tokens of `text` with a letter or digit.
fn count_words(text: &str) -> usize {
    let mut words = 0;
    // The current token is counted already.
    let mut counted = false;
    for c in text.chars() {
        if c.is_whitespace() {
            counted = false;
        } else if !counted && c != '_' && crate::lang::is_word_char(c) {
            words += 1;
            counted = true;
        }
    }
    words
}

/// Sentences as byte ranges: split after `.`, `!`, `?`, `…` followed by white
/// space, and at blank lines.
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        let end_of_sentence = matches!(c, '.' | '!' | '?' | '…' | ';' | '\u{037E}')
            && next.is_none_or(char::is_whitespace);
        let paragraph = c == '\n' && next == Some('\n');
        if end_of_sentence || paragraph {
            let end = i + c.len_utf8();
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let part = &text[range.clone()];
    let lead = part.len() - part.trim_start().len();
    let trimmed = part.trim();
    if !trimmed.is_empty() {
        out.push(range.start + lead..range.start + lead + trimmed.len());
    }
}

/// Byte ranges inside quotation marks: «…», “…”, „…“, "…".
fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (i, c) in text.char_indices() {
        match open {
            None => {
                let close = match c {
                    '«' => '»',
                    '“' => '”',
                    '„' => '“',
                    '"' => '"',
                    _ => continue,
                };
                open = Some((close, i + c.len_utf8()));
            }
            Some((close, start)) => {
                if c == close || (close == '“' && c == '”') {
                    out.push(start..i);
                    open = None;
                }
            }
        }
    }
    out
}

/// Words that are monosyllables or conventionally unaccented although they
/// look like two syllables to a vowel count.
const UNACCENTED: &[&str] = &[
    "για",
    "μια",
    "μιας",
    "πια",
    "πιο",
    "δυο",
    "ποιος",
    "ποια",
    "ποιο",
    "ποιοι",
    "ποιες",
    "ποιου",
    "ποιων",
    "ποιους",
    "γεια",
    "μιαν",
    "ακομα",
    "τρια",
    "γιο",
    "γιος",
    "ρε",
];

/// Lower-case Greek words of two or more syllables written without any
/// accent; words in capitals are correctly unaccented.
fn unaccented_greek_words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (_, word) in word_spans(text) {
        let word = word.trim_matches(|c: char| !is_letter(c));
        if word.is_empty() || !word.chars().all(is_greek) {
            continue;
        }
        // The trimmed word is a slice of `text`.
        let offset = word.as_ptr() as usize - text.as_ptr() as usize;
        if word
            .chars()
            .filter(|&c| is_letter(c))
            .all(char::is_uppercase)
            && word.chars().count() > 1
        {
            continue;
        }
        if word.chars().any(has_tonos) {
            continue;
        }
        let lower: String = word.to_lowercase();
        if UNACCENTED.contains(&lower.as_str()) || syllables(&lower) < 2 {
            continue;
        }
        out.push(offset..offset + word.len());
    }
    out
}

/// A letter with a tonos (acute) of its own, or a combining acute. A
/// dialytika alone («προϊον») is not the word's accent.
fn has_tonos(c: char) -> bool {
    matches!(
        c,
        'ά' | 'έ'
            | 'ή'
            | 'ί'
            | 'ό'
            | 'ύ'
            | 'ώ'
            | 'ΐ'
            | 'ΰ'
            | 'Ά'
            | 'Έ'
            | 'Ή'
            | 'Ί'
            | 'Ό'
            | 'Ύ'
            | 'Ώ'
            | '\u{0301}'
    ) || (matches!(c, '\u{1F00}'..='\u{1FFF}') && strip_greek_accent(c) != c)
}

/// Vowel groups of a lower-case unaccented Greek word, with the digraphs
/// αι, ει, οι, υι, ου, αυ, ευ, ηυ counted once.
fn syllables(word: &str) -> usize {
    let chars: Vec<char> = word.chars().collect();
    let vowel = |c: char| matches!(c, 'α' | 'ε' | 'η' | 'ι' | 'ο' | 'υ' | 'ω');
    let mut count = 0;
    let mut i = 0;
    while i < chars.len() {
        if vowel(chars[i]) {
            count += 1;
            if let Some(&next) = chars.get(i + 1) {
                let pair = matches!(
                    (chars[i], next),
                    ('α', 'ι')
                        | ('ε', 'ι')
                        | ('ο', 'ι')
                        | ('υ', 'ι')
                        | ('ο', 'υ')
                        | ('α', 'υ')
                        | ('ε', 'υ')
                        | ('η', 'υ')
                );
                if pair {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greek_words_without_tonos_are_found_but_capitals_and_monosyllables_pass() {
        let text = "Καλημερα σας, ΚΑΛΗΜΕΡΑ και για το προϊόν ευχαριστουμε";
        let found: Vec<&str> = unaccented_greek_words(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, vec!["Καλημερα", "ευχαριστουμε"]);
    }

    #[test]
    fn sentences_split_on_end_marks_and_paragraphs() {
        let text = "One two. Three?\n\nFour… five";
        let parts: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(parts, vec!["One two.", "Three?", "Four…", "five"]);
    }

    #[test]
    fn words_are_tokens_between_white_space_with_a_letter_or_digit() {
        let split = |text: &str| {
            text.split_whitespace()
                .filter(|w| w.chars().any(|c| c != '_' && crate::lang::is_word_char(c)))
                .count()
        };
        for text in [
            "",
            "   ",
            "One two. Three?\n\nFour… five",
            "a - b — c __ d_ _e 3 ... «ok»",
            "non\u{a0}breaking\u{2003}spaces\u{3000}and\ttabs",
            "Здравствуйте, Анна! Σας ευχαριστούμε. Tack så mycket ☺ 42",
        ] {
            assert_eq!(count_words(text), split(text), "{text:?}");
        }
        assert_eq!(count_words("a - b — c __ d_ _e 3 ... «ok»"), 7);
        // No sentence has more words than its message.
        let text = "One two three. Four five!\n\nSix seven eight nine";
        let most = sentences(text)
            .into_iter()
            .map(|r| count_words(&text[r]))
            .max();
        assert_eq!((count_words(text), most), (9, Some(4)));
    }

    #[test]
    fn quotes_are_found() {
        let text = "Вы написали: «ты не слышишь» и \"ok\"";
        let parts: Vec<&str> = quoted_ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(parts, vec!["ты не слышишь", "ok"]);
    }

    #[test]
    fn snippets_show_short_lines_whole_and_long_lines_around_the_finding() {
        let text = "first line\nPlease be advised.\nlast";
        let at = text.find("advised").unwrap();
        let (from, to) = snippet_window(text, at, at + 7);
        assert_eq!(&text[from..to], "Please be advised.");
        let long = format!("{}ETA{}\nnext", "é".repeat(10_000), "x".repeat(10_000));
        let at = long.find("ETA").unwrap();
        let (from, to) = snippet_window(&long, at, at + 3);
        assert!(long.is_char_boundary(from) && long.is_char_boundary(to));
        assert!(from < at && to > at + 3, "{from}..{to} around {at}");
        assert!(to - from <= 2 * SNIPPET_CONTEXT + 3 + 1, "{}", to - from);
        // A finding longer than the window is cut, not the window widened.
        let (from, to) = snippet_window(&long, 0, long.len());
        assert_eq!(from, 0);
        assert!(to <= 2 * SNIPPET_CONTEXT + 1);
    }

    #[test]
    fn ranges_answer_overlaps_like_a_scan() {
        let list = vec![5..9, 0..2, 20..30, 7..8, 12..13];
        let ranges = Ranges::new(list.clone());
        for start in 0..32 {
            for end in start..33 {
                let scan = list.iter().any(|r| r.start < end && start < r.end);
                assert_eq!(ranges.overlaps(start..end), scan, "{start}..{end}");
            }
        }
        let quotes = vec![2..5, 9..15];
        assert!(inside_one(&quotes, 3..5));
        assert!(inside_one(&quotes, 9..15));
        assert!(!inside_one(&quotes, 4..10));
        assert!(!inside_one(&quotes, 0..1));
    }

    #[test]
    fn first_words_stay_on_the_first_line() {
        let text = "  Hi\nthere you";
        assert_eq!(&text[first_words(text, 3)], "Hi");
    }
}
