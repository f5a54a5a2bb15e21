//! One field of a backend answer as the portal could read it, so that a malformed value shows as
//! "unreadable" in its cell while the rest of the answer still renders.

/// A field that may be missing, read, or present but not readable.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Reading<T> {
    /// The answer does not carry it (or carries `null`).
    #[default]
    Absent,
    Read(T),
    /// The answer carries it, in a form the portal cannot read.
    Unreadable,
}

impl<T> Reading<T> {
    /// `None` for absent, the result of `read` otherwise (unreadable when it gives `None`).
    pub fn from_present<S>(present: Option<S>, read: impl FnOnce(S) -> Option<T>) -> Self {
        match present {
            None => Reading::Absent,
            Some(raw) => read(raw).map_or(Reading::Unreadable, Reading::Read),
        }
    }

    pub fn as_ref(&self) -> Reading<&T> {
        match self {
            Reading::Absent => Reading::Absent,
            Reading::Read(value) => Reading::Read(value),
            Reading::Unreadable => Reading::Unreadable,
        }
    }

    pub fn read(self) -> Option<T> {
        match self {
            Reading::Read(value) => Some(value),
            _ => None,
        }
    }

    /// The cell's text: `show` for a value, "—" for nothing, "unreadable" for a malformed one.
    pub fn display(&self, show: impl FnOnce(&T) -> Option<String>) -> String {
        match self {
            Reading::Absent => "—".into(),
            Reading::Read(value) => show(value).unwrap_or_else(|| "unreadable".into()),
            Reading::Unreadable => "unreadable".into(),
        }
    }
}

const MILLIS_PER_DAY: i64 = 86_400_000;

/// Unix milliseconds as `YYYY-MM-DD HH:MM UTC`; `None` outside the years 1–9999, which no
/// backend date means.
pub fn format_utc_millis(millis: i64) -> Option<String> {
    let days = millis.div_euclid(MILLIS_PER_DAY);
    let minutes_of_day = millis.rem_euclid(MILLIS_PER_DAY) / 60_000;
    let (year, month, day) = civil_from_days(days)?;
    if !(1..=9999).contains(&year) {
        return None;
    }
    Some(format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        minutes_of_day / 60,
        minutes_of_day % 60
    ))
}

/// Days since 1970-01-01 as a proleptic Gregorian date (Howard Hinnant's `civil_from_days`),
/// with checked arithmetic: a day count far outside any calendar gives `None`, not a wrap.
pub(crate) fn civil_from_days(days: i64) -> Option<(i64, u32, u32)> {
    let z = days.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = u32::try_from(day_of_year - (153 * shifted_month + 2) / 5 + 1).ok()?;
    let month = u32::try_from(if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    })
    .ok()?;
    let year = era
        .checked_mul(400)?
        .checked_add(year_of_era)?
        .checked_add(i64::from(month <= 2))?;
    Some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants_in_utc() {
        assert_eq!(
            format_utc_millis(1_709_810_822_439).as_deref(),
            Some("2024-03-07 11:27 UTC")
        );
        assert_eq!(
            format_utc_millis(0).as_deref(),
            Some("1970-01-01 00:00 UTC")
        );
        assert_eq!(
            format_utc_millis(-1).as_deref(),
            Some("1969-12-31 23:59 UTC")
        );
        // 2000 and 2024 are leap years, 1900 is not (Gregorian rules).
        assert_eq!(
            format_utc_millis(951_782_400_000).as_deref(),
            Some("2000-02-29 00:00 UTC")
        );
        assert_eq!(
            format_utc_millis(-2_203_891_200_000).as_deref(),
            Some("1900-03-01 00:00 UTC")
        );
    }

    #[test]
    fn instants_outside_any_calendar_are_not_formatted() {
        for millis in [i64::MAX, i64::MIN, 253_402_300_800_000, -62_135_596_800_001] {
            assert_eq!(format_utc_millis(millis), None, "{millis}");
        }
        assert_eq!(
            format_utc_millis(253_402_300_799_999).as_deref(),
            Some("9999-12-31 23:59 UTC")
        );
    }

    #[test]
    fn readings_display_a_value_a_dash_or_unreadable() {
        let show = |v: &i64| Some(v.to_string());
        assert_eq!(Reading::Read(443).display(show), "443");
        assert_eq!(Reading::<i64>::Absent.display(show), "—");
        assert_eq!(Reading::<i64>::Unreadable.display(show), "unreadable");
        assert_eq!(Reading::Read(1).display(|_| None), "unreadable");
        assert_eq!(
            Reading::from_present(Some("x"), |s: &str| s.parse::<i64>().ok()),
            Reading::Unreadable
        );
        assert_eq!(
            Reading::from_present(None::<&str>, |s| s.parse::<i64>().ok()),
            Reading::Absent
        );
    }
}
