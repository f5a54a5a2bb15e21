//! A panic never leaves the page silent.
//!
//! The browser build aborts on panic (`panic = "abort"`): the wasm instance stops where it was,
//! and whatever was loading stays "Loading…" with its buttons disabled. The hook installed by
//! [`install`] first puts a banner in the page that says so. It is built with plain DOM calls,
//! because the reactive system may be the part that panicked, and it offers a plain link to
//! reload (no script: the wasm may not run another event). Its look is the `.panic-banner` class
//! in `style/main.css`; no `style` attribute, which the page's CSP (no `'unsafe-inline'`) refuses.

/// What the banner says.
pub const MESSAGE: &str =
    "Something went wrong in the portal — reload the page; your connections are kept.";

/// The banner's element id (one banner, however many panics).
pub const BANNER_ID: &str = "panic-banner";

/// Adds [`show`] in front of the panic hook installed so far (console_error_panic_hook in the
/// app, the test harness's in browser tests).
pub fn install() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        show();
        previous(info);
    }));
}

/// Puts the banner at the top of the page, once. Does nothing outside a browser.
pub fn show() {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = render();
    }
}

#[cfg(target_arch = "wasm32")]
fn render() -> Option<()> {
    let document = web_sys::window()?.document()?;
    if document.get_element_by_id(BANNER_ID).is_some() {
        return Some(());
    }
    let body = document.body()?;
    let banner = document.create_element("div").ok()?;
    banner.set_id(BANNER_ID);
    banner.set_class_name("panic-banner");
    banner.set_attribute("role", "alert").ok()?;
    banner.set_attribute("data-testid", "panic-banner").ok()?;
    let text = document.create_element("p").ok()?;
    text.set_text_content(Some(MESSAGE));
    banner.append_child(&text).ok()?;
    // A link to this very page reloads it without running any of the portal's code.
    let reload = document.create_element("a").ok()?;
    let here = document.location().and_then(|l| l.href().ok());
    reload
        .set_attribute("href", here.as_deref().unwrap_or("/"))
        .ok()?;
    reload.set_class_name("button button-primary");
    reload.set_text_content(Some("Reload the page"));
    banner.append_child(&reload).ok()?;
    body.insert_before(&banner, body.first_child().as_ref())
        .ok()?;
    Some(())
}
