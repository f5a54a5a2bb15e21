//! The confirmation, in words, of a change that was saved.

use leptos::prelude::*;

use crate::api::apinizer::{MtlsChange, ProtocolChoice};

/// Words for the fields a successful change set.
fn changed_fields(change: &MtlsChange) -> String {
    let mut parts = Vec::new();
    if let Some(enabled) = change.enabled {
        parts.push(if enabled {
            "mTLS enabled".to_string()
        } else {
            "mTLS disabled".to_string()
        });
    }
    if let Some(id) = &change.key_store_id {
        parts.push(format!("keystore {id}"));
    }
    if let Some(id) = &change.trust_store_id {
        parts.push(format!("truststore {id}"));
    }
    match &change.protocols {
        ProtocolChoice::Unchanged => {}
        ProtocolChoice::All => parts.push("all protocols".into()),
        ProtocolChoice::Only(list) => parts.push(format!(
            "protocols {}",
            list.iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
    if let Some(v) = change.verifier {
        parts.push(format!("hostname verifier {}", v.as_str()));
    }
    parts.join("; ")
}

/// What was sent: the project, the proxy and the change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub project: String,
    pub proxy: String,
    pub change: MtlsChange,
}

#[component]
pub fn SavedNotice(sent: Sent) -> impl IntoView {
    let Sent {
        project,
        proxy,
        change,
    } = sent;
    view! {
        <div class="notice notice-ok" role="status" data-testid="pm-success">
            <strong>{format!("Saved: the mTLS settings of {proxy} in {project} were updated.")}</strong>
            <p>{format!("Changed: {}. Everything else was left as it was.", changed_fields(&change))}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::apinizer::{HostnameVerifier, Protocol};

    #[test]
    fn success_names_every_field_sent() {
        let change = MtlsChange {
            enabled: Some(true),
            key_store_id: Some("ks".into()),
            protocols: ProtocolChoice::Only(vec![Protocol::Tls13]),
            verifier: Some(HostnameVerifier::Strict),
            ..MtlsChange::default()
        };
        assert_eq!(
            changed_fields(&change),
            "mTLS enabled; keystore ks; protocols TLS_1_3; hostname verifier STRICT"
        );
        let all = MtlsChange {
            protocols: ProtocolChoice::All,
            ..MtlsChange::default()
        };
        assert_eq!(changed_fields(&all), "all protocols");
    }
}
