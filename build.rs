//! The browser build with the `split` feature is cut into chunks after linking
//! (`crates/split-wasm`), which needs the relocations the linker otherwise drops.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if split && wasm {
        println!("cargo::rustc-link-arg-bin=mtls-portal=--emit-relocs");
    }
}
