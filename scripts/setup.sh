#!/usr/bin/env bash
# Installs what kyc-check needs on Debian/Ubuntu, builds it, and checks a bundled sample photo.
# Usage (from the repository root): bash scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Tesseract (library, headers, English data), Leptonica, the C toolchain bits
# tesseract-rs needs to generate its bindings, cmake and nasm to build libjpeg-turbo (turbojpeg
# crate: fast and reduced-scale JPEG decoding), and the fonts the fixture generator draws with.
packages=(libtesseract-dev libleptonica-dev tesseract-ocr-eng pkg-config clang cmake nasm
          fonts-ocr-b fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
    echo "setup: Rust is missing; installing it with rustup (https://rustup.rs)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
fi

cargo build --release --locked
echo "setup: built target/release/kyc-check"
./target/release/kyc-check --version

# The bundled sample: a synthetic passport of a fictional holder (exit status 1 would mean a
# predicted rejection, which this sample must not get).
./target/release/kyc-check fixtures/td3-desk-clean-001.jpg \
    --doc-type passport --name "ANNA MARIA ÅSTRÖM" --dob 1974-08-12 --today 2026-11-22
