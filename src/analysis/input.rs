//! What the page does with pasted text before and after analysis.

/// Removes every PEM private key block (`-----BEGIN … PRIVATE KEY-----` to its END line) from
/// pasted text, so that key material is neither shown again nor kept. Returns the text without the
/// blocks and how many were removed. An unterminated block is removed to the end of the text.
pub fn remove_private_keys(text: &str) -> (String, usize) {
    let mut kept = String::with_capacity(text.len());
    let mut removed = 0;
    let mut in_key = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !in_key && is_boundary(trimmed, "-----BEGIN ") {
            in_key = true;
            removed += 1;
            continue;
        }
        if in_key {
            if is_boundary(trimmed, "-----END ") {
                in_key = false;
            }
            continue;
        }
        kept.push_str(line);
    }
    (kept, removed)
}

fn is_boundary(line: &str, prefix: &str) -> bool {
    line.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix("-----"))
        .is_some_and(|label| label.ends_with("PRIVATE KEY"))
}

/// Whether bytes are text the paste area can show (UTF-8 without NUL bytes).
pub fn is_text(bytes: &[u8]) -> bool {
    !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    #[test]
    fn removes_every_kind_of_private_key_block_and_keeps_the_rest() {
        for label in [
            "PRIVATE KEY",
            "RSA PRIVATE KEY",
            "EC PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY",
            "OPENSSH PRIVATE KEY",
        ] {
            let text = format!(
                "subject=CN=x\n{CERT}-----BEGIN {label}-----\r\nSECRETMATERIAL\r\n-----END {label}-----\r\n{CERT}"
            );
            let (kept, removed) = remove_private_keys(&text);
            assert_eq!(removed, 1, "{label}");
            assert!(!kept.contains("SECRETMATERIAL"), "{label}");
            assert_eq!(kept, format!("subject=CN=x\n{CERT}{CERT}"), "{label}");
        }
    }

    #[test]
    fn an_unterminated_key_is_removed_to_the_end() {
        let (kept, removed) =
            remove_private_keys(&format!("{CERT}-----BEGIN PRIVATE KEY-----\nSECRET"));
        assert_eq!((kept.as_str(), removed), (CERT, 1));
    }

    #[test]
    fn certificates_and_public_keys_are_left_alone() {
        let text = format!("{CERT}-----BEGIN PUBLIC KEY-----\nAAA\n-----END PUBLIC KEY-----\n");
        assert_eq!(remove_private_keys(&text), (text.clone(), 0));
    }

    #[test]
    fn tells_text_from_binary() {
        assert!(is_text(CERT.as_bytes()));
        assert!(!is_text(&[0x30, 0x82, 0x01, 0x00]));
        assert!(!is_text(&[0xff, 0xfe, 0x41]));
    }
}
