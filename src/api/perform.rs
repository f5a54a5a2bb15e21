//! Sending a request and writing it into the request history: the one way pages call a backend.
//!
//! Shared by the SAP and Apinizer pages. The history entry holds method, path, status and bodies
//! (scrubbed of secrets by [`History::record`]); the bearer token travels only in the
//! Authorization header and is never recorded.

use std::time::Duration;

use super::http::{send, ApiRequest, HttpError, RawResponse, DEFAULT_TIMEOUT};
use crate::state::clock;
use crate::state::connections::Product;
use crate::state::history::{History, HistoryEntry};
use crate::state::storage::{self, Area};

/// Local-storage key that shortens the request time limit (milliseconds), for tests and for
/// administrators on a slow link who prefer to wait longer. Unset: [`DEFAULT_TIMEOUT`].
pub const TIMEOUT_OVERRIDE_KEY: &str = "mtls-portal.request-timeout-ms";

/// The time limit for backend calls from this browser.
pub fn request_timeout() -> Duration {
    storage::read(Area::Local, TIMEOUT_OVERRIDE_KEY)
        .and_then(|text| text.trim().parse::<u64>().ok())
        .filter(|ms| (100..=600_000).contains(ms))
        .map(Duration::from_millis)
        .unwrap_or(DEFAULT_TIMEOUT)
}

/// Sends `request` with `bearer` and records it in `history`, answered or not.
///
/// Take `history` with `use_history()` before any `.await`: the reactive owner is gone after one.
pub async fn perform(
    history: History,
    product: Product,
    request: &ApiRequest,
    bearer: Option<&str>,
) -> Result<RawResponse, HttpError> {
    // The history's time is when the request left, read here at the edge.
    let at = clock::now().iso_8601();
    let result = send(request, bearer, request_timeout()).await;
    history.record(HistoryEntry {
        at,
        product: product.title().to_string(),
        method: request.method.as_str().to_string(),
        path: request.path.clone(),
        status: result.as_ref().ok().map(|r| r.status),
        request_body: request.body.clone(),
        response_body: Some(match &result {
            Ok(response) => response.body.clone(),
            Err(error) => error.to_string(),
        }),
    });
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_an_override_the_default_limit_applies() {
        assert_eq!(request_timeout(), DEFAULT_TIMEOUT);
    }
}
