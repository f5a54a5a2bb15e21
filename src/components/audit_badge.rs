//! What the last truststore audit said about a store, where a truststore is shown or chosen: a
//! badge in the Virtual hosts table, a warning under the form's truststore field.

use leptos::prelude::*;

use crate::state::audit::use_audit_state;

/// "weak", "error"… → the badge's colour.
fn badge_class(verdict: &str) -> &'static str {
    match verdict {
        "ok" => "badge badge-ok",
        "warning" => "badge badge-warning",
        "weak" => "badge badge-weak",
        "error" => "badge badge-error",
        _ => "badge badge-muted",
    }
}

/// The last audit's verdict on the truststore `value` (a store name or `ref://…`), if audited.
#[component]
pub fn AuditBadge(#[prop(into)] value: String) -> impl IntoView {
    let state = use_audit_state();
    move || {
        state.verdicts.with(|verdicts| {
            let verdicts = verdicts.as_ref()?;
            let verdict = verdicts.of(&value)?.to_string();
            let title = format!("Truststore audit of {}: {verdict}", verdicts.generated_at);
            Some(view! {
                " "
                <span class=badge_class(&verdict) title=title data-testid="audit-badge">
                    {format!("audit: {verdict}")}
                </span>
            })
        })
    }
}

/// A warning when the truststore `value` was audited weak or broken.
#[component]
pub fn AuditWarning(#[prop(into)] value: Signal<String>) -> impl IntoView {
    let state = use_audit_state();
    move || {
        let chosen = value.get();
        let chosen = chosen.trim().to_string();
        state.verdicts.with(|verdicts| {
            let verdicts = verdicts.as_ref()?;
            if !verdicts.needs_attention(&chosen) {
                return None;
            }
            let verdict = verdicts.of(&chosen).unwrap_or_default().to_string();
            let at = verdicts.generated_at.clone();
            Some(view! {
                <p class="notice notice-warning" role="status" data-testid="audit-warning">
                    {format!(
                        "The truststore audit of {at} judged {chosen} {}: clients would be checked \
                         against weak or broken certificates. ",
                        if verdict == "weak" { "weak" } else { "broken" }
                    )}
                    <a href="/audit">"See the audit"</a>
                </p>
            })
        })
    }
}
