//! Issue 15: hostile input and failure modes. One regression test per numbered defect of the
//! issue (named `dNN_…` after it), plus the `unverified` verdict (issue 16) and the peak-memory
//! bound. Each of these failed before the fix; the text says what each one did.

mod common;

use assert_cmd::Command;
use common::bombs::{iccp_bomb, png, sixteen_bit_giant, zlib_zeros};
use serde_json::Value;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use tempfile::TempDir;

const SAMPLE: &str = "fixtures/td3-desk-clean-001.jpg";
const TODAY: &str = "2026-11-22";
/// The sample's document number (fixture manifest).
#[cfg(feature = "ocr")]
const SAMPLE_NUMBER: &str = "L898902C3";

/// The binary under test: this build's, or the one `KYC_CHECK_BIN` names (to run the battery
/// against an older build for the before/after table of the closing note).
fn bin() -> PathBuf {
    std::env::var_os("KYC_CHECK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| assert_cmd::cargo::cargo_bin("kyc-check"))
}

fn kyc() -> Command {
    let mut cmd = Command::new(bin());
    cmd.env("NO_COLOR", "1").env("OMP_THREAD_LIMIT", "1");
    cmd
}

fn std_kyc() -> std::process::Command {
    let mut cmd = std::process::Command::new(bin());
    cmd.env("NO_COLOR", "1").env("OMP_THREAD_LIMIT", "1");
    cmd
}

fn ndjson(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn copy_sample(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::copy(SAMPLE, &p).unwrap();
    p
}

fn count_with_suffix(dir: &Path, suffix: &str) -> usize {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(suffix))
            })
            .count()
        })
        .unwrap_or(0)
}

/// Runs `cmd` to the end and returns its exit code, its peak resident memory in KiB and its
/// stderr. The peak is the kernel's high-water mark of the child's own memory (`VmHWM` in
/// `/proc/<pid>/status`), read every 2 ms until it exits: `wait4`'s `ru_maxrss` would also
/// count this test process's memory, which a spawned child inherits into that figure.
fn exit_and_peak_rss(cmd: &mut std::process::Command) -> (i32, i64, String) {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut err = String::new();
        let _ = stderr.read_to_string(&mut err);
        err
    });
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0i64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            if let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<i64>().ok())
            {
                peak = peak.max(kib);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    use std::os::unix::process::ExitStatusExt;
    let code = status
        .code()
        .unwrap_or_else(|| -status.signal().unwrap_or(0));
    (code, peak, reader.join().unwrap())
}

/// Writes a 12000 × 9000 JPEG to `path` from a child process (this test binary, running the
/// ignored `write_big_jpeg`), so that its 324 MB of pixels never sit in this process.
fn big_jpeg_in_a_child(path: &Path) {
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "write_big_jpeg", "--nocapture"])
        .env("KYC_BIG_JPEG", path)
        .status()
        .unwrap();
    assert!(status.success() && path.exists());
}

#[test]
#[ignore = "run by peak_rss_of_one_input_stays_under_500_mb_whatever_its_header_claims"]
fn write_big_jpeg() {
    let Some(path) = std::env::var_os("KYC_BIG_JPEG") else {
        return;
    };
    let img = image::RgbImage::from_fn(12000, 9000, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x ^ y) % 239) as u8])
    });
    img.save_with_format(path, image::ImageFormat::Jpeg)
        .unwrap();
}

// ---- the `unverified` verdict (issue 16, SPEC §2/§5) ----

#[test]
fn unverified_with_no_ocr_and_form_values_exits_3() {
    let out = kyc()
        .args([SAMPLE, "--no-ocr", "--today", TODAY, "--format", "json"])
        .args(["--name", "SOMEONE ELSE", "--dob", "1990-01-01"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["verdict"], "unverified");
    assert_eq!(r["schema_version"], 2);
    let why: Vec<&str> = r["unverified"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(why.len(), 3, "{why:?}");
    assert!(why[0].contains("the name") && why[0].contains("reading turned off"));
    assert!(
        why[2].contains("reading turned off")
            && why[2].contains("expiry, age and document type were not checked"),
        "{why:?}"
    );
    // the skip reason names the cause, not "could not be read"
    let name = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "name")
        .unwrap();
    assert_eq!(name["status"], "skipped");
    assert!(
        name["message"]
            .as_str()
            .unwrap()
            .contains("reading turned off"),
        "{name}"
    );
    // text: its own verdict word
    kyc()
        .args([SAMPLE, "--no-ocr", "--today", TODAY, "--name", "X Y", "-q"])
        .assert()
        .code(3)
        .stdout(predicates::str::starts_with("UNVERIFIED"));
    // without form values too: expiry, age and the document type went unchecked (issue 17)
    let out = kyc()
        .args([SAMPLE, "--no-ocr", "--today", TODAY, "--format", "json"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["verdict"], "unverified");
    assert_eq!(
        r["unverified"][0],
        "reading turned off (--no-ocr): expiry, age and document type were not checked"
    );
}

#[test]
fn unverified_when_no_document_outline_is_found() {
    let dir = TempDir::new().unwrap();
    // an even, textured surface with no document on it, large enough not to be "too small"
    let img = image::RgbImage::from_fn(1600, 1200, |x, y| {
        let v = ((x * 7 + y * 13) % 17) as u8;
        image::Rgb([150 + v, 110 + v, 70 + v])
    });
    let path = dir.path().join("desk.png");
    img.save(&path).unwrap();
    let out = kyc()
        .arg(&path)
        .args(["--no-ocr", "--today", TODAY, "--format", "json"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let document = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "document")
        .unwrap()
        .clone();
    assert_ne!(document["status"], "pass", "{document}");
    assert_eq!(r["verdict"], "unverified", "{r}");
    assert_eq!(out.status.code(), Some(3));
    assert!(r["unverified"][0]
        .as_str()
        .unwrap()
        .contains("no document outline"));
}

#[test]
fn exit_status_precedence_is_error_reject_unverified_pass() {
    let dir = TempDir::new().unwrap();
    let good = copy_sample(dir.path(), "good.jpg");
    std::fs::write(dir.path().join("bad.jpg"), b"not an image").unwrap();
    // unverified (3) + error (2) -> 2
    kyc()
        .arg(&good)
        .arg(dir.path().join("bad.jpg"))
        .args(["--no-ocr", "--today", TODAY, "--name", "X Y", "-q"])
        .assert()
        .code(2);
    // unverified (3) + pass (0) -> 3: two copies, only one given a name by --fields
    let csv = dir.path().join("v.csv");
    std::fs::write(&csv, "file,name\ngood.jpg,X Y\n").unwrap();
    let other = copy_sample(dir.path(), "other.jpg");
    kyc()
        .arg(&good)
        .arg(&other)
        .args(["--no-ocr", "--today", TODAY, "-q", "--fields"])
        .arg(&csv)
        .assert()
        .code(3);
    // unverified (3) + reject (1) -> 1
    let dark = dir.path().join("dark.jpg");
    image::RgbImage::from_pixel(800, 600, image::Rgb([3, 3, 3]))
        .save(&dark)
        .unwrap();
    let out = kyc()
        .arg(&good)
        .arg(&dark)
        .args([
            "--no-ocr", "--today", TODAY, "--name", "X Y", "--format", "ndjson",
        ])
        .output()
        .unwrap();
    let verdicts: Vec<String> = ndjson(&out.stdout)
        .iter()
        .map(|r| r["verdict"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(verdicts, ["unverified", "reject"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn help_documents_exit_3_and_what_no_ocr_cannot_see() {
    let out = kyc().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("3 no predicted rejection, but at least one photo is unverified"));
    assert!(help.contains("2 > 1 > 3 > 0"));
    assert!(help.contains("cannot see a name or number mismatch (E005)"));
    assert!(help.contains("(E018)"));
    // the --no-ocr example filters on codes: every --no-ocr photo is unverified
    assert!(help.contains("select(.codes | length > 0)"));
}

// ---- 1. broken OCR set-up ----

#[cfg(feature = "ocr")]
#[test]
fn d01_broken_ocr_setup_is_one_error_for_the_run_not_a_pass() {
    let dir = TempDir::new().unwrap();
    let wrong = [
        "--name",
        "WRONG PERSON",
        "--dob",
        "1990-01-01",
        "--doc-number",
        "X1234567",
    ];
    type Case<'a> = (Vec<String>, Option<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        (
            vec!["--tessdata".into(), dir.path().display().to_string()],
            None,
        ),
        (vec!["--lang".into(), "xyz".into()], None),
        (vec![], Some(("TESSDATA_PREFIX", "/no/such/tessdata"))),
    ];
    for (args, env) in cases {
        let mut cmd = kyc();
        cmd.args([SAMPLE, SAMPLE, "--today", TODAY])
            .args(wrong)
            .args(&args);
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}: no photo is checked");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err}");
        assert!(
            err.contains("reading cannot start") && err.contains("traineddata"),
            "{err}"
        );
    }
    // --no-ocr does not judge the reading set-up at all
    kyc()
        .args([
            SAMPLE,
            "--no-ocr",
            "--today",
            TODAY,
            "--tessdata",
            "/no/such/dir",
        ])
        .args(["--lang", "x;y"])
        .assert()
        // unverified: reading turned off (issue 17)
        .code(3);
}

// ---- 2. memory bounded by the decode budget ----

#[test]
fn d02_decompression_bombs_are_refused_within_the_memory_budget() {
    let dir = TempDir::new().unwrap();
    let bomb = dir.path().join("iccp.png");
    std::fs::write(&bomb, iccp_bomb()).unwrap();
    let giant = dir.path().join("giant16.png");
    std::fs::write(&giant, sixteen_bit_giant()).unwrap();
    for (path, refused) in [(&bomb, false), (&giant, true)] {
        let (code, peak_kib, err) = exit_and_peak_rss(
            std_kyc()
                .arg(path)
                .args(["--no-ocr", "--today", TODAY, "-q"]),
        );
        eprintln!("{}: exit {code}, peak RSS {peak_kib} KiB", path.display());
        assert!(code >= 0, "killed: {err}");
        // before: 1.02 GiB (profile) and 1.12 GiB (16-bit)
        assert!(
            peak_kib < 200 * 1024,
            "{}: peak {peak_kib} KiB",
            path.display()
        );
        if refused {
            assert_eq!(code, 2);
        }
    }
    let out = kyc()
        .arg(&giant)
        .args(["--no-ocr", "--format", "json"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = r["error"].as_str().unwrap();
    assert!(e.contains("16-bit RGBA") && e.contains("MB"), "{e}");
}

// ---- 3. --annotate writes new files only ----

#[test]
fn d03_annotate_never_follows_symlinks_replaces_inputs_or_collides() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    let a = copy_sample(&input, "a_b/c.jpg");
    let b = copy_sample(&input, "a/b_c.jpg");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep").unwrap();
    std::os::unix::fs::symlink(&victim, out.join("c.annotated.png")).unwrap();
    kyc()
        .arg(&a)
        .arg(&b)
        .args(["--no-ocr", "--today", TODAY, "-q", "-j", "1", "--annotate"])
        .arg(&out)
        .assert()
        // unverified: reading turned off (issue 17)
        .code(3);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["b_c.annotated.png", "c-2.annotated.png", "c.annotated.png"]
    );
    for n in ["b_c.annotated.png", "c-2.annotated.png"] {
        image::open(out.join(n)).expect("a whole PNG");
    }

    // an input whose name is what the annotation would get is never replaced
    let flat = dir.path().join("flat");
    let p = copy_sample(&flat, "p.jpg");
    let taken = copy_sample(&flat, "p.annotated.png");
    let before = std::fs::read(&taken).unwrap();
    kyc()
        .arg(&p)
        .args(["--no-ocr", "--today", TODAY, "-q", "--annotate"])
        .arg(&flat)
        .assert()
        // unverified: reading turned off (issue 17)
        .code(3);
    assert_eq!(std::fs::read(&taken).unwrap(), before);
    assert!(flat.join("p-2.annotated.png").exists());
    // the output folder is an input folder: the next run does not check the annotations
    let out = kyc()
        .arg(&flat)
        .args(["--no-ocr", "--today", TODAY, "--format", "ndjson"])
        .output()
        .unwrap();
    let files: Vec<String> = ndjson(&out.stdout)
        .iter()
        .map(|r| r["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, [p.display().to_string()]);
}

#[test]
fn d03_a_failed_annotation_write_is_that_files_error_and_leaves_nothing() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    // a 1-block file-size limit makes every PNG write fail (EFBIG); SIGXFSZ ignored so the
    // write returns the error instead of killing the process
    let script = format!(
        "trap '' XFSZ; ulimit -f 1; exec '{}' '{}' --no-ocr --today {TODAY} -q --annotate '{}'",
        bin().display(),
        SAMPLE,
        out.display()
    );
    let output = std::process::Command::new("sh")
        .args(["-c", &script])
        .env("OMP_THREAD_LIMIT", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(
        text.starts_with("ERROR") && text.contains("could not write the annotated PNG"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "no partial file"
    );
}

// ---- 4. non-regular files ----

#[test]
fn d04_pipes_and_devices_are_refused_without_hanging() {
    let dir = TempDir::new().unwrap();
    let fifo = dir.path().join("p.jpg");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let zero = dir.path().join("z.jpg");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for path in [&fifo, &zero] {
        let out = kyc()
            .arg(path)
            .args(["--no-ocr", "--format", "json"])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            r["error"].as_str().unwrap().contains("not a regular file"),
            "{r}"
        );
    }
    for fields in [fifo.as_path(), Path::new("/dev/zero")] {
        let out = kyc()
            .args([SAMPLE, "--no-ocr", "--fields"])
            .arg(fields)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{fields:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--fields") && err.contains("not a regular file"));
    }
    // in a folder walk too
    let out = kyc()
        .arg(dir.path())
        .args(["--no-ocr", "--format", "ndjson"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(ndjson(&out.stdout).len(), 2);
}

// ---- 5. --redact hides everything ----

#[cfg(feature = "ocr")]
#[test]
fn d05_redact_says_positions_only_and_masks_annotation_labels() {
    use kyc_check::load;
    use kyc_check::pipeline::{check_marked, Options};
    let typed = "L898902C4";
    let out = kyc()
        .args([SAMPLE, "--today", TODAY, "--format", "json", "--redact"])
        .args(["--doc-number", typed, "--name", "ANNA MARIA AASTROM"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{report}");
    // every string of the report (numbers such as 0.0890 are not the document number)
    fn strings(v: &Value, out: &mut String) {
        match v {
            Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            Value::Object(o) => o.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    let mut text = String::new();
    strings(&report, &mut text);
    // no run of 3+ characters of the number, typed or read, survives anywhere
    for secret in [SAMPLE_NUMBER, typed, "AASTROEM", "AASTROM"] {
        let chars: Vec<char> = secret.chars().collect();
        for w in chars.windows(3) {
            let piece: String = w.iter().collect();
            assert!(!text.contains(&piece), "{piece} of {secret} leaks:\n{text}");
        }
    }
    assert!(text.contains("at character 9"), "{text}");
    // the annotation's labels come from the redacted findings
    let loaded = load::load(Path::new(SAMPLE)).unwrap();
    let mut opts = Options::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    opts.redact = true;
    let form = kyc_check::form::Form {
        doc_number: Some(typed.into()),
        name: Some("ANNA MARIA AASTROM".into()),
        ..Default::default()
    };
    let (_, marks) = check_marked(&loaded, &form, &opts);
    assert!(marks.iter().any(|m| m.label.starts_with("doc_number")));
    for m in &marks {
        for secret in ["8902", "AASTRO", "C3", "C4"] {
            assert!(
                !m.label.contains(secret),
                "label leaks {secret}: {}",
                m.label
            );
        }
    }
}

// ---- 6. file names and typed values cannot forge output ----

#[test]
fn d06_control_bidi_and_zero_width_characters_are_escaped_in_text() {
    let dir = TempDir::new().unwrap();
    let forged = copy_sample(dir.path(), "x.jpg\nPASS   fake.jpg: no rejection predicted");
    let rlo = copy_sample(dir.path(), "abc\u{202e}gpj.exe.jpg");
    let out = kyc()
        .arg(&forged)
        .arg(&rlo)
        .args([
            "--no-ocr",
            "--today",
            TODAY,
            "-q",
            "--name",
            "AN\u{200d}NA X",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].contains("x.jpg\\nPASS"), "{text}");
    assert!(lines[1].contains("abc\\u{202e}gpj"), "{text}");
    assert!(!text.contains('\u{202e}') && !text.contains('\u{200d}'));
}

// ---- 7. nothing lost in folder walks ----

#[test]
fn d07_folder_walk_reports_dangling_links_and_loops() {
    let dir = TempDir::new().unwrap();
    copy_sample(dir.path(), "good.jpg");
    std::os::unix::fs::symlink(dir.path().join("gone.jpg"), dir.path().join("dangling.jpg"))
        .unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let long = dir.path().join("x".repeat(200)).join("y".repeat(200));
    let out = kyc()
        .arg(dir.path())
        .args(["--no-ocr", "--today", TODAY, "--format", "ndjson"])
        .output()
        .unwrap();
    let _ = long;
    assert_eq!(out.status.code(), Some(2));
    let reports = ndjson(&out.stdout);
    let errors: Vec<String> = reports
        .iter()
        .filter(|r| r["verdict"] == "error")
        .map(|r| r["error"].as_str().unwrap().to_string())
        .collect();
    assert!(
        errors.iter().any(|e| e.contains("does not exist")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("loop")), "{errors:?}");
    assert_eq!(
        reports.iter().filter(|r| r["verdict"] != "error").count(),
        1
    );
}

// ---- 8. --fields mistakes ----

#[test]
fn d08_fields_rows_that_match_nothing_twice_or_ambiguously_are_reported() {
    let dir = TempDir::new().unwrap();
    let a = copy_sample(dir.path(), "one/photo.jpg");
    let b = copy_sample(dir.path(), "two/photo.jpg");
    let c = copy_sample(dir.path(), "c.jpg");
    let csv = dir.path().join("v.csv");
    // unmatched row
    std::fs::write(&csv, "file,name\nc.jpg,A B\ntypo.jpg,C D\n").unwrap();
    let out = kyc()
        .arg(&c)
        .args(["--no-ocr", "--today", TODAY, "-q", "--fields"])
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 3: typo.jpg matches none"));
    // a CSV written for a whole folder, used on one photo: five rows named, then a count
    let mut body = String::from("file,name\nc.jpg,A B\n");
    for i in 0..40 {
        body.push_str(&format!("other-{i}.jpg,C D\n"));
    }
    std::fs::write(&csv, body).unwrap();
    let out = kyc()
        .arg(&c)
        .args(["--no-ocr", "--today", TODAY, "-q", "--fields"])
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("matches none").count(), 5, "{err}");
    assert!(err.contains("and 35 more rows match none"), "{err}");
    // duplicate rows and duplicate columns: usage errors
    for (body, says) in [
        (
            "file,name\nc.jpg,A B\nc.jpg,C D\n",
            "already has a row (line 2)",
        ),
        ("file,name,NAME\nc.jpg,A B,C D\n", "appears twice"),
    ] {
        std::fs::write(&csv, body).unwrap();
        let out = kyc()
            .arg(&c)
            .args(["--no-ocr", "-q", "--fields"])
            .arg(&csv)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{err}");
        assert!(out.stdout.is_empty());
    }
    // a base-name row fitting photos in two folders: each is an error, none gets its values
    let elsewhere = TempDir::new().unwrap();
    let csv = elsewhere.path().join("v.csv");
    std::fs::write(&csv, "file,name\nphoto.jpg,A B\n").unwrap();
    let out = kyc()
        .arg(&a)
        .arg(&b)
        .args([
            "--no-ocr", "--today", TODAY, "--format", "ndjson", "--fields",
        ])
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    for r in ndjson(&out.stdout) {
        assert_eq!(r["verdict"], "error");
        assert!(r["error"].as_str().unwrap().contains("base name"), "{r}");
    }
}

// ---- 9. Ctrl-C ----

#[test]
fn d09_ctrl_c_ends_after_a_whole_record_with_valid_json() {
    let mut child = std_kyc()
        .args([
            "fixtures", "--no-ocr", "--today", TODAY, "--format", "json", "-j", "1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut text = String::new();
    // wait for the first record to be complete, then interrupt
    loop {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "ended early");
        text.push_str(&line);
        if line.starts_with("  }") {
            break;
        }
    }
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    stdout.read_to_string(&mut text).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let all: Vec<Value> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
    assert!(!all.is_empty() && all.len() < 100, "{}", all.len());
}

// ---- 10. a closed pipe or a full disk stops the batch ----

#[test]
fn d10_a_closed_pipe_or_full_disk_stops_the_batch() {
    let dir = TempDir::new().unwrap();
    let marks = dir.path().join("marks");
    // `| head -1`: the PNGs --annotate writes count the photos checked after the reader left
    let mut child = std_kyc()
        .args([
            "fixtures", "--no-ocr", "--today", TODAY, "--format", "ndjson", "-j", "1",
        ])
        .arg("--annotate")
        .arg(&marks)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    let checked = count_with_suffix(&marks, ".png");
    assert!(
        checked <= 4,
        "{checked} photos checked after the reader left"
    );
    assert_ne!(status.code(), Some(0));
    // > /dev/full: said at once, exit 2
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let marks = dir.path().join("marks-full");
    let out = std_kyc()
        .args([
            "fixtures", "--no-ocr", "--today", TODAY, "--format", "ndjson", "-j", "1",
        ])
        .arg("--annotate")
        .arg(&marks)
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No space left"));
    assert!(count_with_suffix(&marks, ".png") <= 2);
}

// ---- 11. Unicode names ----

#[test]
fn d11_decomposed_and_zero_width_names_are_not_mismatches() {
    use kyc_check::facts::DocFacts;
    use kyc_check::fields::names::check_name;
    use kyc_check::finding::Status;
    let facts = DocFacts {
        surname: Some("ÅSTRÖM".into()),
        given_names: Some("ANNA MARIA".into()),
        ..DocFacts::default()
    };
    let nfd = "ANNA MARIA A\u{30a}STRO\u{308}M";
    assert_eq!(check_name(Some(nfd), &facts).status, Status::Pass);
    let zwj = check_name(Some("AN\u{200d}NA MARIA ÅSTRÖM"), &facts);
    assert_eq!(zwj.status, Status::Warn, "{}", zwj.message);
    assert!(zwj.message.contains("U+200D"));
    // a real difference is still one
    assert_eq!(
        check_name(Some("ANNA MARIA ASTRAM"), &facts).status,
        Status::Fail
    );
    // end to end on the sample (its MRZ spells AASTROEM): before, both were E005
    if cfg!(feature = "ocr") {
        for (typed, status) in [(nfd, "pass"), ("AN\u{200d}NA MARIA ÅSTRÖM", "warn")] {
            let out = kyc()
                .args([
                    SAMPLE, "--today", TODAY, "--format", "json", "--name", typed,
                ])
                .output()
                .unwrap();
            let r: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(r["verdict"], "pass", "{typed:?}: {r}");
            let name = r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["check"] == "name")
                .unwrap();
            assert_eq!(name["status"], status, "{name}");
        }
    }
}

// ---- 12. one bad path among several ----

#[test]
fn d12_a_bad_path_among_several_does_not_cancel_the_others() {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let out = kyc()
        .arg("no/such/photo.jpg")
        .arg(SAMPLE)
        .arg(dir.path().join("empty"))
        .args(["--no-ocr", "--today", TODAY, "--format", "ndjson"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(ndjson(&out.stdout).len(), 1);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/photo.jpg: no such file"), "{err}");
    assert!(err.contains("empty: no images"), "{err}");
}

// ---- 13. closed streams ----

#[test]
fn d13_closed_stdout_and_full_stderr_are_errors_not_silence_or_panics() {
    use std::os::unix::process::CommandExt;
    let mut cmd = std_kyc();
    cmd.args([SAMPLE, "--no-ocr", "--today", TODAY]);
    // SAFETY: close(1) in the child between fork and exec
    unsafe {
        cmd.pre_exec(|| {
            libc::close(1);
            Ok(())
        });
    }
    let out = cmd.stderr(Stdio::piped()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard output is closed"));
    // a usage error with stderr on a full disk: exit 2, no panic (101)
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let status = std_kyc()
        .args([SAMPLE, "--dob", "1974-13-12"])
        .stderr(full)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}

// ---- 14. -j far above the core count ----

#[test]
fn d14_jobs_above_the_core_count_are_lowered() {
    let cores = std::thread::available_parallelism().unwrap().get();
    let dir = TempDir::new().unwrap();
    let many = cores * 2 + 2;
    let paths: Vec<PathBuf> = (0..many)
        .map(|i| copy_sample(dir.path(), &format!("p{i}.jpg")))
        .collect();
    let out = kyc()
        .args(&paths)
        .args(["--no-ocr", "--today", TODAY, "-q", "-j", "256"])
        .output()
        .unwrap();
    // unverified: reading turned off (issue 17)
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("--jobs 256 lowered to {cores}")),
        "{err}"
    );
}

// ---- 15. smaller ones ----

#[test]
fn d15_limits_are_named_and_implausible_dates_refused() {
    // 12000 × 12000 is within 12000 a side: the pixel count is the limit hit
    let e = kyc_check::load::LoadError::TooManyPixels {
        width: 12000,
        height: 12000,
    }
    .to_string();
    assert!(e.contains("144 megapixels") && e.contains("108"), "{e}");
    // a symbolic-link loop is named as such
    let dir = TempDir::new().unwrap();
    let a = dir.path().join("a.jpg");
    let b = dir.path().join("b.jpg");
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    kyc()
        .arg(&a)
        .args(["--no-ocr"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("symbolic-link loop"));
    for (args, says) in [
        (
            ["--dob", "0000-01-01"],
            "--dob: '0000-01-01' is not a plausible date",
        ),
        (
            ["--today", "9999-01-01"],
            "--today: '9999-01-01' is not a plausible date",
        ),
        (["--expiry", "0001-01-01"], "--expiry"),
    ] {
        kyc()
            .arg(SAMPLE)
            .args(args)
            .arg("--no-ocr")
            .assert()
            .code(2)
            .stderr(predicates::str::contains(says));
    }
}

#[test]
fn d15_an_animated_webp_or_multi_page_tiff_says_only_its_first_picture_was_checked() {
    let dir = TempDir::new().unwrap();
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 3, y as u8 * 5, 90]));
    let mut one = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut one),
        image::ImageFormat::Tiff,
    )
    .unwrap();
    // two pages: the second directory is a copy of the first, linked from the first's "next"
    let le = &one[0..2] == b"II";
    assert!(le, "the image crate writes little-endian TIFF");
    let ifd0 = u32::from_le_bytes(one[4..8].try_into().unwrap()) as usize;
    let n = u16::from_le_bytes(one[ifd0..ifd0 + 2].try_into().unwrap()) as usize;
    let dir_len = 2 + 12 * n + 4;
    let mut two = one.clone();
    let ifd1 = two.len();
    two.extend_from_slice(&one[ifd0..ifd0 + dir_len]);
    two[ifd0 + 2 + 12 * n..ifd0 + 2 + 12 * n + 4].copy_from_slice(&(ifd1 as u32).to_le_bytes());
    for (name, bytes, note) in [("one.tif", &one, false), ("two.tif", &two, true)] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = kyc()
            .arg(&path)
            .args(["--no-ocr", "--format", "json", "--today", TODAY])
            .output()
            .unwrap();
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        let frames = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["check"] == "frames");
        assert_eq!(frames.is_some(), note, "{name}: {r}");
        if let Some(f) = frames {
            assert_eq!(f["status"], "warn");
            assert!(f["message"].as_str().unwrap().contains("multi-page TIFF"));
        }
    }
}

// ---- peak memory for any single input ----

#[test]
fn peak_rss_of_one_input_stays_under_500_mb_whatever_its_header_claims() {
    let dir = TempDir::new().unwrap();
    let mut inputs: Vec<(String, PathBuf)> = Vec::new();
    let mut add = |name: &str, bytes: Vec<u8>| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        inputs.push((name.to_string(), p));
    };
    add("iccp-bomb.png", iccp_bomb());
    add("giant-16bit.png", sixteen_bit_giant());
    // an 8-bit RGB PNG at the pixel limit, 12000 × 9000 (324 MB decoded)
    add(
        "limit-rgb.png",
        png(12000, 9000, 8, 2, &[], &zlib_zeros(9000, 36000, Some(0))),
    );
    // a 12000 × 9000 JPEG: decoded at a reduced scale when full would not fit
    let big = dir.path().join("limit.jpg");
    big_jpeg_in_a_child(&big);
    inputs.push(("limit.jpg".into(), big));
    let mut rows = Vec::new();
    for (name, path) in &inputs {
        for ocr in [false, true] {
            if ocr && !cfg!(feature = "ocr") {
                continue;
            }
            let mut cmd = std_kyc();
            cmd.arg(path).args(["--today", TODAY, "-q"]);
            if !ocr {
                cmd.arg("--no-ocr");
            }
            let (code, kib, err) = exit_and_peak_rss(&mut cmd);
            rows.push(format!(
                "{name:<16} ocr={ocr:<5} exit {code} peak {:.0} MB",
                kib as f64 / 1024.0
            ));
            assert!(code >= 0, "{name}: killed ({err})");
            assert!(
                kib < 500_000_000 / 1024,
                "{name} (ocr {ocr}): peak {kib} KiB\n{}",
                rows.join("\n")
            );
        }
    }
    eprintln!("{}", rows.join("\n"));
}
