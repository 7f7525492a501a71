//! kyc-check: parse the command line, validate it, run, exit with the merged status.

use clap::{CommandFactory, Parser};
use kyc_check::app::{self, ExitStatus};
use kyc_check::cli::Cli;
use kyc_check::config::Config;
use std::sync::atomic::{AtomicBool, Ordering};

fn main() {
    if !standard_streams_open() {
        std::process::exit(ExitStatus::Error as i32);
    }
    kyc_check::ocr::limit_threads();
    let cli = Cli::parse();
    if let Some(kind) = cli.generate {
        std::process::exit(app::generate(kind) as i32);
    }
    let status = match Config::from_cli(cli) {
        // the style of clap's own errors: `error: …`, the usage line, exit status 2
        Err(e) => Cli::command()
            .error(clap::error::ErrorKind::ValueValidation, e)
            .exit(),
        Ok(config) => app::run(&config).unwrap_or_else(|e| {
            app::warn(format_args!("{e:#}"));
            ExitStatus::Error
        }),
    };
    std::process::exit(status as i32);
}

/// Whether fd 1 was closed when the process started. Rust's runtime puts /dev/null on a closed
/// fd 0–2 before `main`, which would silently swallow every result; this runs before that (an
/// ELF constructor, `.init_array`) to record it.
static STDOUT_CLOSED_AT_START: AtomicBool = AtomicBool::new(false);

#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static RECORD_CLOSED_STDOUT: extern "C" fn() = record_closed_stdout;

#[cfg(target_os = "linux")]
extern "C" fn record_closed_stdout() {
    // SAFETY: F_GETFD only queries the descriptor.
    let closed = unsafe { libc::fcntl(1, libc::F_GETFD) } == -1;
    STDOUT_CLOSED_AT_START.store(closed, Ordering::Relaxed);
}

/// A closed stdout is an error said on stderr, not a run whose results vanish.
fn standard_streams_open() -> bool {
    if STDOUT_CLOSED_AT_START.load(Ordering::Relaxed) {
        app::warn(format_args!(
            "standard output is closed, so no result could be shown; run it with stdout open \
             (redirect to a file or a pipe)"
        ));
        return false;
    }
    true
}
