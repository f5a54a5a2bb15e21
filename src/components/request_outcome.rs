//! The live region under a form: progress while a request runs, then the problem if it failed.
//! Shared by the SAP and Apinizer pages; the success panel is the page's own (it knows its data).
//!
//! A 401 asks for a new token with a link to where one is obtained (`reconnect_href`), and says
//! the form keeps what was typed; a refused login (wrong client secret or password) says so
//! instead, in the problem's message.

use leptos::prelude::*;

use crate::api::problem::Problem;

#[component]
pub fn RequestOutcome(
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] problem: Signal<Option<Problem>>,
    /// E.g. "Sending the request…".
    #[prop(optional, into)]
    pending_text: Option<String>,
    /// Where a new token is obtained: `/connections`, or an anchor on the same page.
    #[prop(optional, into)]
    reconnect_href: Option<String>,
    /// Test id of the region; its problem panel gets `<testid>-problem`.
    #[prop(optional, into)]
    testid: Option<String>,
    /// What the user does next, in place of "every field keeps its value" (forms that clear a
    /// secret after each attempt).
    #[prop(optional, into)]
    hint: Option<String>,
) -> impl IntoView {
    let hint = hint.unwrap_or_else(|| {
        "Every field keeps its value; correct what is needed and send again.".into()
    });
    let pending_text = pending_text.unwrap_or_else(|| "Sending the request…".into());
    let reconnect_href = reconnect_href.unwrap_or_else(|| "/connections".into());
    let testid = testid.unwrap_or_else(|| "outcome".into());
    let problem_id = format!("{testid}-problem");
    view! {
        <div class="request-outcome" aria-live="polite" data-testid=testid>
            {move || {
                if pending.get() {
                    return view! {
                        <p class="notice notice-info" role="status">
                            <span class="spinner" aria-hidden="true"></span>
                            {pending_text.clone()}
                        </p>
                    }
                        .into_any();
                }
                match problem.get() {
                    None => ().into_any(),
                    Some(problem) => {
                        let reconnect = problem
                            .is_unauthorized()
                            .then(|| {
                                view! {
                                    <p>
                                        "The token was refused: it has expired or is not valid. "
                                        <a href=reconnect_href.clone()>"Get a new token"</a>
                                        " and send again — the form keeps what you typed."
                                    </p>
                                }
                            });
                        view! {
                            <div class="notice notice-error" role="alert" data-testid=problem_id.clone()>
                                <p class="notice-title"><strong>{problem.headline()}</strong></p>
                                <p>{problem.message.clone()}</p>
                                {reconnect}
                                <p class="notice-hint">{hint.clone()}</p>
                            </div>
                        }
                            .into_any()
                    }
                }
            }}
        </div>
    }
}
