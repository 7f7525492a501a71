//! JSON and NDJSON printers (schema in `report/mod.rs`).

use super::Report;
use std::io::{self, Write};

/// One report as a single JSON line (NDJSON).
pub fn write_line(out: &mut impl Write, report: &Report) -> io::Result<()> {
    serde_json::to_writer(&mut *out, report)?;
    out.write_all(b"\n")
}

/// One report, pretty-printed, indented to sit inside an array when `in_array`.
pub fn write_pretty(out: &mut impl Write, report: &Report, in_array: bool) -> io::Result<()> {
    let text = serde_json::to_string_pretty(report)?;
    if in_array {
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            write!(out, "  {line}")?;
        }
        Ok(())
    } else {
        writeln!(out, "{text}")
    }
}
