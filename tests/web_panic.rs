//! A real panic in the portal's code shows the banner (src/panic_banner.rs).
//!
//! The hook is installed as `main` installs it, then a Leptos click handler panics when the
//! browser dispatches the click from a timer: the way a panic reaches the app in use, from an
//! event the browser delivers. The panic aborts that call (the test build, like the release
//! build, cannot unwind on wasm32), so the test itself never panics; afterwards it only reads the
//! DOM through web-sys and leaves the mounted app alone, whose reactive state the aborted call
//! may have left mid-update. Alone in its file: each file runs in its own page and wasm instance.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use mtls_portal::panic_banner::{install, BANNER_ID, MESSAGE};
use support::{document, Mounted};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Waits `ms` on the browser's clock without entering the app's code.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn a_panic_in_an_event_handler_puts_the_banner_in_the_page() {
    install();
    let app = Mounted::view(|| {
        view! {
            <mtls_portal::App/>
            <button type="button" id="test-panic" on:click=|_| {
                panic!("a test panic from a click handler")
            }>"panic"</button>
        }
    })
    .await;
    assert!(document().get_element_by_id(BANNER_ID).is_none());

    let button = document()
        .get_element_by_id("test-panic")
        .expect("the test button");
    let click: js_sys::Function = js_sys::Reflect::get(&button, &"click".into())
        .expect("click")
        .unchecked_into();
    web_sys::window()
        .expect("window")
        .set_timeout_with_callback_and_timeout_and_arguments_0(&click.bind0(&button), 0)
        .expect("timer");
    pause(200).await;

    let banner = document()
        .get_element_by_id(BANNER_ID)
        .expect("the banner after a panic");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(banner.text_content().unwrap_or_default().contains(MESSAGE));
    // Not hidden among the page: the first element of the body.
    let first = document()
        .body()
        .and_then(|b| b.first_element_child())
        .map(|e| e.id());
    assert_eq!(first.as_deref(), Some(BANNER_ID));
    // The aborted handler may have left the reactive state mid-update: do not unmount.
    std::mem::forget(app);
}
