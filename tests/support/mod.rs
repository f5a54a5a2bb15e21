//! Mounting the app in a test page and reading it back.
#![allow(dead_code)] // each test file uses its own part

use leptos::task::tick;
use mtls_portal::App;
use wasm_bindgen::JsCast;

pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

/// Mounts `App` into a fresh element at `path`, and removes it when dropped.
pub struct Mounted {
    pub root: web_sys::HtmlElement,
    // Unmounts the app and drops its reactive owner when the test ends.
    _handle: Box<dyn std::any::Any>,
}

impl Mounted {
    /// Mounts any view (a page with its test context) into a fresh element.
    pub async fn view<F, V>(make: F) -> Self
    where
        F: FnOnce() -> V + 'static,
        V: leptos::prelude::IntoView + 'static,
    {
        let root: web_sys::HtmlElement = document()
            .create_element("div")
            .expect("div")
            .unchecked_into();
        document()
            .body()
            .expect("body")
            .append_child(&root)
            .expect("append");
        let handle = leptos::mount::mount_to(root.clone(), make);
        tick().await;
        Self {
            root,
            _handle: Box::new(handle),
        }
    }

    /// Mounts the whole `App` at `path`.
    pub async fn at(path: &str) -> Self {
        web_sys::window()
            .expect("window")
            .history()
            .expect("history")
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
            .expect("set URL");
        Self::view(App).await
    }

    pub fn text_of(&self, selector: &str) -> String {
        self.root
            .query_selector(selector)
            .expect("valid selector")
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    pub fn click(&self, selector: &str) {
        let element: web_sys::HtmlElement = self
            .root
            .query_selector(selector)
            .expect("valid selector")
            .expect("element to click")
            .unchecked_into();
        element.click();
    }
}

/// Waits (up to about a second) until `done` holds: routing and resources settle over several
/// turns of the event loop, not one tick.
pub async fn eventually(mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        if done() {
            return true;
        }
        tick().await;
        let pause = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .expect("window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(pause).await;
    }
    done()
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}
