//! The form's state, typed: each setting starts as "leave unchanged" and becomes the part of the
//! partial update it stands for.

use leptos::prelude::*;

use crate::api::apinizer::{
    Confirmations, Field, HostnameVerifier, MtlsChange, Protocol, ProtocolChoice,
};

/// The `enabled` field: left out, `true` or `false`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EnabledChoice {
    #[default]
    Unchanged,
    Enable,
    Disable,
}

impl EnabledChoice {
    pub const ALL: [EnabledChoice; 3] = [
        EnabledChoice::Unchanged,
        EnabledChoice::Enable,
        EnabledChoice::Disable,
    ];

    /// The value of the radio button (also in its id and test id).
    pub fn as_str(self) -> &'static str {
        match self {
            EnabledChoice::Unchanged => "unchanged",
            EnabledChoice::Enable => "true",
            EnabledChoice::Disable => "false",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EnabledChoice::Unchanged => "leave unchanged",
            EnabledChoice::Enable => "enable",
            EnabledChoice::Disable => "disable",
        }
    }

    fn as_change(self) -> Option<bool> {
        match self {
            EnabledChoice::Unchanged => None,
            EnabledChoice::Enable => Some(true),
            EnabledChoice::Disable => Some(false),
        }
    }
}

/// The `supportedProtocolList` field: left out, the protocols ticked, or every protocol.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProtocolMode {
    #[default]
    Unchanged,
    Only,
    All,
}

impl ProtocolMode {
    /// The value of the radio button (also in its id and test id).
    pub fn as_str(self) -> &'static str {
        match self {
            ProtocolMode::Unchanged => "unchanged",
            ProtocolMode::Only => "only",
            ProtocolMode::All => "all",
        }
    }
}

/// The `hostnameVerifierType` select: left out, or one of the API's values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VerifierChoice(pub Option<HostnameVerifier>);

impl VerifierChoice {
    /// The `<option>` value for "leave unchanged".
    pub const UNCHANGED: &'static str = "unchanged";

    pub fn as_str(self) -> &'static str {
        self.0.map_or(Self::UNCHANGED, HostnameVerifier::as_str)
    }

    /// An option's value read back; anything but a verifier's name leaves it unchanged.
    pub fn from_option(value: &str) -> Self {
        Self(HostnameVerifier::from_api(value))
    }
}

/// Every field of the form, each its own signal so a value survives any failure.
#[derive(Clone, Copy)]
pub struct MtlsForm {
    pub project: RwSignal<String>,
    pub proxy: RwSignal<String>,
    pub enabled: RwSignal<EnabledChoice>,
    pub key_store: RwSignal<String>,
    pub trust_store: RwSignal<String>,
    pub protocol_mode: RwSignal<ProtocolMode>,
    /// One box per protocol, in `Protocol::ALL`'s order; TLS 1.2 and 1.3 ticked at first.
    pub protocols: [(Protocol, RwSignal<bool>); 5],
    pub verifier: RwSignal<VerifierChoice>,
    pub confirm_noop: RwSignal<bool>,
    pub confirm_legacy: RwSignal<bool>,
    pub confirm_all: RwSignal<bool>,
    /// Set by the first attempt to send: messages show from then on, live.
    pub tried: RwSignal<bool>,
}

impl MtlsForm {
    pub fn new() -> Self {
        Self {
            project: RwSignal::new(String::new()),
            proxy: RwSignal::new(String::new()),
            enabled: RwSignal::new(EnabledChoice::Unchanged),
            key_store: RwSignal::new(String::new()),
            trust_store: RwSignal::new(String::new()),
            protocol_mode: RwSignal::new(ProtocolMode::Unchanged),
            protocols: Protocol::ALL.map(|p| {
                (
                    p,
                    RwSignal::new(matches!(p, Protocol::Tls12 | Protocol::Tls13)),
                )
            }),
            verifier: RwSignal::new(VerifierChoice::default()),
            confirm_noop: RwSignal::new(false),
            confirm_legacy: RwSignal::new(false),
            confirm_all: RwSignal::new(false),
            tried: RwSignal::new(false),
        }
    }

    /// The protocols ticked, newest first; tracked.
    pub fn ticked(&self) -> Vec<Protocol> {
        self.protocols
            .iter()
            .filter(|(_, ticked)| ticked.get())
            .map(|(p, _)| *p)
            .collect()
    }

    /// The partial update the form stands for; tracked.
    pub fn change(&self) -> MtlsChange {
        let text = |s: RwSignal<String>| {
            s.with(|v| {
                let v = v.trim();
                (!v.is_empty()).then(|| v.to_string())
            })
        };
        MtlsChange {
            enabled: self.enabled.get().as_change(),
            key_store_id: text(self.key_store),
            trust_store_id: text(self.trust_store),
            protocols: match self.protocol_mode.get() {
                ProtocolMode::Unchanged => ProtocolChoice::Unchanged,
                ProtocolMode::Only => ProtocolChoice::Only(self.ticked()),
                ProtocolMode::All => ProtocolChoice::All,
            },
            verifier: self.verifier.get().0,
        }
    }

    pub fn confirmations(&self) -> Confirmations {
        Confirmations {
            noop_verifier: self.confirm_noop.get(),
            legacy_protocols: self.confirm_legacy.get(),
            all_protocols: self.confirm_all.get(),
        }
    }
}

impl Default for MtlsForm {
    fn default() -> Self {
        Self::new()
    }
}

/// The checks' messages, shown from the first attempt to send on.
#[derive(Clone, Copy)]
pub struct Messages {
    pub errors: Memo<Vec<(Field, String)>>,
    pub tried: RwSignal<bool>,
}

impl Messages {
    /// The message for `field`, while messages are shown.
    pub fn of(self, field: Field) -> Signal<Option<String>> {
        Signal::derive(move || {
            if !self.tried.get() {
                return None;
            }
            self.errors.with(|errors| {
                errors
                    .iter()
                    .find(|(f, _)| *f == field)
                    .map(|(_, m)| m.clone())
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_form_changes_nothing() {
        let owner = Owner::new();
        owner.with(|| {
            assert_eq!(MtlsForm::new().change(), MtlsChange::default());
        });
    }

    #[test]
    fn each_choice_becomes_its_field() {
        let owner = Owner::new();
        owner.with(|| {
            let form = MtlsForm::new();
            form.enabled.set(EnabledChoice::Disable);
            form.key_store.set("  ks  ".into());
            form.protocol_mode.set(ProtocolMode::Only);
            form.verifier.set(VerifierChoice::from_option("STRICT"));
            assert_eq!(
                form.change(),
                MtlsChange {
                    enabled: Some(false),
                    key_store_id: Some("ks".into()),
                    trust_store_id: None,
                    protocols: ProtocolChoice::Only(vec![Protocol::Tls13, Protocol::Tls12]),
                    verifier: Some(HostnameVerifier::Strict),
                }
            );
            form.protocol_mode.set(ProtocolMode::All);
            assert_eq!(form.change().protocols, ProtocolChoice::All);
        });
    }

    #[test]
    fn radio_and_option_values_read_back() {
        let values: Vec<_> = EnabledChoice::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(values, ["unchanged", "true", "false"]);
        for verifier in HostnameVerifier::ALL {
            let choice = VerifierChoice(Some(verifier));
            assert_eq!(VerifierChoice::from_option(choice.as_str()), choice);
        }
        assert_eq!(
            VerifierChoice::from_option(VerifierChoice::UNCHANGED),
            VerifierChoice(None)
        );
        assert_eq!(
            VerifierChoice::from_option("<script>"),
            VerifierChoice(None)
        );
    }
}
