//! HTTP dates (RFC 9110, section 5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime
//! forms that recipients must also accept. Only what `Retry-After` needs: text to time.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Parses an HTTP date; `None` for anything malformed or before 1970.
pub(crate) fn parse(s: &str) -> Option<SystemTime> {
    let fields: Vec<&str> = s.split_ascii_whitespace().collect();
    let (day, month, year, time) = match fields.as_slice() {
        // Sun, 06 Nov 1994 08:49:37 GMT
        [weekday, day, month, year, time, "GMT"] if weekday.ends_with(',') => (
            day.parse().ok()?,
            month_number(month)?,
            year.parse().ok()?,
            *time,
        ),
        // Sunday, 06-Nov-94 08:49:37 GMT
        [weekday, date, time, "GMT"] if weekday.ends_with(',') => {
            let mut parts = date.split('-');
            let day = parts.next()?.parse().ok()?;
            let month = month_number(parts.next()?)?;
            let short: u64 = parts.next()?.parse().ok()?;
            // RFC 9110: a two-digit year more than 50 years in the future is in the past.
            let year = if short < 70 {
                2000 + short
            } else {
                1900 + short
            };
            (day, month, year, *time)
        }
        // Sun Nov  6 08:49:37 1994
        [_weekday, month, day, time, year] => (
            day.parse().ok()?,
            month_number(month)?,
            year.parse().ok()?,
            *time,
        ),
        _ => return None,
    };
    let mut clock = time.split(':').map(|part| part.parse::<u64>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if clock.next().is_some() || hour > 23 || minute > 59 || second > 60 || !(1..=31).contains(&day)
    {
        return None;
    }
    let days = days_from_civil(year, month, day)?;
    let secs = days * 86_400 + hour * 3_600 + minute * 60 + second;
    UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

fn month_number(name: &str) -> Option<u64> {
    let index = MONTHS.iter().position(|m| *m == name)?;
    u64::try_from(index + 1).ok()
}

/// Days from 1970-01-01 to the date (Howard Hinnant's algorithm), for the years 1970 to 9999
/// (four digits, as HTTP dates have; the bound also keeps the arithmetic far from overflow).
fn days_from_civil(year: u64, month: u64, day: u64) -> Option<u64> {
    if !(1970..=9999).contains(&year) {
        return None;
    }
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era).checked_sub(719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn the_three_forms_of_rfc_9110_agree() {
        // RFC 9110's own example: 784111777 seconds after the epoch.
        assert_eq!(
            parse("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(at(784_111_777))
        );
        assert_eq!(
            parse("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(at(784_111_777))
        );
        assert_eq!(parse("Sun Nov  6 08:49:37 1994"), Some(at(784_111_777)));
    }

    #[test]
    fn epoch_leap_years_and_far_dates() {
        assert_eq!(parse("Thu, 01 Jan 1970 00:00:00 GMT"), Some(at(0)));
        assert_eq!(
            parse("Tue, 29 Feb 2000 12:00:00 GMT"),
            Some(at(951_825_600))
        );
        assert_eq!(
            parse("Fri, 31 Dec 9999 23:59:59 GMT"),
            Some(at(253_402_300_799))
        );
    }

    #[test]
    fn malformed_dates_are_refused() {
        for bad in [
            "",
            "tomorrow",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 08:49:37:01 GMT",
            "Wed, 31 Dec 1969 23:59:59 GMT",
            "Sun, 06 Nov 99999999999999999999 08:49:37 GMT",
            "Sun, 06 Nov 9999999999999999 08:49:37 GMT",
            "Sun, 06 Nov 10000 08:49:37 GMT",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}
