//! Browser entry point: panic hooks (the console's message, and a banner in the page, so that a
//! panic is never silent), then the app.

fn main() {
    console_error_panic_hook::set_once();
    mtls_portal::panic_banner::install();
    leptos::mount::mount_to_body(mtls_portal::App);
}
