//! The interface around the checks (issue 16): the batch summary, the progress bar's terminal
//! rule, the JSON shape, HEIC in folders, `--generate`, `--doc-type` values, the usage-error
//! style, colour by environment, and `--list-codes --format ndjson`.

use assert_cmd::Command;
use serde_json::Value;
use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use tempfile::TempDir;

const SAMPLE: &str = "fixtures/td3-desk-clean-001.jpg";
const TODAY: &str = "2026-11-22";
/// The first bytes of an iPhone HEIC (an ISO-BMFF `ftyp` box, brand `heic`).
const HEIC: &[u8] = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
const AVIF: &[u8] = b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf";

/// The binary under test: this build's, or the one `KYC_CHECK_BIN` names (to run the battery
/// against an older build for a before/after table).
fn bin() -> PathBuf {
    std::env::var_os("KYC_CHECK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| assert_cmd::cargo::cargo_bin("kyc-check"))
}

/// The binary with no colour variables from the caller's environment.
fn kyc() -> Command {
    let mut cmd = Command::new(bin());
    cmd.env("OMP_THREAD_LIMIT", "1");
    for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM", "CI"] {
        cmd.env_remove(var);
    }
    cmd
}

fn std_kyc() -> std::process::Command {
    let mut cmd = std::process::Command::new(bin());
    cmd.env("OMP_THREAD_LIMIT", "1");
    for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM", "CI"] {
        cmd.env_remove(var);
    }
    cmd
}

fn copy_sample(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::copy(SAMPLE, &path).unwrap();
    path
}

fn ndjson(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// A pseudo-terminal pair (master, slave).
fn pty() -> (OwnedFd, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two descriptors; the name, termios and size pointers may be null.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors are fresh and owned here.
    unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

/// Everything written to a pty master until every slave copy is closed (Linux then says EIO).
fn drain(master: OwnedFd) -> String {
    let mut file = std::fs::File::from(master);
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs the binary with stdout on a terminal (a pty); returns what it printed there.
fn stdout_on_a_terminal(args: &[&str], env: &[(&str, &str)]) -> String {
    let (master, slave) = pty();
    let mut cmd = std_kyc();
    cmd.args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::from(slave))
        .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    drop(cmd); // closes this process's copy of the slave
    let text = drain(master);
    child.wait().unwrap();
    text
}

// ---- 1. the batch summary ----

/// The numbers of the summary's first line: photos, then pass, reject, unverified, error.
fn summary_counts(stderr: &str) -> Option<[usize; 5]> {
    let line = stderr.lines().find(|l| l.contains("summary: "))?;
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .filter(|w| !w.is_empty() && !w.contains('.'))
        .map(|w| w.parse().unwrap())
        .collect();
    assert_eq!(numbers.len(), 5, "{line}");
    Some([numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]])
}

#[test]
fn a_batch_ends_with_a_summary_whose_counts_add_up() {
    let dir = TempDir::new().unwrap();
    copy_sample(dir.path(), "a.jpg");
    copy_sample(dir.path(), "b.jpg");
    std::fs::write(dir.path().join("c.jpg"), b"not a photo").unwrap();
    std::fs::write(dir.path().join("d.heic"), HEIC).unwrap();
    let out = kyc()
        .arg(dir.path())
        .args(["--no-ocr", "--today", TODAY, "--format", "ndjson"])
        .args(["--expiry", "2020-01-01"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let [photos, pass, reject, unverified, error] =
        summary_counts(&err).unwrap_or_else(|| panic!("{err}"));
    let reports = ndjson(&out.stdout);
    assert_eq!(photos, reports.len());
    assert_eq!(photos, 4);
    assert_eq!(pass + reject + unverified + error, photos, "{err}");
    for (verdict, n) in [
        ("pass", pass),
        ("reject", reject),
        ("unverified", unverified),
        ("error", error),
    ] {
        let counted = reports.iter().filter(|r| r["verdict"] == verdict).count();
        assert_eq!(counted, n, "{verdict}: {err}");
    }
    assert_eq!((reject, error), (2, 2), "{err}");
    // an expired document is E018 on both readable photos
    assert!(
        err.contains("codes: ") && err.contains("E018 in 2 photos"),
        "{err}"
    );
    assert!(
        err.contains("errors: 2 photos could not be checked"),
        "{err}"
    );
    assert!(err.contains(" s: "), "the time taken: {err}");
}

#[test]
fn no_summary_for_one_photo_or_with_quiet() {
    let out = kyc()
        .args([SAMPLE, "--no-ocr", "--today", TODAY])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("summary:"));
    let out = kyc()
        .args([SAMPLE, SAMPLE, "--no-ocr", "--today", TODAY, "-q"])
        .output()
        .unwrap();
    // reading turned off: nothing of the document was verified (exit 3)
    assert_eq!(out.status.code(), Some(3));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("summary:"));
    let out = kyc()
        .args([SAMPLE, SAMPLE, "--no-ocr", "--today", TODAY])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(summary_counts(&err), Some([2, 0, 0, 2, 0]), "{err}");
}

// ---- 2. the progress bar only when stdout is a terminal too ----

#[test]
fn the_progress_bar_is_not_drawn_when_results_go_to_a_pipe() {
    let dir = TempDir::new().unwrap();
    let paths: Vec<PathBuf> = (0..3)
        .map(|i| copy_sample(dir.path(), &format!("p{i}.jpg")))
        .collect();
    // stderr on a terminal, stdout on a pipe (`kyc-check photos/ | jq`): no bar
    let (master, slave) = pty();
    let mut cmd = std_kyc();
    cmd.args(&paths)
        .args(["--no-ocr", "--today", TODAY, "-q", "-j", "1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(slave));
    let mut child = cmd.spawn().unwrap();
    drop(cmd);
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let terminal = drain(master);
    child.wait().unwrap();
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(
        !terminal.contains("photos"),
        "a bar was drawn: {terminal:?}"
    );
    // both on a terminal: the bar is drawn there, and cleared at the end
    let (master, slave) = pty();
    let mut cmd = std_kyc();
    cmd.args(&paths)
        .args(["--no-ocr", "--today", TODAY, "-q", "-j", "1"])
        .stdin(Stdio::null())
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    let mut child = cmd.spawn().unwrap();
    drop(cmd);
    let terminal = drain(master);
    child.wait().unwrap();
    assert!(terminal.contains("/3 photos"), "no bar: {terminal:?}");
    assert_eq!(terminal.matches("UNVERIFIED").count(), 3, "{terminal:?}");
}

// ---- 3. the JSON shape ----

#[test]
fn json_is_an_object_only_for_one_file_path() {
    let dir = TempDir::new().unwrap();
    let one = TempDir::new().unwrap();
    copy_sample(one.path(), "only.jpg");
    copy_sample(dir.path(), "a.jpg");
    let json = |args: &[&std::ffi::OsStr]| -> Value {
        let out = kyc()
            .args(args)
            .args(["--no-ocr", "--today", TODAY, "--format", "json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // a folder holding one photo: an array of one
    let v = json(&[one.path().as_os_str()]);
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    // one file path: an object
    let v = json(&[std::ffi::OsStr::new(SAMPLE)]);
    assert!(v.is_object(), "{v}");
    // two paths: an array
    let v = json(&[std::ffi::OsStr::new(SAMPLE), dir.path().as_os_str()]);
    assert_eq!(v.as_array().map(Vec::len), Some(2), "{v}");
    // one file path and a missing one: still an array (two paths were given)
    let v = json(&[
        std::ffi::OsStr::new(SAMPLE),
        std::ffi::OsStr::new("no/such.jpg"),
    ]);
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
}

// ---- 4. HEIC, HEIF and AVIF inside a folder ----

#[test]
fn heic_heif_and_avif_in_a_folder_are_reported_with_the_advice() {
    let dir = TempDir::new().unwrap();
    copy_sample(dir.path(), "a.jpg");
    std::fs::write(dir.path().join("IMG_0001.HEIC"), HEIC).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/IMG_0002.heif"), HEIC).unwrap();
    std::fs::write(dir.path().join("c.avif"), AVIF).unwrap();
    let direct = kyc()
        .arg(dir.path().join("IMG_0001.HEIC"))
        .args(["--no-ocr", "--format", "json"])
        .output()
        .unwrap();
    let direct: Value = serde_json::from_slice(&direct.stdout).unwrap();
    let advice = direct["error"].as_str().unwrap().to_string();
    assert!(
        advice.contains("HEIC") && advice.contains("JPEG"),
        "{advice}"
    );

    let out = kyc()
        .arg(dir.path())
        .args(["--no-ocr", "--today", TODAY, "--format", "ndjson"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let reports = ndjson(&out.stdout);
    assert_eq!(reports.len(), 4, "{reports:?}");
    let of = |name: &str| {
        reports
            .iter()
            .find(|r| r["file"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not reported"))
    };
    for name in ["IMG_0001.HEIC", "IMG_0002.heif"] {
        assert_eq!(of(name)["verdict"], "error");
        assert_eq!(of(name)["error"], advice.as_str(), "{name}");
    }
    assert!(of("c.avif")["error"].as_str().unwrap().contains("AVIF"));
    // reading turned off: the photo is checked but not verified
    assert_eq!(of("a.jpg")["verdict"], "unverified");
    // a folder holding only HEIC photos is not "no images": each is reported
    let only = TempDir::new().unwrap();
    std::fs::write(only.path().join("x.heic"), HEIC).unwrap();
    let out = kyc()
        .arg(only.path())
        .args(["--no-ocr", "--format", "ndjson"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(ndjson(&out.stdout)[0]["error"], advice.as_str());
}

// ---- 5. --generate ----

#[test]
fn generate_prints_each_completion() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef kyc-check"),
        ("fish", "complete -c kyc-check"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = kyc().args(["--generate", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{shell}: {text}");
        assert!(text.contains("doc-type"), "{shell}: no --doc-type");
        // the document types are completed as values (clap_complete's PowerShell script
        // completes option names only)
        if shell != "powershell" {
            assert!(
                text.contains("residence-permit"),
                "{shell}: no doc-type values"
            );
        }
    }
    // the shells themselves accept the scripts, where installed
    for (shell, args) in [("bash", ["-n"]), ("zsh", ["-n"]), ("fish", ["-n"])] {
        if which(shell).is_none() {
            eprintln!("{shell} not installed: the script's syntax is not checked by it");
            continue;
        }
        let script = kyc().args(["--generate", shell]).output().unwrap().stdout;
        let dir = TempDir::new().unwrap();
        let file = dir.path().join("completion");
        std::fs::write(&file, script).unwrap();
        let status = std::process::Command::new(shell)
            .args(args)
            .arg(&file)
            .status()
            .unwrap();
        assert!(status.success(), "{shell} -n rejects the script");
    }
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(program))
            .find(|p| p.is_file())
    })
}

#[test]
fn generate_man_renders_with_man() {
    let out = kyc().args(["--generate", "man"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let roff = String::from_utf8(out.stdout).unwrap();
    assert!(
        roff.lines().any(|l| l.starts_with(".TH kyc-check 1")),
        "{roff}"
    );
    assert!(roff.contains("doc\\-type"), "{roff}");
    match which("man") {
        None => {
            // not skipped silently: the roff is checked above; say that man itself is absent
            eprintln!("man not installed: the page was checked as roff only (.TH, options)");
        }
        Some(man) => {
            let dir = TempDir::new().unwrap();
            let page = dir.path().join("kyc-check.1");
            std::fs::write(&page, &roff).unwrap();
            let out = std::process::Command::new(man)
                .arg("-l")
                .arg(&page)
                .env("MANPAGER", "cat")
                .env("PAGER", "cat")
                .env("MANWIDTH", "100")
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            // man shows the sections and the options (as plain text when not on a terminal)
            for expected in [
                "NAME",
                "SYNOPSIS",
                "OPTIONS",
                "doc-type",
                "residence-permit",
            ] {
                assert!(text.contains(expected), "{expected} missing:\n{text}");
            }
        }
    }
}

#[test]
fn generate_needs_nothing_else_and_names_the_kinds() {
    let out = kyc().args(["--generate", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bash") && err.contains("powershell") && err.contains("man"));
    // exclusive: not mixed with a run
    let out = kyc().args([SAMPLE, "--generate", "bash"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

// ---- 6. --doc-type values and the usage-error style ----

#[test]
fn doc_type_lists_its_values_suggests_and_keeps_old_spellings() {
    let help = kyc().arg("--help").output().unwrap().stdout;
    let help = String::from_utf8_lossy(&help);
    for value in ["passport", "id-card", "driving-licence", "residence-permit"] {
        assert!(help.contains(value), "{value} not in --help");
    }
    let out = kyc()
        .args([SAMPLE, "--doc-type", "pasport"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("a similar value exists: 'passport'"), "{err}");
    for spelling in ["ID_Card", "drivers-license", "idcard", " passport "] {
        let out = kyc()
            .args([
                SAMPLE,
                "--no-ocr",
                "--today",
                TODAY,
                "-q",
                "--doc-type",
                spelling,
            ])
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(2), "{spelling}: {out:?}");
    }
}

#[test]
fn every_usage_error_has_clap_s_style() {
    let dir = TempDir::new().unwrap();
    let csv = dir.path().join("v.csv");
    std::fs::write(&csv, "file,surname\na.jpg,X\n").unwrap();
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["--dob".into(), "1974-13-12".into()],
        vec!["--jobs".into(), "many".into()],
        vec!["--name".into(), " ".into()],
        vec!["--fields".into(), csv.into_os_string()],
        vec!["--doc-type".into(), "visa".into()],
        vec!["--format".into(), "xml".into()],
    ];
    for args in cases {
        let out = kyc().arg(SAMPLE).args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains("--help"), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}

// ---- 7. colour by environment ----

fn has_colour(text: &str) -> bool {
    text.contains("\x1b[")
}

#[test]
fn colour_follows_the_terminal_and_the_environment() {
    let args = [SAMPLE, "--no-ocr", "--today", TODAY];
    // a terminal: colour
    let plain = stdout_on_a_terminal(&args, &[("TERM", "xterm-256color")]);
    assert!(plain.contains("UNVERIFIED"), "{plain:?}");
    assert!(has_colour(&plain), "{plain:?}");
    // a terminal, but colour turned off
    for env in [("NO_COLOR", "1"), ("CLICOLOR", "0"), ("TERM", "dumb")] {
        let text = stdout_on_a_terminal(&args, &[("TERM", "xterm-256color"), env]);
        assert!(text.contains("UNVERIFIED"), "{env:?}: {text:?}");
        assert!(!has_colour(&text), "{env:?}: {text:?}");
    }
    // a pipe: no colour, unless CLICOLOR_FORCE
    let out = kyc().args(args).output().unwrap();
    assert!(!has_colour(&String::from_utf8_lossy(&out.stdout)));
    let out = kyc()
        .args(args)
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(has_colour(&String::from_utf8_lossy(&out.stdout)));
    // --color never beats CLICOLOR_FORCE; JSON never has colour
    let out = kyc()
        .args(args)
        .args(["--color", "never"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!has_colour(&String::from_utf8_lossy(&out.stdout)));
    let out = kyc()
        .args(args)
        .args(["--format", "json"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!has_colour(&String::from_utf8_lossy(&out.stdout)));
}

// ---- 8. --list-codes --format ndjson ----

#[test]
fn list_codes_as_ndjson_is_one_object_per_line() {
    let out = kyc()
        .args(["--list-codes", "--format", "ndjson"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines = ndjson(&out.stdout);
    let table: Value = serde_json::from_slice(
        &kyc()
            .args(["--list-codes", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let table = table.as_array().unwrap();
    assert_eq!(lines.len(), table.len());
    assert!(lines.len() >= 7);
    for (line, entry) in lines.iter().zip(table) {
        assert!(line.is_object());
        assert_eq!(line, entry);
        assert!(line["code"].as_str().unwrap().starts_with('E'));
    }
}
