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

    /// The element `selector` finds; the test fails when there is none.
    pub fn element(&self, selector: &str) -> web_sys::HtmlElement {
        self.root
            .query_selector(selector)
            .expect("valid selector")
            .unwrap_or_else(|| panic!("no element {selector}"))
            .unchecked_into()
    }

    pub fn click(&self, selector: &str) {
        self.element(selector).click();
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

/// One answer of [`FakeBackend`]: what a request to `path` (any method, query ignored) gets.
pub struct FakeAnswer {
    pub path: &'static str,
    pub status: u16,
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: String,
}

impl FakeAnswer {
    pub fn json(path: &'static str, status: u16, body: &str) -> Self {
        Self {
            path,
            status,
            headers: vec![("content-type", "application/json")],
            body: body.into(),
        }
    }
}

/// Answers the page's `fetch` calls in place of a portal server (the test page has none), until
/// dropped. Paths not listed get a plain-text 404.
pub struct FakeBackend {
    original: wasm_bindgen::JsValue,
}

impl FakeBackend {
    pub fn serve(answers: Vec<FakeAnswer>) -> Self {
        let routes = js_sys::Array::new();
        for answer in answers {
            let route = js_sys::Object::new();
            let headers = js_sys::Object::new();
            for (name, value) in answer.headers {
                let _ = js_sys::Reflect::set(&headers, &name.into(), &value.into());
            }
            let _ = js_sys::Reflect::set(&route, &"path".into(), &answer.path.into());
            let _ = js_sys::Reflect::set(&route, &"status".into(), &answer.status.into());
            let _ = js_sys::Reflect::set(&route, &"headers".into(), &headers);
            let _ = js_sys::Reflect::set(&route, &"body".into(), &answer.body.into());
            routes.push(&route);
        }
        let install = js_sys::Function::new_with_args(
            "routes",
            "const original = window.fetch;
             window.fetch = (input) => {
               const url = new URL(typeof input === 'string' ? input : input.url, location.href);
               const route = routes.find((r) => r.path === url.pathname);
               if (!route) {
                 return Promise.resolve(new Response('not served', { status: 404 }));
               }
               return Promise.resolve(
                 new Response(route.body, { status: route.status, headers: route.headers }),
               );
             };
             return original;",
        );
        let original = install
            .call1(&wasm_bindgen::JsValue::NULL, &routes)
            .expect("fake fetch installed");
        Self { original }
    }
}

impl Drop for FakeBackend {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = js_sys::Reflect::set(&window, &"fetch".into(), &self.original);
        }
    }
}

/// Types `value` into the input or text area `selector` as a user would (an `input` event).
pub fn type_into(app: &Mounted, selector: &str, value: &str) {
    let element = app
        .root
        .query_selector(selector)
        .expect("valid selector")
        .expect("field");
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(value);
    }
    // Bubbling, as a user's input is: Leptos listens for it at the document.
    let event = web_sys::Event::new("input").expect("event");
    event.init_event_with_bubbles("input", true);
    element.dispatch_event(&event).expect("dispatch");
}

/// The current value of the input or text area `selector`.
pub fn value_of(app: &Mounted, selector: &str) -> String {
    let element = app
        .root
        .query_selector(selector)
        .expect("valid selector")
        .expect("field");
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        input.value()
    } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.value()
    } else {
        String::new()
    }
}

/// Web Storage of this page: `(session, local)` values of `key`.
pub fn stored(key: &str) -> (Option<String>, Option<String>) {
    let window = web_sys::window().expect("window");
    let read =
        |storage: Option<web_sys::Storage>| storage.and_then(|s| s.get_item(key).ok().flatten());
    (
        read(window.session_storage().ok().flatten()),
        read(window.local_storage().ok().flatten()),
    )
}

/// Forgets everything the portal keeps in this page's Web Storage.
pub fn clear_storage() {
    let window = web_sys::window().expect("window");
    for storage in [window.session_storage(), window.local_storage()] {
        if let Ok(Some(storage)) = storage {
            let _ = storage.clear();
        }
    }
}
