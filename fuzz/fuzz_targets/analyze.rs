#![no_main]
//! Any bytes: the engine must neither panic nor report a verdict without its findings.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = certlint::Options::at(1_767_225_600);
    let report = certlint::analyze(data, &options);
    let _ = certlint::parse_only(data, &options);
    // The report always serialises, and the verdict follows from the findings.
    assert!(serde_json::to_string(&report).is_ok());
    assert_eq!(report.verdict, certlint::Verdict::from_findings(&report.findings));
});
