//! State read only when a page first asks for it (`state::Deferred`): it belongs to the app,
//! not to that page, so it outlives the page. In a page of its own, as it navigates by clicking
//! (a router left from an earlier mount in the same page would also see the click).
#![cfg(target_arch = "wasm32")]

mod support;

use support::{clear_storage, eventually, Mounted};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const HISTORY_KEY: &str = "mtls-portal.history";

#[wasm_bindgen_test]
async fn the_history_read_by_the_first_page_that_asks_outlives_that_page() {
    clear_storage();
    let session = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .expect("session storage");
    session
        .set_item(
            HISTORY_KEY,
            r#"[{"at":"2026-01-01T00:00:00Z","product":"Apinizer","method":"GET","path":"/apiops/x","status":200,"request_body":null,"response_body":null}]"#,
        )
        .expect("stored");
    let app = Mounted::at("/connections").await;
    let entries = || {
        app.root
            .query_selector_all("[data-testid=history-entry]")
            .map(|list| list.length())
            .unwrap_or(0)
    };
    assert!(eventually(|| entries() == 1).await);
    // Away to the overview (the Connections page and its owner are gone) and back: the same
    // history, still answering its Clear button.
    app.click("nav a[href='/']");
    assert!(eventually(|| entries() == 0 && !app.text_of("main h1").is_empty()).await);
    app.click("nav a[href='/connections']");
    assert!(eventually(|| entries() == 1).await);
    app.click("[data-testid=history-clear]");
    assert!(eventually(|| entries() == 0).await);
    assert_eq!(session.get_item(HISTORY_KEY).ok().flatten(), None);
    clear_storage();
}
