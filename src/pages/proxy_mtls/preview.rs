//! The exact request the form would send: path, body and a cURL copy.

use leptos::prelude::*;

use crate::api::http::ApiRequest;
use crate::components::copy_curl::CopyCurl;

#[component]
pub fn RequestPreview(
    /// The body as it will be sent.
    #[prop(into)]
    body: Signal<String>,
    /// The request, once project and proxy are named.
    #[prop(into)]
    request: Signal<Option<ApiRequest>>,
    #[prop(into)] token: Signal<Option<String>>,
) -> impl IntoView {
    let path = move || {
        request.with(|r| {
            r.as_ref().map(|r| r.path.clone()).unwrap_or_else(|| {
                "/apiops/projects/{project}/apiProxies/{proxy}/settings/mtls/".into()
            })
        })
    };
    view! {
        <div class="stack">
            <h3>"Request body"</h3>
            <p class="field-help">
                "Sent as "<code>"PATCH "{path}</code>
                ", exactly as shown:"
            </p>
            <pre class="code-block" data-testid="pm-preview">{move || body.get()}</pre>
            <CopyCurl request=request token=token id="pm-curl"/>
        </div>
    }
}
