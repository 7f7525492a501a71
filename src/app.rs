//! Running a whole invocation: single file or batch. The only place that writes to stdout and
//! stderr.

use crate::batch::{self, Input, Summary};
use crate::cli::{Cli, GenerateArg};
use crate::codes::{Code, SECURITY_NOTE, TABLE};
use crate::config::{Config, Format};
use crate::pipeline::{self, Options};
use crate::report::text::{self, Style};
use crate::report::{json, Report, Verdict};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Exit status (SPEC §2). Merged over a batch by precedence: 2 > 1 > 3 > 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// No predicted rejection for any input, and everything given was checked.
    Clear = 0,
    /// At least one predicted rejection.
    Reject = 1,
    /// A usage error, or at least one input that could not be read.
    Error = 2,
    /// No predicted rejection, but at least one input is `unverified`.
    Unverified = 3,
    /// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
    Interrupted = 130,
}

impl ExitStatus {
    pub fn of(report: &Report) -> ExitStatus {
        match report.verdict {
            Verdict::Pass => ExitStatus::Clear,
            Verdict::Reject => ExitStatus::Reject,
            Verdict::Unverified => ExitStatus::Unverified,
            Verdict::Error => ExitStatus::Error,
        }
    }

    /// How much a status outweighs another when merging: interrupted > error > reject >
    /// unverified > clear.
    fn rank(self) -> u8 {
        match self {
            ExitStatus::Clear => 0,
            ExitStatus::Unverified => 1,
            ExitStatus::Reject => 2,
            ExitStatus::Error => 3,
            ExitStatus::Interrupted => 4,
        }
    }

    pub fn merge(self, other: ExitStatus) -> ExitStatus {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }
}

/// Prints one line on stderr. A full or closed stderr is ignored: it must not turn a result into
/// a crash (`eprintln!` panics when stderr cannot be written).
pub fn warn(message: std::fmt::Arguments) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "kyc-check: {message}");
}

/// `--generate`: prints a shell completion script (`clap_complete`) or the manual page
/// (`clap_mangen`), both made from the clap definition, as ripgrep's `--generate` does.
pub fn generate(kind: GenerateArg) -> ExitStatus {
    use clap::CommandFactory;
    use clap_complete::Shell;
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    let shell = match kind {
        GenerateArg::Bash => Some(Shell::Bash),
        GenerateArg::Zsh => Some(Shell::Zsh),
        GenerateArg::Fish => Some(Shell::Fish),
        GenerateArg::PowerShell => Some(Shell::PowerShell),
        GenerateArg::Man => None,
    };
    match shell {
        Some(shell) => clap_complete::generate(shell, &mut cmd, "kyc-check", &mut buf),
        None => clap_mangen::Man::new(cmd)
            .render(&mut buf)
            .expect("rendering into memory cannot fail"),
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(&buf).and_then(|()| out.flush()) {
        Ok(()) => ExitStatus::Clear,
        Err(e) => output_failed(Some(e), 0, 1),
    }
}

/// Runs the checks the configuration asks for and prints the results.
pub fn run(config: &Config) -> anyhow::Result<ExitStatus> {
    let started = std::time::Instant::now();
    let mut out = std::io::stdout().lock();
    if config.list_codes {
        let mut buf = Vec::new();
        list_codes(&mut buf, config.format)?;
        out.write_all(&buf)
            .and_then(|()| out.flush())
            .map_err(|e| anyhow::anyhow!("cannot write the code table ({e})"))?;
        return Ok(ExitStatus::Clear);
    }
    // Reading set-up is checked once, before any photo: a broken one is an error for the run.
    if config.ocr {
        let ocr = crate::ocr::OcrConfig {
            tessdata: config.tessdata.clone(),
            lang: config.lang.clone(),
        };
        if let Err(e) = crate::ocr::preflight(&ocr) {
            anyhow::bail!("{e}");
        }
    }
    let mut status = ExitStatus::Clear;
    let collected = batch::collect_inputs(&config.paths, config.annotate.as_deref());
    let mut problems = collected.problems.len();
    for problem in &collected.problems {
        warn(format_args!("{}", crate::report::sanitize(problem)));
        status = ExitStatus::Error;
    }
    // JSON: an object only for one file path, an array for a folder or several paths (even
    // when they hold one photo), so that a script's parsing does not depend on the count.
    let array = !collected.single_file;
    let mut inputs = collected.items;
    if inputs.is_empty() {
        return Ok(ExitStatus::Error);
    }
    // `--fields` rows matched to the photos: a row that fits no photo is an error of the run,
    // a base-name row that fits several photos is an error of each of them.
    let matched = config.fields.as_ref().map(|t| {
        t.match_inputs(inputs.iter().filter_map(|i| match i {
            Input::Photo(p) => Some(p.as_path()),
            Input::Unreadable { .. } => None,
        }))
    });
    if let Some(m) = &matched {
        // A few lines name the rows; a CSV written for a whole folder and used on a few of its
        // photos would otherwise print one line per row.
        const SHOWN: usize = 5;
        for row in m.unmatched.iter().take(SHOWN) {
            warn(format_args!("{}", crate::report::sanitize(row)));
        }
        if m.unmatched.len() > SHOWN {
            warn(format_args!(
                "--fields: … and {} more rows match none of the photos checked (to check only \
                 some photos, give a CSV holding only their rows)",
                m.unmatched.len() - SHOWN
            ));
        }
        if !m.unmatched.is_empty() {
            status = ExitStatus::Error;
        }
        problems += m.unmatched.len();
        for input in &mut inputs {
            if let Some(why) = m.ambiguous.get(input.path()) {
                *input = Input::Unreadable {
                    path: input.path().to_path_buf(),
                    why: why.clone(),
                };
            }
        }
    }
    if let Some(dir) = &config.annotate {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("--annotate: cannot create {} ({e})", dir.display()))?;
    }

    // Ctrl-C: the first sets the flag (the run stops after the result being written), a second
    // one ends the process at once.
    let flag = std::sync::Arc::new(AtomicBool::new(false));
    let _ = signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGINT,
        130,
        std::sync::Arc::clone(&flag),
    );
    let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, std::sync::Arc::clone(&flag));

    // Each worker holds its own Tesseract (~40 MB) and photo: more workers than cores only add
    // memory (measured: -j 256 on 2 cores, 2.1 GB and 50 s against 96 MB and 10 s at -j 2).
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if config.jobs > cores && inputs.len() > cores {
        warn(format_args!(
            "--jobs {} lowered to {cores}, the number of cores: more workers only take more memory",
            config.jobs
        ));
    }
    let jobs = config.jobs.min(cores).min(inputs.len()).max(1);
    let opts = Options {
        today: config.today,
        ocr: config.ocr,
        tessdata: config.tessdata.clone(),
        lang: config.lang.clone(),
        annotate: config.annotate.clone(),
        selfie: config.selfie.clone(),
        redact: config.redact,
        // a photo uses a second core only when one is spare
        overlap: jobs < cores,
    };
    // The selfie is checked once per run and attached to every document's report.
    let selfie = match &opts.selfie {
        Some(path) => match pipeline::check_selfie(path, &opts) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("kyc-check: {e}");
                return Ok(ExitStatus::Error);
            }
        },
        None => None,
    };
    // The bar is drawn on stderr only when stdout is the same kind of terminal: results go
    // through `suspend`, which clears the bar, writes, and redraws it, so one live bar stays at
    // the bottom. With stdout on a pipe (`| jq`) another process prints the results to the
    // terminal at its own pace, behind the bar's back, and each redraw would leave a stale copy.
    let progress = (inputs.len() > 1
        && std::io::stderr().is_terminal()
        && std::io::stdout().is_terminal())
    .then(|| {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        // no `wide_*` field: a line exactly as wide as the terminal wraps, and the wrapped
        // part is not cleared on the next redraw
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} photos {elapsed}")
                .expect("a valid template"),
        );
        bar
    });
    let style = Style {
        color: config.color,
    };
    let several = inputs.len() > 1;
    let mut io_error: Option<std::io::Error> = None;
    let mut written = 0usize;
    let mut summary = Summary::default();

    // Each record is formatted whole, then written and flushed at once: a pipe's reader gets
    // every result as it is ready, and an interrupted run never ends mid-record.
    if config.format == Format::Json && array && !emit(&mut out, b"[\n", &mut io_error) {
        return Ok(output_failed(io_error, 0, inputs.len()));
    }
    batch::run(
        &inputs,
        jobs,
        &flag,
        |input| match input {
            Input::Photo(path) => {
                let form = config.form_for(path, matched.as_ref());
                let back = config.back_for(path, matched.as_ref());
                let mut report = pipeline::check_files(path, back.as_deref(), &form, &opts);
                if let Some(s) = &selfie {
                    pipeline::attach_selfie(&mut report, s);
                }
                report
            }
            Input::Unreadable { path, why } => {
                Report::error(path.display().to_string(), why.clone(), 0)
            }
        },
        |i, report| {
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            let mut buf = Vec::new();
            let formatted = match config.format {
                Format::Text => text::write_report(&mut buf, &report, style, config.quiet),
                Format::Ndjson => json::write_line(&mut buf, &report),
                // the separator goes before a record, so that an array cut short by Ctrl-C
                // is closed without a trailing comma
                Format::Json => buf
                    .write_all(if array && i > 0 { b",\n" } else { b"" })
                    .and_then(|()| json::write_pretty(&mut buf, &report, array)),
            };
            formatted.expect("formatting into memory cannot fail");
            let ok = match &progress {
                Some(bar) => bar.suspend(|| emit(&mut out, &buf, &mut io_error)),
                None => emit(&mut out, &buf, &mut io_error),
            };
            if !ok {
                return false;
            }
            written += 1;
            summary.add(&report);
            status = status.merge(ExitStatus::of(&report));
            !flag.load(Ordering::Relaxed)
        },
    );
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if io_error.is_some() {
        return Ok(output_failed(io_error, written, inputs.len()));
    }
    let interrupted = flag.load(Ordering::Relaxed) && written < inputs.len();
    let mut tail = Vec::new();
    if config.format == Format::Json && array {
        // closes the array, also after Ctrl-C: what was written stays one valid JSON document
        tail.extend_from_slice(if written > 0 { b"\n]\n" } else { b"]\n" });
    }
    if config.format == Format::Text && !config.quiet && !interrupted {
        tail.extend_from_slice(format!("\nSafety: {SECURITY_NOTE}\n").as_bytes());
    }
    if !tail.is_empty() && !emit(&mut out, &tail, &mut io_error) {
        return Ok(output_failed(io_error, written, inputs.len()));
    }
    if interrupted {
        warn(format_args!(
            "interrupted: {written} of {} photos checked and reported",
            inputs.len()
        ));
        return Ok(ExitStatus::Interrupted);
    }
    if several && !config.quiet {
        let mut err = std::io::stderr().lock();
        for (i, line) in summary
            .lines(started.elapsed(), problems)
            .iter()
            .enumerate()
        {
            let lead = if i == 0 { "kyc-check: " } else { "  " };
            let _ = writeln!(err, "{lead}{line}");
        }
    }
    Ok(status)
}

/// Writes one whole record and flushes it; on failure keeps the first error and says stop.
fn emit(out: &mut impl Write, bytes: &[u8], io_error: &mut Option<std::io::Error>) -> bool {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) => {
            io_error.get_or_insert(e);
            false
        }
    }
}

/// The end of a run whose results could not be written. A closed pipe (`| head -1`) is the
/// reader's choice: stop quietly. Anything else (stdout closed, disk full) is said on stderr and
/// is an error: results were lost.
fn output_failed(e: Option<std::io::Error>, written: usize, total: usize) -> ExitStatus {
    match e {
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Error,
        Some(e) => {
            warn(format_args!(
                "cannot write the results ({e}); {} of {total} photos were not reported",
                total - written
            ));
            ExitStatus::Error
        }
        None => ExitStatus::Error,
    }
}

fn list_codes(out: &mut impl Write, format: Format) -> std::io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &TABLE)?;
            writeln!(out)
        }
        Format::Ndjson => {
            for info in &TABLE {
                serde_json::to_writer(&mut *out, info)?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Text => {
            writeln!(
                out,
                "{:<5} {:<58} {:<28} {:<12} predicted offline",
                "code", "meaning", "difficulty to resubmit", "recovery"
            )?;
            for code in Code::ALL {
                let i = code.info();
                writeln!(
                    out,
                    "{:<5} {:<58} {:<28} {:<12} {}",
                    i.id,
                    i.title,
                    i.difficulty,
                    i.recovery,
                    if i.predicted_offline {
                        "yes"
                    } else {
                        "no (listed only)"
                    }
                )?;
            }
            for code in Code::ALL {
                let i = code.info();
                writeln!(out, "\n{} {}", i.id, i.title)?;
                writeln!(out, "  causes: {}", i.causes.join("; "))?;
                writeln!(out, "  fixes:  {}", i.fixes.join(" "))?;
            }
            Ok(())
        }
    }
}
