#!/usr/bin/env bash
# Runs every test: unit, CLI, fixture accuracy (prints confusion tables), and the build without OCR.
# Usage (from the repository root, after scripts/setup.sh): bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_THREAD_LIMIT=1
cargo test --release --locked -- --nocapture
cargo test --release --locked --no-default-features --lib --test cli
# The fixture generator reproduces every committed fixture file byte for byte.
cargo run --release --locked --manifest-path tools/fixgen/Cargo.toml -- --out fixtures --check
