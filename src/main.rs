//! kyc-check: parse the command line, validate it, run, exit with the merged status.

use clap::Parser;
use kyc_check::app::{self, ExitStatus};
use kyc_check::cli::Cli;
use kyc_check::config::Config;

fn main() {
    kyc_check::ocr::limit_threads();
    let cli = Cli::parse();
    let status = match Config::from_cli(cli) {
        Err(e) => {
            app::warn(format_args!("{e}"));
            ExitStatus::Error
        }
        Ok(config) => app::run(&config).unwrap_or_else(|e| {
            app::warn(format_args!("{e:#}"));
            ExitStatus::Error
        }),
    };
    std::process::exit(status as i32);
}
