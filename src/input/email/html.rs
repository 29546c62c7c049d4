//! Plain text from an HTML body, for mail that has no text/plain part.
//!
//! Quoted history in HTML mail sits in `<blockquote>` elements; they are
//! dropped before the conversion, so their text never reaches the rules.
//! Block elements become line breaks so that attribution lines ("On … wrote:")
//! and Outlook header blocks stay on lines of their own. The conversion
//! itself (tags, entities, scripts, styles) is mail-parser's.

use mail_parser::decoders::html::html_to_text;

/// Elements that start or end a line.
const BLOCKS: &[&str] = &[
    "address", "div", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "table",
    "tr", "ul",
];

/// The text of an HTML body, one paragraph, block or `<br>` line per line.
pub fn to_text(markup: &str) -> String {
    let text = html_to_text(&prepare(markup)).replace('\u{a0}', " ");
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// Drops `<blockquote>` elements (nested ones too) and puts a `<br>` before
/// every block element's start and end tag.
fn prepare(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len() + 64);
    let mut quote_depth = 0usize;
    let mut rest = markup;
    while let Some(lt) = rest.find('<') {
        if quote_depth == 0 {
            out.push_str(&rest[..lt]);
        }
        rest = &rest[lt..];
        let (closing, name) = tag_name(rest);
        let end = rest.find('>').map_or(rest.len(), |i| i + 1);
        if name.eq_ignore_ascii_case("blockquote") {
            if closing {
                quote_depth = quote_depth.saturating_sub(1);
            } else {
                quote_depth += 1;
            }
            rest = &rest[end..];
            continue;
        }
        if quote_depth == 0 {
            if BLOCKS.iter().any(|b| name.eq_ignore_ascii_case(b)) {
                out.push_str("<br>");
            }
            out.push_str(&rest[..end]);
        }
        rest = &rest[end..];
    }
    if quote_depth == 0 {
        out.push_str(rest);
    }
    out
}

/// Whether a tag at the start of `tag` (which starts with `<`) closes, and
/// its name.
fn tag_name(tag: &str) -> (bool, &str) {
    let inner = &tag[1..];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let len = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    (closing, &inner[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_entities_go_and_blocks_become_lines() {
        let html = "<html><head><style>p { color: red }</style></head><body>\
            <div>Hello&nbsp;Anna,</div><div>your order &amp; invoice are <b>ready</b>.</div>\
            <p>Regards &ndash; Max</p></body></html>";
        assert_eq!(
            to_text(html),
            "Hello Anna,\nyour order & invoice are ready.\nRegards – Max"
        );
    }

    #[test]
    fn blockquotes_are_dropped_with_their_nested_quotes() {
        let html = "<p>Thanks, done.</p><div>On Monday Anna wrote:</div>\
            <blockquote>Old <blockquote>older</blockquote> still quoted</blockquote><p>PS: call me</p>";
        assert_eq!(
            to_text(html),
            "Thanks, done.\nOn Monday Anna wrote:\nPS: call me"
        );
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for html in [
            "<",
            "<blockquote",
            "</",
            "a < b > c",
            "<div",
            "&#xFFFFFFFF;",
            "<p>é<",
        ] {
            let _ = to_text(html);
        }
    }
}
