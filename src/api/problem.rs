//! What went wrong with a backend call, in words an administrator can act on.
//!
//! Shared by every API module: each one turns its backend's error bodies into a [`Problem`], and
//! the page shows it with [`crate::components::request_outcome::RequestOutcome`]. A problem never
//! carries a token or a secret: it is built from status, error code and message only.

use super::http::HttpError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The HTTP status, when an answer came at all.
    pub status: Option<u16>,
    /// The backend's error code, e.g. `VHR_VIRTUALHOST_ALIAS_FORMAT_INVALID`.
    pub code: Option<String>,
    /// A sentence or two: what happened and, where known, what to do.
    pub message: String,
    /// No answer within the time limit.
    pub timed_out: bool,
    /// A login (client id and secret, user name and password) was refused: it must be given
    /// again, corrected; a new token would not help.
    pub login_refused: bool,
}

impl Problem {
    /// A problem with an answer's status.
    pub fn answered(status: u16, code: Option<String>, message: impl Into<String>) -> Self {
        Self {
            status: Some(status),
            code,
            message: message.into(),
            timed_out: false,
            login_refused: false,
        }
    }

    /// A refused login: `status` and `code` of the answer, `message` says what to give again.
    pub fn login_refused(status: u16, code: Option<String>, message: impl Into<String>) -> Self {
        Self {
            login_refused: true,
            ..Self::answered(status, code, message)
        }
    }

    /// A problem found before or without any answer (e.g. a form that cannot be sent).
    pub fn local(message: impl Into<String>) -> Self {
        Self {
            status: None,
            code: None,
            message: message.into(),
            timed_out: false,
            login_refused: false,
        }
    }

    /// The token was refused: the user needs a new one. (A refused login is not this.)
    pub fn is_unauthorized(&self) -> bool {
        self.status == Some(401) && !self.login_refused
    }

    /// One line for a heading: "HTTP 400 · VHR_…", "No answer (timeout)", …
    pub fn headline(&self) -> String {
        match (self.status, &self.code) {
            (Some(status), Some(code)) => format!("HTTP {status} · {code}"),
            (Some(status), None) => format!("HTTP {status}"),
            (None, _) if self.timed_out => "No answer in time".to_string(),
            (None, _) => "No answer".to_string(),
        }
    }
}

impl From<HttpError> for Problem {
    fn from(error: HttpError) -> Self {
        let timed_out = matches!(error, HttpError::Timeout { .. });
        let mut message = error.to_string();
        if timed_out {
            message.push_str(
                ". The backend may still carry the change out: refresh the list before sending again.",
            );
        }
        Self {
            status: None,
            code: None,
            message,
            timed_out,
            login_refused: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_name_status_and_code() {
        let p = Problem::answered(400, Some("X_Y".into()), "no");
        assert_eq!(p.headline(), "HTTP 400 · X_Y");
        assert!(!p.is_unauthorized());
        assert!(Problem::answered(401, None, "expired").is_unauthorized());
        assert!(!Problem::login_refused(401, None, "wrong secret").is_unauthorized());
        let timeout: Problem = HttpError::Timeout {
            path: "/p".into(),
            seconds: 3,
        }
        .into();
        assert!(timeout.timed_out);
        assert_eq!(timeout.headline(), "No answer in time");
        assert!(timeout.message.contains("within 3 s"));
    }
}
