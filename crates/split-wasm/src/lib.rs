//! Trunk post-build step: cuts the portal's lazy pages out of the main wasm.
//!
//! Trunk builds `mtls-portal` with cargo, runs wasm-bindgen and wasm-opt, and writes the page.
//! It knows nothing of split points, so this step (a `post_build` hook in `Trunk.toml`) starts
//! again from the wasm cargo linked (with relocations kept, see the root `build.rs`):
//!
//! 1. `wasm_split_cli_support` moves every function reachable only from a split point (a
//!    `#[wasm_split]` function, see `src/pages.rs`) into a chunk of its own; code that several
//!    splits share goes into shared chunks, and the main module keeps the rest. It also writes the
//!    JS loader (`__wasm_split.js`) the main module imports to fetch the chunks.
//! 2. wasm-bindgen on the new main module, keeping the exports the chunks link against.
//! 3. wasm-opt `-Oz` on the main module and every chunk (release builds, as Trunk does).
//! 4. The result replaces Trunk's own wasm and JS under the same names (Trunk names them after
//!    the hash of the wasm cargo built, which is also this step's input); the loader and chunks go
//!    to a folder named after the hash of their contents, so a browser never mixes chunks of two
//!    builds; `index.html` gets the new integrity hashes and a preload of the loader.

pub mod html;

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};
use thiserror::Error;

/// The import module the split points link to before splitting (`wasm_split_macros`).
const PLACEHOLDER_MODULE: &[u8] = b"__wasm_split_placeholder__";
/// The chunk loader the splitter writes, and its name as the main module imports it before it
/// moves into its hashed folder.
const LOADER: &str = "__wasm_split.js";
const LINK_NAME: &str = "./__wasm_split.js";

#[derive(Debug, Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "{staging}: no {base}.js from Trunk; the wasm at {wasm} is not the one this build used \
         (is the app built with the `wasm-release` cargo profile, as index.html says?)"
    )]
    NotTrunkOutput {
        staging: String,
        base: String,
        wasm: String,
    },
    #[error("splitting {}: {message}", path.display())]
    Split { path: PathBuf, message: String },
    #[error("{tool} could not run ({reason}); scripts/setup.sh installs it")]
    ToolMissing {
        tool: &'static str,
        reason: io::Error,
    },
    #[error("{tool} failed: {output}")]
    ToolFailed { tool: &'static str, output: String },
    #[error("the JS from wasm-bindgen does not import {LINK_NAME}: nothing would load the chunks")]
    LoaderNotImported,
    #[error(transparent)]
    Html(#[from] html::HtmlError),
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What to split and where Trunk's output is.
#[derive(Clone, Debug)]
pub struct Job {
    /// The wasm cargo linked, e.g. `target/wasm32-unknown-unknown/wasm-release/mtls-portal.wasm`.
    pub wasm: PathBuf,
    /// The binary's name, which Trunk uses for its output files.
    pub name: String,
    /// Trunk's staging folder (`TRUNK_STAGING_DIR`).
    pub staging: PathBuf,
    /// Trunk's public URL (`TRUNK_PUBLIC_URL`), the prefix of every href in index.html.
    pub public_url: String,
    /// Run wasm-opt (release builds).
    pub optimize: bool,
}

/// One file written, for the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub path: String,
    pub bytes: u64,
}

/// What the step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The wasm has no split points (built without the `split` feature): Trunk's output stays.
    NothingToSplit,
    Split {
        main: Written,
        chunks: Vec<Written>,
    },
}

/// The name Trunk gives the build's files: `{name}-{seahash of the cargo wasm, hex}`.
pub fn trunk_base_name(name: &str, wasm: &[u8]) -> String {
    use std::hash::Hasher as _;
    let mut hasher = seahash::SeaHasher::new();
    // Trunk feeds the file through `io::copy`; seahash's result does not depend on how the
    // bytes are cut into writes, so one write gives the same hash.
    hasher.write(wasm);
    format!("{name}-{:x}", hasher.finish())
}

/// `sha384-…`, as in an `integrity` attribute.
pub fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// Points the main JS's `import … from "./__wasm_split.js"` statements at `folder`. Only the
/// import statements change: the keys of the wasm import object must keep naming the module as
/// the wasm does.
pub fn point_imports_at(js: &str, folder: &str) -> Result<String, Error> {
    let mut out = js.to_string();
    let mut count = 0;
    for quote in ['"', '\''] {
        let from = format!("from {quote}{LINK_NAME}{quote}");
        let to = format!("from {quote}./{folder}/{LOADER}{quote}");
        count += out.matches(&from).count();
        out = out.replace(&from, &to);
    }
    if count == 0 {
        return Err(Error::LoaderNotImported);
    }
    Ok(out)
}

/// Runs the whole step.
pub fn run(job: &Job) -> Result<Outcome, Error> {
    let input = std::fs::read(&job.wasm).map_err(io_error(&job.wasm))?;
    if !contains(&input, PLACEHOLDER_MODULE) {
        return Ok(Outcome::NothingToSplit);
    }
    // Trunk's name for this wasm, or the plain name when its `filehash` is off.
    let hashed = trunk_base_name(&job.name, &input);
    let base = [hashed.as_str(), job.name.as_str()]
        .into_iter()
        .find(|b| job.staging.join(format!("{b}.js")).is_file())
        .map(str::to_string)
        .ok_or_else(|| Error::NotTrunkOutput {
            staging: job.staging.display().to_string(),
            base: hashed.clone(),
            wasm: job.wasm.display().to_string(),
        })?;

    let work = job
        .wasm
        .parent()
        .unwrap_or(Path::new("."))
        .join("split-wasm");
    if work.exists() {
        std::fs::remove_dir_all(&work).map_err(io_error(&work))?;
    }
    let chunks_dir = work.join("chunks");
    let bindgen_dir = work.join("bindgen");
    std::fs::create_dir_all(&chunks_dir).map_err(io_error(&chunks_dir))?;
    let split_main = work.join("main.wasm");

    // 1. Split. The loader sits in a folder beside the main JS, so it imports it from `../`.
    let main_module = format!("../{base}.js");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = &chunks_dir;
        options.main_out_path = &split_main;
        options.link_name = LINK_NAME;
        options.main_module = &main_module;
        options
    })
    .map_err(|e| Error::Split {
        path: job.wasm.clone(),
        message: format!("{e:#}"),
    })?;

    // 2. wasm-bindgen, keeping the linker's exports (table, stack pointer) the chunks import.
    run_tool(
        "wasm-bindgen",
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--keep-lld-exports", "--no-typescript"])
            .arg("--out-name")
            .arg(&job.name)
            .arg("--out-dir")
            .arg(&bindgen_dir)
            .arg(&split_main),
    )?;
    let main_wasm = bindgen_dir.join(format!("{}_bg.wasm", job.name));

    // 3. wasm-opt, as Trunk would have.
    if job.optimize {
        for file in std::iter::once(&main_wasm).chain(&split.split_modules) {
            run_tool(
                "wasm-opt",
                Command::new("wasm-opt")
                    .arg("-Oz")
                    .arg(file)
                    .arg("-o")
                    .arg(file),
            )?;
        }
    }

    // 4. The chunk folder, named after its contents: each file read once, hashed, written.
    let mut chunk_paths: Vec<PathBuf> = split.split_modules.clone();
    chunk_paths.push(chunks_dir.join(LOADER));
    chunk_paths.sort();
    let mut chunk_files = Vec::with_capacity(chunk_paths.len());
    let mut digest = Sha256::new();
    for path in &chunk_paths {
        let bytes = std::fs::read(path).map_err(io_error(path))?;
        let name = file_name(path);
        digest.update(name.as_bytes());
        digest.update((bytes.len() as u64).to_le_bytes());
        digest.update(&bytes);
        chunk_files.push((name, bytes));
    }
    let folder = format!("{}-chunks-{}", job.name, &hex(&digest.finalize())[..16]);
    let target = job.staging.join(&folder);
    std::fs::create_dir_all(&target).map_err(io_error(&target))?;
    let mut chunks = Vec::new();
    for (name, bytes) in &chunk_files {
        let to = target.join(name);
        std::fs::write(&to, bytes).map_err(io_error(&to))?;
        chunks.push(Written {
            path: format!("{folder}/{name}"),
            bytes: bytes.len() as u64,
        });
    }

    // The main JS and wasm replace Trunk's.
    let js_path = bindgen_dir.join(format!("{}.js", job.name));
    let js = std::fs::read_to_string(&js_path).map_err(io_error(&js_path))?;
    let js = point_imports_at(&js, &folder)?;
    let staged_js = job.staging.join(format!("{base}.js"));
    std::fs::write(&staged_js, &js).map_err(io_error(&staged_js))?;
    let wasm_bytes = std::fs::read(&main_wasm).map_err(io_error(&main_wasm))?;
    let staged_wasm = job.staging.join(format!("{base}_bg.wasm"));
    std::fs::write(&staged_wasm, &wasm_bytes).map_err(io_error(&staged_wasm))?;
    copy_snippets(&bindgen_dir.join("snippets"), &job.staging.join("snippets"))?;

    // index.html: integrity of what changed, and the loader preloaded beside the main JS.
    let index = job.staging.join("index.html");
    let mut page = std::fs::read_to_string(&index).map_err(io_error(&index))?;
    let url = |file: &str| format!("{}{file}", job.public_url);
    page = html::set_integrity(
        &page,
        &url(&format!("{base}.js")),
        &integrity(js.as_bytes()),
    )?;
    page = html::set_integrity(
        &page,
        &url(&format!("{base}_bg.wasm")),
        &integrity(&wasm_bytes),
    )?;
    let loader_bytes = chunk_files
        .iter()
        .find(|(name, _)| name == LOADER)
        .map(|(_, bytes)| bytes.as_slice())
        .unwrap_or_default();
    page = html::add_modulepreload(
        &page,
        &url(&format!("{base}.js")),
        &url(&format!("{folder}/{LOADER}")),
        &integrity(loader_bytes),
    )?;
    std::fs::write(&index, page).map_err(io_error(&index))?;

    Ok(Outcome::Split {
        main: Written {
            path: format!("{base}_bg.wasm"),
            bytes: wasm_bytes.len() as u64,
        },
        chunks,
    })
}

/// The Content-Security-Policy of the built page (`index.html` in `staging`), with the hash of
/// every inline script Trunk wrote: the last edit of the page, after everything that changes its
/// scripts. Returns the number of inline scripts allowed.
pub fn protect_index(staging: &Path) -> Result<usize, Error> {
    let index = staging.join("index.html");
    let page = std::fs::read_to_string(&index).map_err(io_error(&index))?;
    let hashes: Vec<String> = html::inline_scripts(&page)?
        .into_iter()
        .map(|script| {
            use base64::Engine;
            use sha2::Digest;
            let digest = sha2::Sha256::digest(script.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let page = html::set_csp_meta(&page, &html::csp_policy(&hashes))?;
    std::fs::write(&index, page).map_err(io_error(&index))?;
    Ok(hashes.len())
}

/// Extensions of the files compressed at build time (images other than SVG and fonts are
/// compressed already).
const COMPRESSIBLE: [&str; 9] = [
    "html", "js", "mjs", "wasm", "css", "map", "json", "svg", "txt",
];

/// Files up to this size get zopfli's full effort; larger ones (the certificate worker, fetched
/// on one page only) fewer iterations, which keeps a release build within seconds.
const ZOPFLI_FULL_EFFORT_BYTES: usize = 600 * 1024;

/// gzip (RFC 1952) at zopfli's density: the same format a browser inflates, fewer bytes.
fn gzip(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let iterations = if bytes.len() <= ZOPFLI_FULL_EFFORT_BYTES {
        15
    } else {
        5
    };
    let options = zopfli::Options {
        iteration_count: std::num::NonZeroU64::new(iterations).unwrap_or(std::num::NonZeroU64::MIN),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    zopfli::compress(options, zopfli::Format::Gzip, bytes, &mut out)?;
    Ok(out)
}

/// Writes `NAME.gz` (gzip by zopfli) and `NAME.br` (brotli quality 11, window 2^24) beside every
/// compressible file under `staging`, the last step of a release build: `portal-server` serves
/// them as they are, so the highest levels cost nothing per request. Returns (files, bytes before,
/// brotli bytes after).
pub fn precompress(staging: &Path) -> Result<(usize, u64, u64), Error> {
    let mut files = Vec::new();
    list_files(staging, 0, &mut files)?;
    let (mut count, mut before, mut after) = (0, 0u64, 0u64);
    for path in files {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext.as_str()) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(io_error(&path))?;
        if bytes.len() < 256 {
            continue;
        }
        let gz_path = PathBuf::from(format!("{}.gz", path.display()));
        let gz = gzip(&bytes).map_err(io_error(&gz_path))?;
        std::fs::write(&gz_path, gz).map_err(io_error(&gz_path))?;
        let br_path = PathBuf::from(format!("{}.br", path.display()));
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 24,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut bytes.as_slice(), &mut br, &params)
            .map_err(io_error(&br_path))?;
        std::fs::write(&br_path, &br).map_err(io_error(&br_path))?;
        count += 1;
        before += bytes.len() as u64;
        after += br.len() as u64;
    }
    Ok((count, before, after))
}

fn list_files(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    if depth > 8 {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).map_err(io_error(dir))? {
        let entry = entry.map_err(io_error(dir))?;
        let kind = entry.file_type().map_err(io_error(dir))?;
        if kind.is_dir() {
            list_files(&entry.path(), depth + 1, out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

fn run_tool(tool: &'static str, command: &mut Command) -> Result<(), Error> {
    let output = command
        .output()
        .map_err(|reason| Error::ToolMissing { tool, reason })?;
    if output.status.success() {
        return Ok(());
    }
    let mut text = String::from_utf8_lossy(&output.stderr).trim().to_string();
    if text.is_empty() {
        text = format!("exit status {}", output.status);
    }
    Err(Error::ToolFailed { tool, output: text })
}

/// wasm-bindgen's inline JS snippets, if any (Trunk copied its own; these are the same files).
fn copy_snippets(from: &Path, to: &Path) -> Result<(), Error> {
    if !from.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(to).map_err(io_error(to))?;
    for entry in std::fs::read_dir(from).map_err(io_error(from))? {
        let entry = entry.map_err(io_error(from))?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_snippets(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).map_err(io_error(&dest))?;
        }
    }
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_names_files_after_the_seahash_of_the_wasm() {
        // The same bytes fed in pieces, as Trunk's `io::copy` does, give the same name.
        use std::hash::Hasher as _;
        let wasm: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut pieces = seahash::SeaHasher::new();
        for piece in wasm.chunks(8192) {
            pieces.write(piece);
        }
        assert_eq!(
            trunk_base_name("app", &wasm),
            format!("app-{:x}", pieces.finish())
        );
        assert_ne!(
            trunk_base_name("app", &wasm),
            trunk_base_name("app", &wasm[1..])
        );
    }

    #[test]
    fn integrity_is_sha384_in_base64() {
        // echo -n abc | openssl dgst -sha384 -binary | base64
        assert_eq!(
            integrity(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }

    #[test]
    fn only_the_import_statements_move_to_the_chunk_folder() {
        let js = r#"import * as import1 from "./__wasm_split.js"
import * as import2 from './__wasm_split.js'
const imports = { "./__wasm_split.js": import1 };"#;
        let out = point_imports_at(js, "app-chunks-1").unwrap();
        assert!(out.contains(r#"import1 from "./app-chunks-1/__wasm_split.js""#));
        assert!(out.contains("import2 from './app-chunks-1/__wasm_split.js'"));
        assert!(out.contains(r#"{ "./__wasm_split.js": import1 }"#));
    }

    #[test]
    fn js_without_the_loader_import_is_refused() {
        assert!(matches!(
            point_imports_at("import x from './other.js'", "f"),
            Err(Error::LoaderNotImported)
        ));
    }

    /// A job on `wasm` in a fresh folder that is also its (empty) staging folder.
    fn job_on(label: &str, wasm: &[u8]) -> Job {
        let dir = std::env::temp_dir().join(format!("split-wasm-{label}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("app.wasm"), wasm).unwrap();
        Job {
            wasm: dir.join("app.wasm"),
            name: "app".into(),
            staging: dir,
            public_url: "/".into(),
            optimize: false,
        }
    }

    #[test]
    fn a_wasm_without_split_points_is_left_to_trunk() {
        let job = job_on("plain", b"\0asm\x01\0\0\0");
        assert_eq!(run(&job).unwrap(), Outcome::NothingToSplit);
        std::fs::remove_dir_all(job.staging).unwrap();
    }

    #[test]
    fn a_wasm_trunk_did_not_build_is_refused() {
        let mut bytes = b"\0asm\x01\0\0\0".to_vec();
        bytes.extend_from_slice(PLACEHOLDER_MODULE);
        let job = job_on("other", &bytes);
        let error = run(&job).unwrap_err().to_string();
        assert!(error.contains("is not the one this build used"), "{error}");
        std::fs::remove_dir_all(job.staging).unwrap();
    }

    #[test]
    fn the_built_page_allows_its_inline_bootstrap_by_its_sha256() {
        let job = job_on("csp", b"");
        std::fs::write(
            job.staging.join("index.html"),
            "<html><meta charset=utf-8><script type=module>import init from '/a.js';await init();</script>",
        )
        .unwrap();
        assert_eq!(protect_index(&job.staging).unwrap(), 1);
        let page = std::fs::read_to_string(job.staging.join("index.html")).unwrap();
        // printf "import init from '/a.js';await init();" | openssl dgst -sha256 -binary | base64
        assert!(page.contains(
            "script-src 'self' 'sha256-awrdIpltG+fqPljz70QRUhUm+Xm7Xz1+HvomlNs4Osw=' 'wasm-unsafe-eval'"
        ));
        std::fs::remove_dir_all(&job.staging).unwrap();
    }

    #[test]
    fn compressible_files_get_gzip_and_brotli_forms_that_decompress_to_them() {
        let job = job_on("precompress", b"");
        let text = "export function start() { return 1; }\n".repeat(100);
        std::fs::create_dir_all(job.staging.join("chunks")).unwrap();
        std::fs::write(job.staging.join("chunks/app.js"), &text).unwrap();
        std::fs::write(job.staging.join("tiny.css"), "a{}").unwrap();
        std::fs::write(job.staging.join("logo.png"), vec![7u8; 4096]).unwrap();
        let (count, before, after) = precompress(&job.staging).unwrap();
        // app.wasm is empty (below the threshold) and so is tiny.css; PNG is not compressible.
        assert_eq!(count, 1);
        assert_eq!(before, text.len() as u64);
        assert!(after < before / 10, "{after}");
        let br = std::fs::read(job.staging.join("chunks/app.js.br")).unwrap();
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut br.as_slice(), &mut decoded).unwrap();
        assert_eq!(decoded, text.as_bytes());
        let gz = std::fs::read(job.staging.join("chunks/app.js.gz")).unwrap();
        let mut decoded = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(gz.as_slice()),
            &mut decoded,
        )
        .unwrap();
        assert_eq!(decoded, text);
        assert!(!job.staging.join("tiny.css.br").exists());
        assert!(!job.staging.join("tiny.css.gz").exists());
        assert!(!job.staging.join("logo.png.br").exists());
        std::fs::remove_dir_all(&job.staging).unwrap();
    }

    #[test]
    fn gzip_is_smaller_than_zlib_level_9_and_inflates_to_the_input() {
        // Text with repeats at many distances, like a wasm module's code and data.
        let text: String = (0..4000)
            .map(|i| {
                format!(
                    "fn f{}(x) {{ return x * {} + {}; }}\n",
                    i % 97,
                    i % 13,
                    i % 7
                )
            })
            .collect();
        let ours = gzip(text.as_bytes()).unwrap();
        let mut level9 = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut level9, text.as_bytes()).unwrap();
        let level9 = level9.finish().unwrap();
        assert!(
            ours.len() < level9.len(),
            "{} vs {}",
            ours.len(),
            level9.len()
        );
        let mut decoded = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(ours.as_slice()),
            &mut decoded,
        )
        .unwrap();
        assert_eq!(decoded, text);
    }
}
