//! The Connections page in a real browser, its backend answered by a stand-in `fetch`: a refused
//! client secret or password is said in words, secrets leave their fields with every attempt,
//! and the request history stays in the tab's session storage unless a session is remembered.
#![cfg(target_arch = "wasm32")]

mod support;

use support::{
    clear_storage, eventually, stored, type_into, value_of, FakeAnswer, FakeBackend, Mounted,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const HISTORY_KEY: &str = "mtls-portal.history";
const SERVICE_KEY: &str = r#"{"url":"https://t.example","tokenUrl":"https://t.example/oauth/token","clientId":"sb-demo","clientSecret":"wrong-secret-value"}"#;

/// XSUAA's answer to a wrong client secret, with the challenge as the portal server passes it on.
fn refused_client() -> FakeAnswer {
    FakeAnswer {
        path: "/oauth/token",
        status: 401,
        headers: vec![
            ("content-type", "application/json;charset=UTF-8"),
            (
                "x-portal-upstream-authenticate",
                r#"Basic realm="UAA/client", error="unauthorized", error_description="Bad credentials""#,
            ),
        ],
        body: r#"{"error":"unauthorized","error_description":"Bad credentials"}"#.into(),
    }
}

#[wasm_bindgen_test]
async fn a_refused_client_secret_is_said_in_words_and_the_key_leaves_the_field() {
    clear_storage();
    let _backend = FakeBackend::serve(vec![refused_client()]);
    let app = Mounted::at("/connections").await;
    type_into(&app, "#sap-service-key", SERVICE_KEY);
    app.click("[data-testid=sap-get-token]");
    let problem = "[data-testid=sap-token-outcome-problem]";
    assert!(eventually(|| !app.text_of(problem).is_empty()).await);
    let text = app.text_of(problem);
    assert!(text.contains("HTTP 401"), "{text}");
    assert!(
        text.contains("The client id or secret was refused."),
        "{text}"
    );
    assert!(text.contains("Bad credentials"), "{text}");
    // Not the advice for an expired token.
    assert!(!text.contains("The token was refused"), "{text}");
    assert!(text.contains("paste it again"), "{text}");
    assert_eq!(value_of(&app, "#sap-service-key"), "");
    assert!(!app.root.inner_html().contains("wrong-secret-value"));
}

#[wasm_bindgen_test]
async fn a_failed_call_clears_the_key_too() {
    clear_storage();
    // Nothing serves the token path: a 404 is a failed attempt all the same.
    let _backend = FakeBackend::serve(Vec::new());
    let app = Mounted::at("/connections").await;
    type_into(&app, "#sap-service-key", SERVICE_KEY);
    app.click("[data-testid=sap-get-token]");
    assert!(
        eventually(|| app
            .text_of("[data-testid=sap-token-outcome-problem]")
            .contains("HTTP 404"))
        .await
    );
    assert_eq!(value_of(&app, "#sap-service-key"), "");
}

#[wasm_bindgen_test]
async fn a_refused_apinizer_password_is_said_in_words_and_cleared_the_user_kept() {
    clear_storage();
    let _backend = FakeBackend::serve(vec![FakeAnswer::json(
        "/apiops/auth/token",
        401,
        r#"{"error":"unauthorized_client","error_description":"Bad credentials"}"#,
    )]);
    let app = Mounted::at("/connections").await;
    type_into(&app, "#apinizer-user", "admin");
    type_into(&app, "#apinizer-password", "wrong-password-value");
    app.click("[data-testid=apinizer-get-token]");
    let problem = "[data-testid=apinizer-token-outcome-problem]";
    assert!(eventually(|| !app.text_of(problem).is_empty()).await);
    let text = app.text_of(problem);
    assert!(
        text.contains("The user name or password was refused"),
        "{text}"
    );
    assert!(!text.contains("The token was refused"), "{text}");
    assert_eq!(value_of(&app, "#apinizer-password"), "");
    assert_eq!(value_of(&app, "#apinizer-user"), "admin");
}

#[wasm_bindgen_test]
async fn the_history_stays_in_the_tab_unless_a_session_is_remembered() {
    clear_storage();
    let _backend = FakeBackend::serve(vec![refused_client()]);
    let app = Mounted::at("/connections").await;
    type_into(&app, "#sap-service-key", SERVICE_KEY);
    app.click("[data-testid=sap-get-token]");
    assert!(eventually(|| stored(HISTORY_KEY).0.is_some()).await);
    let (session, local) = stored(HISTORY_KEY);
    assert_eq!(local, None, "nothing on the device");
    let session = session.unwrap_or_default();
    assert!(session.contains("/oauth/token"), "{session}");
    assert!(!session.contains("wrong-secret-value"));

    // A token kept on this device takes the history with it…
    app.click("#apinizer-remember");
    type_into(&app, "#apinizer-personal-token", "opaque-personal-token");
    app.click("[data-testid=apinizer-use-token]");
    assert!(eventually(|| stored(HISTORY_KEY).1.is_some()).await);
    assert_eq!(stored(HISTORY_KEY).0, None);

    // …and signing it out brings the history back to the tab only.
    app.click("[data-testid=apinizer-sign-out]");
    assert!(eventually(|| stored(HISTORY_KEY).0.is_some()).await);
    assert_eq!(stored(HISTORY_KEY).1, None);
    clear_storage();
}
