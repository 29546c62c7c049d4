//! Timestamps as chat logs, exports and mail headers write them.

/// Seconds since the Unix epoch for a civil date and time (UTC).
pub fn epoch_seconds(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> i64 {
    // Howard Hinnant's days-from-civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + hour as i64 * 3600 + minute as i64 * 60 + second as i64
}

/// A parsed timestamp: seconds, and whether it carried a date (a bare time
/// of day counts from midnight).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub seconds: i64,
    pub has_date: bool,
}

/// Parses `10:02`, `10:02:33`, `10:02 PM`, `2024-03-01 10:02`,
/// `2024-03-01T10:02:33Z`, `2024-03-01T10:02:33+02:00`, `01.03.2024 10:02`,
/// `03/01/2024 10:02`, or a Unix time in seconds or milliseconds.
pub fn parse(text: &str) -> Option<Stamp> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) && text.len() >= 9 {
        let n: i64 = text.parse().ok()?;
        let seconds = if text.len() >= 13 { n / 1000 } else { n };
        return Some(Stamp {
            seconds,
            has_date: true,
        });
    }
    let (date_part, time_part) = split_date_time(text);
    let mut seconds = 0;
    let mut has_date = false;
    if let Some(date) = date_part {
        let (y, m, d) = parse_date(date)?;
        seconds = epoch_seconds(y, m, d, 0, 0, 0);
        has_date = true;
    }
    if let Some(time) = time_part {
        seconds += parse_time(time)?;
    } else if !has_date {
        return None;
    }
    Some(Stamp { seconds, has_date })
}

fn split_date_time(text: &str) -> (Option<&str>, Option<&str>) {
    let first = text.split(['T', ' ', ',']).next().unwrap_or("");
    let looks_like_date = first.len() >= 8
        && first
            .bytes()
            .filter(|b| matches!(b, b'-' | b'.' | b'/'))
            .count()
            == 2;
    if looks_like_date {
        let rest = text[first.len()..]
            .trim_start_matches(['T', ' ', ','])
            .trim();
        (Some(first), if rest.is_empty() { None } else { Some(rest) })
    } else {
        (None, Some(text))
    }
}

fn parse_date(date: &str) -> Option<(i64, u32, u32)> {
    let parts: Vec<&str> = date.split(['-', '.', '/']).collect();
    if parts.len() != 3 {
        return None;
    }
    let n: Vec<i64> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (y, m, d) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else if date.contains('/') {
        (n[2], n[0], n[1]) // US: month/day/year
    } else {
        (n[2], n[1], n[0]) // European: day.month.year
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1900..=2200).contains(&y) {
        return None;
    }
    Some((y, m as u32, d as u32))
}

fn parse_time(time: &str) -> Option<i64> {
    let mut time = time.trim();
    let mut offset = 0i64;
    let mut pm = None;
    let upper = time.to_ascii_uppercase();
    if upper.ends_with("AM") || upper.ends_with("PM") {
        pm = Some(upper.ends_with("PM"));
        time = time[..time.len() - 2].trim();
    }
    if let Some(stripped) = time.strip_suffix('Z') {
        time = stripped;
    } else if let Some(i) = time.rfind(['+', '-']).filter(|&i| i >= 5) {
        let zone = &time[i + 1..];
        let (h, m) = zone
            .split_once(':')
            .unwrap_or((zone.get(..2)?, zone.get(2..).unwrap_or("0")));
        let minutes = h.parse::<i64>().ok()? * 60 + m.parse::<i64>().unwrap_or(0);
        offset = if &time[i..=i] == "+" {
            -minutes * 60
        } else {
            minutes * 60
        };
        time = &time[..i];
    }
    let time = time.split('.').next()?;
    let parts: Vec<&str> = time.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let mut hour: i64 = parts[0].trim().parse().ok()?;
    let minute: i64 = parts[1].parse().ok()?;
    let second: i64 = parts.get(2).map_or(Some(0), |s| s.parse().ok())?;
    if let Some(pm) = pm {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12 + if pm { 12 } else { 0 };
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(hour * 3600 + minute * 60 + second + offset)
}

/// Parses dates written with an English month name, in any order of the
/// parts: Twitter's and ctime's `Tue Oct 31 22:10:47 +0000 2017`, and
/// `Tue, 31 Oct 2017 22:10:47 +0000`. Seconds since the epoch (UTC).
pub fn parse_month_name(text: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let (mut month, mut day, mut year, mut clock, mut offset) = (None, None, None, None, 0i64);
    for token in text.split([' ', ',']).filter(|t| !t.is_empty()) {
        let lower = token.to_ascii_lowercase();
        if let Some(m) = MONTHS.iter().position(|m| lower.starts_with(m)) {
            month = Some(m as u32 + 1);
        } else if token.contains(':') {
            clock = Some(parse_time(token)?);
        } else if let Some(sign @ ('+' | '-')) = token.chars().next() {
            let digits = &token[1..];
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let minutes =
                digits[..2].parse::<i64>().ok()? * 60 + digits[2..].parse::<i64>().ok()?;
            offset = if sign == '+' {
                -minutes * 60
            } else {
                minutes * 60
            };
        } else if token.bytes().all(|b| b.is_ascii_digit()) {
            let n: u32 = token.parse().ok()?;
            if token.len() == 4 {
                year = Some(n as i64);
            } else if token.len() <= 2 {
                day = Some(n);
            } else {
                return None;
            }
        }
    }
    let (month, day, year) = (month?, day?, year?);
    if !(1..=31).contains(&day) || !(1900..=2200).contains(&year) {
        return None;
    }
    Some(epoch_seconds(year, month, day, 0, 0, 0) + clock.unwrap_or(0) + offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_matches_known_dates() {
        assert_eq!(epoch_seconds(1970, 1, 1, 0, 0, 0), 0);
        assert_eq!(epoch_seconds(2024, 3, 1, 10, 2, 0), 1_709_287_320);
    }

    #[test]
    fn formats_parse() {
        assert_eq!(
            parse("10:02"),
            Some(Stamp {
                seconds: 36_120,
                has_date: false
            })
        );
        assert_eq!(parse("10:02:30").unwrap().seconds, 36_150);
        assert_eq!(parse("1:05 PM").unwrap().seconds, 13 * 3600 + 300);
        let iso = parse("2024-03-01T10:02:00Z").unwrap();
        assert_eq!(
            iso,
            Stamp {
                seconds: 1_709_287_320,
                has_date: true
            }
        );
        assert_eq!(parse("2024-03-01 10:02").unwrap(), iso);
        assert_eq!(parse("01.03.2024 10:02").unwrap(), iso);
        assert_eq!(parse("2024-03-01T12:02:00+02:00").unwrap(), iso);
        assert_eq!(parse("1709287320").unwrap(), iso);
        assert_eq!(parse("1709287320000").unwrap(), iso);
        assert_eq!(parse("soon"), None);
        assert_eq!(
            parse_month_name("Fri Mar 01 10:02:00 +0000 2024"),
            Some(iso.seconds)
        );
        assert_eq!(
            parse_month_name("Fri, 1 Mar 2024 11:02:00 +0100"),
            Some(iso.seconds)
        );
        assert_eq!(parse_month_name("March madness"), None);
        assert_eq!(parse("25:00"), None);
    }
}
