//! Emitted by the runner when a rule panics; its own check reports nothing.

use crate::model::Severity;
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "rule_failed",
    severity: Severity::Error,
    title: "A rule failed",
    citation: "Engine: a failing rule is reported, never fatal (as in zlint)",
};

pub fn check(_ctx: &Context<'_>) -> Vec<Draft> {
    Vec::new()
}
