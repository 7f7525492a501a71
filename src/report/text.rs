//! The human text printer: a verdict line per file, each predicted code with its reasons and
//! advice, warnings, then the passed and skipped checks on one line each.

use super::{sanitize, Report, Verdict};
use crate::finding::Status;
use std::io::{self, Write};

/// Terminal styling, or none. Styles are `anstyle`'s (the crate clap colours with); whether to
/// colour at all is decided in `config.rs` by anstream's rule (NO_COLOR, CLICOLOR,
/// CLICOLOR_FORCE, TERM=dumb, a terminal).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, style: anstyle::Style, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
    fn red(&self, t: &str) -> String {
        self.paint(anstyle::AnsiColor::Red.on_default().bold(), t)
    }
    fn green(&self, t: &str) -> String {
        self.paint(anstyle::AnsiColor::Green.on_default().bold(), t)
    }
    fn yellow(&self, t: &str) -> String {
        self.paint(anstyle::AnsiColor::Yellow.on_default(), t)
    }
    fn dim(&self, t: &str) -> String {
        self.paint(anstyle::Style::new().dimmed(), t)
    }
    fn bold(&self, t: &str) -> String {
        self.paint(anstyle::Style::new().bold(), t)
    }
}

/// The one-line verdict for a report.
pub fn verdict_line(report: &Report, style: Style) -> String {
    let file = sanitize(&report.file);
    match report.verdict {
        Verdict::Unverified => format!(
            "{} {file}: no rejection predicted, but not verified: {}",
            style.yellow("UNVERIFIED"),
            report
                .unverified
                .iter()
                .map(|u| sanitize(u))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        Verdict::Pass => {
            let warns = report
                .findings
                .iter()
                .filter(|f| f.status == Status::Warn)
                .count();
            let skipped = report
                .findings
                .iter()
                .filter(|f| f.status == Status::Skipped)
                .count();
            let mut notes = Vec::new();
            if warns > 0 {
                notes.push(format!(
                    "{warns} warning{}",
                    if warns == 1 { "" } else { "s" }
                ));
            }
            if skipped > 0 {
                notes.push(format!(
                    "{skipped} of {} checks skipped",
                    report.findings.len()
                ));
            }
            let tail = if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join(", "))
            };
            format!(
                "{} {file}: no rejection predicted{tail}",
                style.green("PASS  ")
            )
        }
        Verdict::Reject => {
            let codes: Vec<String> = report
                .codes
                .iter()
                .map(|c| format!("{} {}", c.code, c.title))
                .collect();
            format!(
                "{} {file}: likely rejected: {}",
                style.red("REJECT"),
                codes.join("; ")
            )
        }
        Verdict::Error => format!(
            "{} {file}: {}",
            style.red("ERROR "),
            sanitize(report.error.as_deref().unwrap_or("could not be checked"))
        ),
    }
}

/// The full text block for one report.
pub fn write_report(
    out: &mut impl Write,
    report: &Report,
    style: Style,
    quiet: bool,
) -> io::Result<()> {
    writeln!(out, "{}", verdict_line(report, style))?;
    if quiet || report.verdict == Verdict::Error {
        return Ok(());
    }
    for code in &report.codes {
        writeln!(
            out,
            "  {} {} (to resubmit: {}, usually {})",
            style.bold(&code.code),
            code.title,
            code.difficulty,
            code.recovery
        )?;
        for reason in &code.reasons {
            writeln!(out, "    - {}", sanitize(reason))?;
        }
        for advice in &code.advice {
            writeln!(out, "    > {}", sanitize(advice))?;
        }
    }
    for f in report.findings.iter().filter(|f| f.status == Status::Warn) {
        writeln!(
            out,
            "  {} {}: {}",
            style.yellow("warning"),
            f.check,
            sanitize(&f.message)
        )?;
        if let Some(a) = &f.advice {
            writeln!(out, "    > {}", sanitize(a))?;
        }
    }
    let list = |status: Status| -> Vec<&str> {
        report
            .findings
            .iter()
            .filter(|f| f.status == status)
            .map(|f| f.check)
            .collect()
    };
    let passed = list(Status::Pass);
    if !passed.is_empty() {
        writeln!(out, "  {} {}", style.green("passed:"), passed.join(", "))?;
    }
    // Skipped checks grouped by their reason, so "not implemented yet" is said once.
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.status == Status::Skipped)
    {
        let why = sanitize(&f.message);
        match groups.iter_mut().find(|(w, _)| *w == why) {
            Some((_, checks)) => checks.push(f.check),
            None => groups.push((why, vec![f.check])),
        }
    }
    for (why, checks) in groups {
        writeln!(
            out,
            "  {}",
            style.dim(&format!("skipped ({why}): {}", checks.join(", ")))
        )?;
    }
    if let Some(selfie) = &report.selfie {
        // failures are among the codes above; the rest on one line each
        for f in &selfie.findings {
            let text = match f.status {
                Status::Warn => style.yellow("warning"),
                Status::Skipped => style.dim("skipped"),
                _ => continue,
            };
            writeln!(out, "  selfie {text} {}: {}", f.check, sanitize(&f.message))?;
        }
        let passed: Vec<&str> = selfie
            .findings
            .iter()
            .filter(|f| f.status == Status::Pass)
            .map(|f| f.check)
            .collect();
        if !passed.is_empty() {
            writeln!(
                out,
                "  {} {}",
                style.green("selfie passed:"),
                passed.join(", ")
            )?;
        }
    }
    Ok(())
}
