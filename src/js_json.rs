//! Small JSON objects read through the browser's own `JSON.parse` (RFC 8259).
//!
//! The first download reads two things at start-up: the stored sessions (the overview shows
//! them) and the portal server's backend list (the footer). Decoding those with serde_json would
//! put its parser into the first download; the browser's parser costs nothing to ship. Everything
//! else is read with serde_json in the lazily loaded pages.
//!
//! The text is untrusted (storage another version wrote, an answer from whatever serves the
//! origin): anything but the expected shape reads as "not there", never as a panic.

use wasm_bindgen::{JsCast, JsValue};

/// A field of the wrong type: the whole object is refused, as serde would refuse it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WrongType;

/// A JSON object (not an array, not a scalar).
#[derive(Clone, Debug)]
pub struct JsonObject(js_sys::Object);

impl JsonObject {
    /// The object `text` holds, or `None` when it is not JSON or not an object.
    pub fn parse(text: &str) -> Option<Self> {
        let value = js_sys::JSON::parse(text).ok()?;
        Self::from_value(value)
    }

    fn from_value(value: JsValue) -> Option<Self> {
        if js_sys::Array::is_array(&value) {
            return None;
        }
        value.dyn_into::<js_sys::Object>().ok().map(Self)
    }

    /// The member, `None` when it is missing or `null` (serde reads both as `None` for an
    /// `Option`). Only the object's own members count, never its prototype's.
    fn member(&self, key: &str) -> Option<JsValue> {
        let key = JsValue::from_str(key);
        if !js_sys::Object::has_own(&self.0, &key) {
            return None;
        }
        js_sys::Reflect::get(&self.0, &key)
            .ok()
            .filter(|value| !value.is_null() && !value.is_undefined())
    }

    pub fn string(&self, key: &str) -> Result<Option<String>, WrongType> {
        self.member(key)
            .map(|value| value.as_string().ok_or(WrongType))
            .transpose()
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, WrongType> {
        self.member(key)
            .map(|value| value.as_bool().ok_or(WrongType))
            .transpose()
    }

    /// A whole number. JSON numbers arrive as doubles: beyond 2^53 they are no longer exact, so
    /// those are refused rather than rounded.
    pub fn integer(&self, key: &str) -> Result<Option<i64>, WrongType> {
        const EXACT: f64 = 9_007_199_254_740_991.0; // Number.MAX_SAFE_INTEGER
        self.member(key)
            .map(|value| {
                let number = value.as_f64().ok_or(WrongType)?;
                if number.is_finite() && number.fract() == 0.0 && number.abs() <= EXACT {
                    // Exact: a whole number within ±2^53 fits an i64.
                    Ok(number as i64)
                } else {
                    Err(WrongType)
                }
            })
            .transpose()
    }

    pub fn object(&self, key: &str) -> Result<Option<JsonObject>, WrongType> {
        self.member(key)
            .map(|value| Self::from_value(value).ok_or(WrongType))
            .transpose()
    }
}
