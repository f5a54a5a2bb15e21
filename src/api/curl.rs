//! "Copy as cURL": a request as a shell command an administrator can paste.

use super::http::ApiRequest;

/// What stands in for the token unless the user asks for the real one.
pub const TOKEN_PLACEHOLDER: &str = "$TOKEN";

/// The command for `request` against `origin`. With `token` = `None` the Authorization header
/// carries [`TOKEN_PLACEHOLDER`], so the copy can be shared without leaking a credential.
pub fn to_curl(request: &ApiRequest, origin: &str, token: Option<&str>) -> String {
    let url = format!("{}{}", origin.trim_end_matches('/'), request.path);
    let mut lines = vec![format!(
        "curl -X {} {}",
        request.method.as_str(),
        quote(&url)
    )];
    for (name, value) in &request.headers {
        lines.push(format!("-H {}", quote(&format!("{name}: {value}"))));
    }
    let authorization = match token {
        Some(token) => format!("Authorization: Bearer {token}"),
        // Double quotes so the shell expands $TOKEN.
        None => return finish(lines, request, "-H \"Authorization: Bearer $TOKEN\""),
    };
    let header = format!("-H {}", quote(&authorization));
    finish(lines, request, &header)
}

fn finish(mut lines: Vec<String>, request: &ApiRequest, authorization: &str) -> String {
    lines.push(authorization.to_string());
    if let Some(body) = &request.body {
        lines.push(format!("--data-raw {}", quote(body)));
    }
    lines.join(" \\\n  ")
}

/// POSIX single-quoting: safe for any text, including quotes and newlines.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r#"'\''"#))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::http::Method;

    fn patch() -> ApiRequest {
        ApiRequest {
            method: Method::Patch,
            path: "/apiops/projects/P/apiProxies/It's/settings/mtls/".into(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Some(r#"{"enabled":true}"#.into()),
        }
    }

    #[test]
    fn uses_a_placeholder_unless_the_token_is_asked_for() {
        let command = to_curl(&patch(), "https://portal.example/", None);
        assert_eq!(
            command,
            "curl -X PATCH 'https://portal.example/apiops/projects/P/apiProxies/It'\\''s/settings/mtls/' \\\n  \
             -H 'Content-Type: application/json' \\\n  \
             -H \"Authorization: Bearer $TOKEN\" \\\n  \
             --data-raw '{\"enabled\":true}'"
        );
        let with_token = to_curl(&patch(), "https://portal.example", Some("abc"));
        assert!(with_token.contains("-H 'Authorization: Bearer abc'"));
        assert!(!command.contains("abc"));
    }
}
