//! The issue-12 table over `../shared/realdata` (tuning and held-out part side by side), then one
//! line per image: part, label, MRZ verified, the checks that gave E001.
//!
//! `OMP_THREAD_LIMIT=1 cargo run --release --example realdata_table [-- --all]`
//! (`--all` lists every image, not only those with E001).

#[path = "../tests/common/realdata.rs"]
mod realdata;

fn main() {
    let all = std::env::args().any(|a| a == "--all");
    let Some(root) = realdata::root_or_skip() else {
        std::process::exit(1);
    };
    let images = realdata::images(&root);
    let mut outcomes = realdata::run(&root, &images);
    outcomes.sort_by(|a, b| (a.image.part, &a.image.rel).cmp(&(b.image.part, &b.image.rel)));
    for o in &outcomes {
        if !all && !o.e001 {
            continue;
        }
        let dpi = o
            .report
            .findings
            .iter()
            .find(|f| f.check == "resolution")
            .and_then(|f| f.value)
            .map(|v| format!("{v:.0}"))
            .unwrap_or("-".into());
        println!(
            "{:8} {:10} {:5} dpi {dpi:>4} {:60} {:?} {}",
            o.image.part.name(),
            o.image.accepts,
            if o.mrz_valid { "valid" } else { "-" },
            o.image.rel,
            o.codes,
            o.report
                .findings
                .iter()
                .filter(|f| f.status == kyc_check::finding::Status::Fail)
                .map(|f| format!("[{}: {}]", f.check, f.message))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    println!("\n{}", realdata::table(&outcomes));
}
