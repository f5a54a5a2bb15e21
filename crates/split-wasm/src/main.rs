//! `split-wasm WASM NAME`: run by Trunk as a `post_build` hook (see `Trunk.toml`), which sets
//! `TRUNK_STAGING_DIR`, `TRUNK_PUBLIC_URL` and `TRUNK_PROFILE`.

use std::path::PathBuf;
use std::process::ExitCode;

use split_wasm::{precompress, protect_index, run, Job, Outcome};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [wasm, name] = args.as_slice() else {
        eprintln!("usage: split-wasm WASM NAME   (a Trunk post_build hook; see Trunk.toml)");
        return ExitCode::from(2);
    };
    let Some(staging) = std::env::var_os("TRUNK_STAGING_DIR") else {
        eprintln!("split-wasm: TRUNK_STAGING_DIR is not set; Trunk runs this as a post_build hook");
        return ExitCode::from(2);
    };
    // The wasm path is relative to the target folder cargo used.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"));
    let job = Job {
        wasm: target.join(wasm),
        name: name.clone(),
        staging: PathBuf::from(staging),
        public_url: std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".into()),
        optimize: std::env::var("TRUNK_PROFILE").as_deref() == Ok("release"),
    };
    let outcome = run(&job).and_then(|outcome| {
        let scripts = protect_index(&job.staging)?;
        println!("split-wasm: index.html's Content-Security-Policy allows {scripts} inline script(s) by hash");
        if job.optimize {
            let (files, before, after) = precompress(&job.staging)?;
            println!("split-wasm: {files} files precompressed, {before} bytes → {after} bytes brotli");
        }
        Ok(outcome)
    });
    match outcome {
        Ok(Outcome::NothingToSplit) => {
            println!("split-wasm: {name} has no split points; Trunk's output is kept");
            ExitCode::SUCCESS
        }
        Ok(Outcome::Split { main, chunks }) => {
            let total: u64 = chunks.iter().map(|c| c.bytes).sum();
            println!(
                "split-wasm: {} {} bytes; {} chunk files, {} bytes, in {}",
                main.path,
                main.bytes,
                chunks.len(),
                total,
                chunks
                    .first()
                    .and_then(|c| c.path.split('/').next())
                    .unwrap_or("-"),
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("split-wasm: {error}");
            ExitCode::FAILURE
        }
    }
}
