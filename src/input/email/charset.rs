//! Charset names as mail declares them, and the decoders behind them.
//!
//! mail-parser knows the registered names and their usual aliases; mailers
//! in the wild also write `cp-1251`, `win-1251`, `windows1251`, `koi8r`,
//! `iso8859-7`. Those spellings are resolved here, so the text is still
//! decoded right.

use mail_parser::decoders::charsets::DecoderFnc;
use mail_parser::decoders::charsets::map::charset_decoder;

/// How the text of a part is to be decoded.
#[derive(Clone, Copy)]
pub enum Charset {
    /// mail-parser decoded it with this decoder (`None`: as UTF-8).
    Native(Option<DecoderFnc>),
    /// mail-parser did not know the name, but it spells a known charset.
    Alias(DecoderFnc),
    /// Nobody knows it; read as UTF-8.
    Unknown,
}

impl Charset {
    /// Resolves a declared charset name (`None`: no charset given).
    pub fn resolve(name: Option<&str>) -> Charset {
        let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
            return Charset::Native(None);
        };
        if let Some(decoder) = charset_decoder(name.as_bytes()) {
            return Charset::Native(Some(decoder));
        }
        let squashed: String = name
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect();
        if squashed == "utf8" || squashed == "unicode11utf8" || squashed == "xunicode20utf8" {
            return Charset::Native(None);
        }
        alias(&squashed)
            .and_then(|canonical| charset_decoder(canonical.as_bytes()))
            .map_or(Charset::Unknown, Charset::Alias)
    }

    /// The decoder to use.
    pub fn decoder(self) -> DecoderFnc {
        match self {
            Charset::Native(Some(decoder)) | Charset::Alias(decoder) => decoder,
            Charset::Native(None) | Charset::Unknown => utf8_lossy,
        }
    }

    /// The decoder mail-parser used for the part's text.
    pub fn mail_parser_decoder(self) -> DecoderFnc {
        match self {
            Charset::Native(Some(decoder)) => decoder,
            _ => utf8_lossy,
        }
    }
}

/// UTF-8, with replacement characters for invalid bytes.
pub fn utf8_lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The registered name for a squashed (lower case, no `-`/`_`) spelling.
fn alias(squashed: &str) -> Option<String> {
    let digits = |prefix: &str| {
        squashed
            .strip_prefix(prefix)
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    };
    if let Some(n) = ["xcp", "cp", "win", "windows", "xwindows", "ms"]
        .iter()
        .find_map(|p| digits(p))
    {
        return Some(format!("cp{n}"));
    }
    if let Some(n) = digits("iso8859") {
        return Some(format!("iso-8859-{n}"));
    }
    match squashed {
        "koi8r" | "xkoi8r" => Some("koi8-r".into()),
        "koi8u" | "xkoi8u" => Some("koi8-u".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decodes(name: &str, bytes: &[u8]) -> String {
        Charset::resolve(Some(name)).decoder()(bytes)
    }

    #[test]
    fn odd_spellings_resolve() {
        assert!(matches!(
            Charset::resolve(Some("koi8-r")),
            Charset::Native(Some(_))
        ));
        assert!(matches!(
            Charset::resolve(Some("UTF-8")),
            Charset::Native(None)
        ));
        assert!(matches!(Charset::resolve(None), Charset::Native(None)));
        assert!(matches!(
            Charset::resolve(Some("cp-1251")),
            Charset::Alias(_)
        ));
        assert_eq!(decodes("cp-1251", b"\xcf\xf0\xe8\xe2\xe5\xf2"), "Привет");
        assert_eq!(decodes("Win-1251", b"\xcf\xf0\xe8\xe2\xe5\xf2"), "Привет");
        assert_eq!(decodes("KOI8R", b"\xf0\xd2\xc9\xd7\xc5\xd4"), "Привет");
        assert_eq!(decodes("iso8859_7", b"\xe3\xe5\xe9\xdc"), "γειά");
        assert!(matches!(
            Charset::resolve(Some("x-klingon")),
            Charset::Unknown
        ));
        assert!(matches!(Charset::resolve(Some("cp")), Charset::Unknown));
    }
}
