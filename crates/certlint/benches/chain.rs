//! Benchmarks: a 3-certificate chain, a 10-certificate chain and a bundle of 900 distinct
//! certificates, parse only and full analysis (chain building, signature checks, rules); and the
//! path search on adversarial bundles (1 000 certificates of one issuer name, a cross-signed mesh).
//! Run: `cargo bench -p certlint --bench chain`.
//!
//! The 10-chain and the 900-certificate bundle are made deterministically in `bundle.rs` (no
//! fixture of half a megabyte); `examples/bench_inputs.rs` writes the same inputs to files for the
//! browser benchmark (`bench/browser`).

mod bundle;

use bundle::{bundle_of_900, chain_of_10, cross_signed_mesh, one_name_many_keys};
use certlint::{analyze, parse_only, Options};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

const NOW: i64 = 1_767_225_600;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn benches(c: &mut Criterion) {
    let options = Options::at(NOW);
    let bundle = bundle_of_900();
    let parsed = parse_only(&bundle, &options);
    assert_eq!(parsed.certificates.len(), 900);
    assert!(parsed.errors.is_empty());
    let report = analyze(&bundle, &options);
    assert_eq!(report.chain.len(), 2, "{:?}", report.findings.first());

    let mut g = c.benchmark_group("chain3");
    for name in ["chain-good.pem", "chain-rsa.pem"] {
        let input = fixture(name);
        let r = analyze(&input, &options);
        assert!(r.findings.is_empty(), "{name}");
        g.throughput(Throughput::Elements(3));
        g.bench_function(format!("parse_only/{name}"), |b| {
            b.iter(|| parse_only(black_box(&input), &options))
        });
        g.bench_function(format!("analyze/{name}"), |b| {
            b.iter(|| analyze(black_box(&input), &options))
        });
    }
    g.finish();

    let chain10 = chain_of_10();
    let r = analyze(&chain10, &options);
    assert_eq!(r.chain.len(), 10, "{:?}", r.findings.first());
    let mut g = c.benchmark_group("chain10");
    g.throughput(Throughput::Elements(10));
    g.bench_function("parse_only", |b| {
        b.iter(|| parse_only(black_box(&chain10), &options))
    });
    g.bench_function("analyze", |b| {
        b.iter(|| analyze(black_box(&chain10), &options))
    });
    g.finish();

    let mut g = c.benchmark_group("bundle900");
    g.throughput(Throughput::Elements(900));
    g.sample_size(20);
    g.bench_function("parse_only", |b| {
        b.iter(|| parse_only(black_box(&bundle), &options))
    });
    g.bench_function("analyze", |b| {
        b.iter(|| analyze(black_box(&bundle), &options))
    });
    g.finish();

    // Path search under attack: must stay under 100 ms natively with the budget finding.
    let mut g = c.benchmark_group("adversarial");
    g.sample_size(10);
    for (name, input) in [
        ("one_name_1000_keys", one_name_many_keys()),
        ("mesh_30x29", cross_signed_mesh(30)),
    ] {
        let r = analyze(&input, &options);
        assert!(
            r.findings
                .iter()
                .any(|f| f.rule == "path_search_budget_exhausted"),
            "{name}"
        );
        g.bench_function(format!("analyze/{name}"), |b| {
            b.iter(|| analyze(black_box(&input), &options))
        });
    }
    g.finish();
}

criterion_group!(chain, benches);
criterion_main!(chain);
