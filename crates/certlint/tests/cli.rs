//! The certlint binary: arguments, JSON shape and exit codes.

use std::process::Command;

fn certlint(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_certlint"))
        .args(args)
        .current_dir(format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR")))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const NOW: &str = "2026-01-01T00:00:00Z";

#[test]
fn exit_codes() {
    assert_eq!(certlint(&["--now", NOW, "chain-good.pem"]).0, 0);
    assert_eq!(certlint(&["--now", NOW, "chain-reversed.pem"]).0, 0); // warning
    assert_eq!(certlint(&["--now", NOW, "rsa1024.pem"]).0, 1); // weak
    assert_eq!(
        certlint(&["--now", NOW, "chain-good.pem", "expired.pem"]).0,
        1
    );
    assert_eq!(certlint(&["--now", NOW, "no-such-file.pem"]).0, 2);
    assert_eq!(certlint(&["--now", "yesterday", "chain-good.pem"]).0, 2);
    assert_eq!(certlint(&["--bogus", "chain-good.pem"]).0, 2);
    assert_eq!(certlint(&[]).0, 2);
    let (code, help, _) = certlint(&["--help"]);
    assert_eq!(code, 0);
    assert!(help.contains("USAGE"));
}

#[test]
fn json_for_one_and_several_files() {
    let (code, out, _) = certlint(&["--json", "--now", NOW, "chain-reversed.pem"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["file"], "chain-reversed.pem");
    assert_eq!(v["verdict"], "warning");
    assert_eq!(v["certificates"].as_array().unwrap().len(), 3);
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "wrong_order");
    assert_eq!(f["severity"], "warning");
    assert!(f["certificate"].is_null());
    assert!(f["message"].is_string());

    let (code, out, _) = certlint(&[
        "--json",
        "--now",
        NOW,
        "chain-good.pem",
        "throwaway-test-key-rsa.pem",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[1]["verdict"], "error");
    let key = std::fs::read_to_string(format!(
        "{}/tests/fixtures/throwaway-test-key-rsa.pem",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    for line in key.lines().filter(|l| !l.starts_with("-----")) {
        assert!(!out.contains(line), "key material in the output");
    }
}

#[test]
fn text_output_names_findings() {
    let (code, out, _) = certlint(&["--now", NOW, "chain-missing-root.pem"]);
    assert_eq!(code, 0);
    assert!(out.contains("WARNING"));
    assert!(out.contains("missing_root"));
}

#[test]
fn reads_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_certlint"))
        .args(["--now", NOW, "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = std::fs::read(format!(
        "{}/tests/fixtures/chain-good.pem",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("-: OK"));
}

#[test]
fn purpose_selects_the_required_key_purpose() {
    // chain-good.pem's leaf allows clientAuth only; serverauth.pem's allows serverAuth only.
    assert_eq!(certlint(&["--now", NOW, "chain-good.pem"]).0, 0);
    assert_eq!(
        certlint(&["--now", NOW, "--purpose", "client", "chain-good.pem"]).0,
        0
    );
    let (code, out, _) = certlint(&["--now", NOW, "--purpose", "server", "chain-good.pem"]);
    assert_eq!(code, 1);
    assert!(out.contains("leaf_wrong_purpose"), "{out}");
    assert_eq!(
        certlint(&["--now", NOW, "--purpose", "server", "serverauth.pem"]).0,
        0
    );
    assert_eq!(certlint(&["--now", NOW, "serverauth.pem"]).0, 1);
    assert_eq!(
        certlint(&["--now", NOW, "--purpose", "both", "chain-good.pem"]).0,
        2
    );
}

#[test]
fn text_output_names_the_paths_not_taken() {
    let (code, out, _) = certlint(&["--now", NOW, "paths-cross-signed.pem"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("chain: #1 -> #4 -> #5 (root present)"),
        "{out}"
    );
    assert!(
        out.contains("path not taken: #1 -> #2 -> #3 (#3 has expired)"),
        "{out}"
    );
}
