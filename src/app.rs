//! Running a whole invocation: single file or batch. The only place that writes to stdout and
//! stderr.

use crate::batch;
use crate::codes::{Code, SECURITY_NOTE, TABLE};
use crate::config::{Config, Format};
use crate::pipeline::{self, Options};
use crate::report::text::{self, Style};
use crate::report::{json, Report, Verdict};
use std::io::{IsTerminal, Write};

/// Exit status (SPEC §2). Merged over a batch by taking the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// No predicted rejection for any input.
    Clear = 0,
    /// At least one predicted rejection.
    Reject = 1,
    /// A usage error, or at least one input that could not be read.
    Error = 2,
}

impl ExitStatus {
    pub fn of(report: &Report) -> ExitStatus {
        match report.verdict {
            Verdict::Pass => ExitStatus::Clear,
            Verdict::Reject => ExitStatus::Reject,
            Verdict::Error => ExitStatus::Error,
        }
    }

    pub fn merge(self, other: ExitStatus) -> ExitStatus {
        self.max(other)
    }
}

/// Runs the checks the configuration asks for and prints the results.
pub fn run(config: &Config) -> anyhow::Result<ExitStatus> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if config.list_codes {
        list_codes(&mut out, config.format)?;
        out.flush()?;
        return Ok(ExitStatus::Clear);
    }
    let inputs = match batch::collect_inputs(&config.paths) {
        Ok(inputs) => inputs,
        Err(e) => {
            eprintln!("kyc-check: {e}");
            return Ok(ExitStatus::Error);
        }
    };
    if let Some(dir) = &config.annotate {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("--annotate: cannot create {} ({e})", dir.display()))?;
    }

    let opts = Options {
        today: config.today,
        ocr: config.ocr,
        tessdata: config.tessdata.clone(),
        lang: config.lang.clone(),
        annotate: config.annotate.clone(),
        selfie: config.selfie.clone(),
        redact: config.redact,
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
    let progress = (inputs.len() > 1 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed} {wide_msg}")
                .expect("a valid template"),
        );
        bar
    });
    let style = Style {
        color: config.color,
    };
    let several = inputs.len() > 1;
    let mut status = ExitStatus::Clear;
    let mut io_error: Option<std::io::Error> = None;

    if config.format == Format::Json && several {
        writeln!(out, "[")?;
    }
    batch::run(
        &inputs,
        config.jobs,
        |path| {
            let form = config.form_for(path);
            let mut report = pipeline::check_file(path, &form, &opts);
            if let Some(s) = &selfie {
                pipeline::attach_selfie(&mut report, s);
            }
            report
        },
        |i, report| {
            status = status.merge(ExitStatus::of(&report));
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            let written = match config.format {
                Format::Text => text::write_report(&mut out, &report, style, config.quiet),
                Format::Ndjson => json::write_line(&mut out, &report),
                Format::Json => json::write_pretty(&mut out, &report, several).and_then(|()| {
                    if several {
                        out.write_all(if i + 1 < inputs.len() { b",\n" } else { b"\n" })
                    } else {
                        Ok(())
                    }
                }),
            };
            if let Err(e) = written.and_then(|()| {
                if progress.is_none() {
                    Ok(())
                } else {
                    out.flush()
                }
            }) {
                io_error.get_or_insert(e);
            }
        },
    );
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if let Some(e) = io_error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Ok(status);
        }
        return Err(e.into());
    }
    if config.format == Format::Json && several {
        writeln!(out, "]")?;
    }
    if config.format == Format::Text && !config.quiet {
        writeln!(out, "\nSafety: {SECURITY_NOTE}")?;
    }
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(status)
}

fn list_codes(out: &mut impl Write, format: Format) -> std::io::Result<()> {
    match format {
        Format::Json | Format::Ndjson => {
            serde_json::to_writer_pretty(&mut *out, &TABLE)?;
            writeln!(out)
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
