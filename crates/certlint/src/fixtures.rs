//! The engine's certificate fixtures (`tests/fixtures`, made by its `generate.sh`), for the unit
//! tests inside the crate.

/// 2026-01-01, within the fixtures' validity (2020–2120).
pub const NOW: i64 = 1_767_225_600;

/// The bytes of fixture `name`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
