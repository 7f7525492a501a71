//! The JSON Schema of the report (`schema/report.schema.json`, issue 16): it is the one the
//! serde types generate, every kind of output the binary prints validates against it, and it is
//! strict enough that a renamed or added key does not.
//!
//! Regenerate the committed file with `KYC_BLESS=1 cargo test --release --test schema`.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const SCHEMA_PATH: &str = "schema/report.schema.json";
const TODAY: &str = "2026-11-22";

fn kyc() -> Command {
    let mut cmd = Command::cargo_bin("kyc-check").unwrap();
    cmd.env("NO_COLOR", "1").env("OMP_THREAD_LIMIT", "1");
    cmd
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(SCHEMA_PATH).expect("schema/report.schema.json");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// Every NDJSON line of a run, parsed.
fn run(args: &[&str]) -> Vec<Value> {
    let out = kyc()
        .args(args)
        .args(["--format", "ndjson", "--today", TODAY])
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The validation errors of one report, as text (empty when it validates).
fn errors(v: &jsonschema::Validator, report: &Value) -> Vec<String> {
    v.iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn assert_all_valid(v: &jsonschema::Validator, reports: &[Value], what: &str) {
    assert!(!reports.is_empty(), "{what}: no output");
    for r in reports {
        let errs = errors(v, r);
        assert!(
            errs.is_empty(),
            "{what}: {} does not validate: {errs:#?}",
            r["file"]
        );
    }
}

#[test]
fn committed_schema_is_the_generated_one() {
    let generated = kyc_check::report::json_schema();
    if std::env::var_os("KYC_BLESS").is_some() {
        std::fs::create_dir_all("schema").unwrap();
        std::fs::write(SCHEMA_PATH, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(SCHEMA_PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "{SCHEMA_PATH} is out of date with the report types: regenerate it with \
         `KYC_BLESS=1 cargo test --release --test schema` and commit it"
    );
}

/// Every fixture, read with its form values (as the accuracy harness gives them), validates;
/// the run covers every verdict, an MRZ, a barcode and a card of unknown kind.
#[test]
fn every_fixture_validates() {
    let v = validator();
    let reports = run(&["fixtures", "--fields", "fixtures/fields.csv"]);
    assert!(reports.len() >= 200, "{} reports", reports.len());
    assert_all_valid(&v, &reports, "fixtures with --fields");
    let has = |f: &dyn Fn(&Value) -> bool| reports.iter().any(f);
    for verdict in ["pass", "reject", "unverified"] {
        assert!(
            has(&|r| r["verdict"] == verdict),
            "no {verdict} among the fixtures"
        );
    }
    assert!(has(&|r| r["document"]["mrz"]["valid"] == true));
    assert!(has(&|r| r["document"]["barcode"]["format"] == "PDF417"));
    assert!(has(&|r| r["document"]["type"] == "card"));
    // and without form values or reading
    let plain = run(&["fixtures", "--no-ocr"]);
    assert_eq!(plain.len(), reports.len());
    assert_all_valid(&v, &plain, "fixtures with --no-ocr");
}

#[test]
fn errors_validate() {
    let v = validator();
    let dir = tempfile::tempdir().unwrap();
    let corrupt = dir.path().join("corrupt.jpg");
    std::fs::write(&corrupt, b"\xff\xd8\xff\xe0 not really a jpeg").unwrap();
    let missing = dir.path().join("missing.jpg");
    let reports = run(&[corrupt.to_str().unwrap(), missing.to_str().unwrap()]);
    assert!(
        reports.iter().any(|r| r["verdict"] == "error"),
        "{reports:?}"
    );
    assert_all_valid(&v, &reports, "errors");
}

#[test]
fn selfie_and_redacted_runs_validate() {
    let v = validator();
    let selfie = run(&[
        "fixtures/td3-desk-clean-001.jpg",
        "fixtures/dl-clutter-clean-018.jpg",
        "--selfie",
        "fixtures/selfie-clean-a.jpg",
    ]);
    assert!(selfie.iter().all(|r| r["selfie"]["faces"].is_array()));
    assert_all_valid(&v, &selfie, "--selfie");
    let redacted = run(&[
        "fixtures/td3-desk-clean-001.jpg",
        "fixtures/dlb-desk-pdf417.jpg",
        "--selfie",
        "fixtures/selfie-two-people.jpg",
        "--redact",
        "--name",
        "Anna Maria Åström",
    ]);
    assert!(redacted
        .iter()
        .any(|r| r["document"]["mrz"] == serde_json::json!({"redacted": true})));
    assert!(redacted
        .iter()
        .any(|r| r["document"]["barcode"]["fields"] == serde_json::json!({"redacted": true})));
    assert_all_valid(&v, &redacted, "--redact");
}

/// The schema is not vacuous: a renamed key, an added key, a wrong type or a value outside an
/// enum each fail, at the top level and inside `document.mrz`.
#[test]
fn changed_reports_do_not_validate() {
    let v = validator();
    let reports = run(&["fixtures/td3-desk-clean-001.jpg"]);
    let good = &reports[0];
    assert!(errors(&v, good).is_empty());
    assert!(good["document"]["mrz"]["fields"].is_object(), "{good}");
    let rename = |path: &[&str], from: &str, to: &str| {
        let mut r = good.clone();
        let mut at = &mut r;
        for p in path {
            at = &mut at[*p];
        }
        let obj = at.as_object_mut().unwrap();
        let val = obj.remove(from).unwrap_or_else(|| panic!("no {from}"));
        obj.insert(to.into(), val);
        r
    };
    let broken = [
        ("verdict renamed", rename(&[], "verdict", "verdikt")),
        ("finding key renamed", {
            let mut r = good.clone();
            let f = r["findings"][0].as_object_mut().unwrap();
            let m = f.remove("message").unwrap();
            f.insert("msg".into(), m);
            r
        }),
        (
            "mrz field renamed",
            rename(&["document", "mrz", "fields"], "surname", "last_name"),
        ),
        (
            "mrz check renamed",
            rename(&["document", "mrz", "checks"], "dob", "birth"),
        ),
        (
            "read key renamed",
            rename(&["read"], "doc_number", "number"),
        ),
        ("key added", {
            let mut r = good.clone();
            r["document"]["colour"] = "blue".into();
            r
        }),
        ("verdict outside the enum", {
            let mut r = good.clone();
            r["verdict"] = "maybe".into();
            r
        }),
        ("document type outside the enum", {
            let mut r = good.clone();
            r["document"]["type"] = "library-card".into();
            r
        }),
        ("schema_version changed", {
            let mut r = good.clone();
            r["schema_version"] = 1.into();
            r
        }),
        ("a string where a number goes", {
            let mut r = good.clone();
            r["elapsed_ms"] = "fast".into();
            r
        }),
    ];
    for (what, r) in broken {
        assert!(!errors(&v, &r).is_empty(), "{what}: still validates");
    }
}

#[test]
fn schema_file_is_where_the_readme_says() {
    assert!(Path::new(SCHEMA_PATH).exists());
}
