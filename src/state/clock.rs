//! The page's one clock. Code that needs the time takes a [`Timestamp`] read once by its caller
//! with [`now`], so the rest (history entries, report exports, token expiry, the engine's
//! validity checks) is plain code that tests can give any time.

use crate::api::reading::civil_from_days;

const MILLIS_PER_DAY: i64 = 86_400_000;

/// An instant, Unix milliseconds in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    pub fn from_unix_millis(millis: i64) -> Self {
        Self(millis)
    }

    pub fn unix_millis(self) -> i64 {
        self.0
    }

    /// Whole seconds since 1970 (the engine's and the tokens' `exp` unit, RFC 7519 §2).
    pub fn unix_seconds(self) -> i64 {
        self.0.div_euclid(1_000)
    }

    /// `YYYY-MM-DDTHH:MM:SS.sssZ`, as JavaScript's `toISOString` writes it (ISO 8601 in UTC);
    /// empty outside the years 0–9999, which no clock reading here gives.
    pub fn iso_8601(self) -> String {
        let days = self.0.div_euclid(MILLIS_PER_DAY);
        let of_day = self.0.rem_euclid(MILLIS_PER_DAY);
        let Some((year, month, day)) = civil_from_days(days) else {
            return String::new();
        };
        if !(0..=9999).contains(&year) {
            return String::new();
        }
        let (seconds, millis) = (of_day / 1_000, of_day % 1_000);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
            seconds / 3_600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

/// Milliseconds on the global scope's monotonic clock (`performance.now()` of a window or a
/// worker), for measuring how long something took; 0 where there is none (native code).
pub fn monotonic_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        js_sys::Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
            .map_or(0.0, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Now, by the browser's clock (the system clock in native tests).
pub fn now() -> Timestamp {
    #[cfg(target_arch = "wasm32")]
    {
        // A float of milliseconds; `as` saturates, and the clock is far from i64's limits.
        Timestamp(js_sys::Date::now() as i64)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let millis = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Timestamp(millis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_iso_8601_as_the_browser_does() {
        let at = Timestamp::from_unix_millis(1_709_810_822_439);
        assert_eq!(at.iso_8601(), "2024-03-07T11:27:02.439Z");
        assert_eq!(at.unix_seconds(), 1_709_810_822);
        assert_eq!(
            Timestamp::from_unix_millis(0).iso_8601(),
            "1970-01-01T00:00:00.000Z"
        );
        // Before 1970 the seconds round down, as a date does.
        let before = Timestamp::from_unix_millis(-1);
        assert_eq!(before.iso_8601(), "1969-12-31T23:59:59.999Z");
        assert_eq!(before.unix_seconds(), -1);
    }

    #[test]
    fn an_instant_outside_the_calendar_is_empty_not_a_panic() {
        assert_eq!(Timestamp::from_unix_millis(i64::MAX).iso_8601(), "");
        assert_eq!(Timestamp::from_unix_millis(i64::MIN).iso_8601(), "");
    }

    #[test]
    fn the_clock_is_after_this_code_was_written() {
        assert!(now().unix_seconds() > 1_764_000_000);
    }
}
