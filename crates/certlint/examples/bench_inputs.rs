//! Writes the browser benchmark's inputs into a directory (created if missing):
//! `bundle900.pem` (900 distinct certificates) and `chain10.pem` (leaf, 8 intermediates, root),
//! generated exactly as the criterion bench generates them, and the bench's adversarial bundles.
//! Run: `cargo run --release -p certlint --example bench_inputs -- target/bench`.

#[path = "../benches/bundle.rs"]
mod bundle;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: bench_inputs <directory>");
        return ExitCode::from(2);
    };
    let files = [
        ("bundle900.pem", bundle::bundle_of_900()),
        ("chain10.pem", bundle::chain_of_10()),
        // Adversarial bundles for the path search (not read by the browser benchmark).
        ("adversary-one-name-1000.pem", bundle::one_name_many_keys()),
        ("adversary-mesh-30.pem", bundle::cross_signed_mesh(30)),
    ];
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        files
            .iter()
            .try_for_each(|(name, bytes)| std::fs::write(dir.join(name), bytes))
    });
    match written {
        Ok(()) => {
            for (name, bytes) in &files {
                println!("{} ({} bytes)", dir.join(name).display(), bytes.len());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("bench_inputs: {}: {error}", dir.display());
            ExitCode::FAILURE
        }
    }
}
