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
    limit_malloc_arenas();
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

/// Most malloc arenas the process uses (glibc). glibc gives each new thread an arena of its own,
/// up to 8 per core, and keeps what is freed in it for that arena's next use: a batch's photo
/// workers, their judging threads and each photo's barcode thread left a 12 MP photo's buffers
/// behind in several arenas at once. The 251 fixtures at `-j2` with reading reached 253–259 MB
/// peak RSS (two runs) with glibc's default, 197–230 MB with 2 arenas and 198–218 MB with 1; the
/// wall time rose ~2 % with 2 (4 alternating runs of 8 phone photos and the passport fixtures,
/// 27.0–28.4 s → 27.7–29.2 s) and ~12 % with 1 (contention). `MALLOC_ARENA_MAX` in the
/// environment, when set, wins.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MALLOC_ARENAS: i32 = 2;

/// Sets [`MALLOC_ARENAS`].
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets an allocator parameter; called before any other thread
        // starts.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, MALLOC_ARENAS);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
