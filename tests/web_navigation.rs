//! Navigation by clicking a link, in a page of its own: a router left from an earlier mount in
//! the same page would also see the click.
#![cfg(target_arch = "wasm32")]

mod support;

use support::{eventually, Mounted};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn clicking_a_link_routes_without_reload() {
    let app = Mounted::at("/").await;
    app.click("nav a[href='/certificates']");
    eventually(|| app.text_of("main h1") == "Certificates").await;
    assert_eq!(app.text_of("main h1"), "Certificates");
    let path = web_sys::window()
        .expect("window")
        .location()
        .pathname()
        .expect("pathname");
    assert_eq!(path, "/certificates");
}
