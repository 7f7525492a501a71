#!/usr/bin/env bash
# Whole-process timings of kyc-check against the peers of ../shared/peers, in one run, as ratios.
# Needs the peers' venv (bash ../shared/peers/setup.sh) and a release build. Writes only to $OUT.
# Usage: bash scripts/bench-peers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS=${PEERS:-/tmp/peers}
PY="$PEERS/venv/bin/python"
SHARED=${SHARED:-../shared}
OUT=${OUT:-$(mktemp -d)}
BIN=target/release/kyc-check
# the default (reading) build: `scripts/test.sh` ends with a `--no-default-features` build,
# which leaves a binary without OCR at the same path
cargo build --release --locked --quiet
export OMP_THREAD_LIMIT=1

# 12 MP phone-sized fixtures (4032 × 3024 displayed either way).
mkdir -p "$OUT/phone"
python3 - "$OUT/phone" <<'PY'
import json, os, shutil, sys
for line in open("fixtures/manifest.jsonl"):
    r = json.loads(line)
    if max(r["scene"]["width"], r["scene"]["height"]) >= 4000:
        shutil.copy(os.path.join("fixtures", r["file"]), sys.argv[1])
PY
n_phone=$(ls "$OUT/phone" | wc -l)

# 12 MP photos the project did not tune on (issue 12's speed bar): real document photos and
# scans from ../shared/realdata (none over 4 MP), enlarged to 12 MP (bicubic, aspect kept, long
# side 3660-4620 px) with sensor-like noise (sigma 3) and saved as JPEG q92. A camera's own
# sizes vary: these reach the checks by the eighths of `load::load_reduced`, not only by 1/2.
mkdir -p "$OUT/unseen"
"$PY" - "$SHARED/realdata" "$OUT/unseen" <<'PY'
import os, random, sys
import numpy as np
from PIL import Image
root, out = sys.argv[1], sys.argv[2]
src = sorted(os.path.join(d, f) for sub in ("documents", "passporteye")
             for d, _, fs in os.walk(os.path.join(root, sub)) for f in fs
             if f.lower().endswith((".jpg", ".jpeg", ".png")))
random.Random(7).shuffle(src)
n = 0
for p in src:
    im = Image.open(p).convert("RGB")
    w, h = im.size
    if min(w, h) < 500:
        continue
    s = (12e6 / (w * h)) ** 0.5
    im = im.resize((round(w * s), round(h * s)), Image.BICUBIC)
    a = np.asarray(im).astype(np.float32) + np.random.default_rng(n).normal(0, 3.0, (im.size[1], im.size[0], 3))
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(os.path.join(out, f"u{n:02d}.jpg"), quality=92)
    n += 1
    if n == 12:
        break
PY
n_unseen=$(ls "$OUT/unseen" | wc -l)

div() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a/b}'; }
secs() { { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null || true; } | tail -1; }
# wall and CPU (user + system) seconds, "wall cpu"; kyc-check uses a spare core where one is
# (the portrait's face search beside the photo checks), the peer runs on one thread: both count
wall_cpu() { { /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null || true; } | tail -1 | awk '{printf "%s %.2f", $1, $2 + $3}'; }

echo "== image quality on $n_phone 12 MP phone JPEGs, one thread"
k=$(secs "$BIN" "$OUT/phone" --no-ocr -j1 --format ndjson)
"$PY" "$SHARED/peers/opencv_quality.py" "$OUT/phone" --threads 1 --out "$OUT/opencv.tsv" > /dev/null
o=$(grep -v '^#' "$OUT/opencv.tsv" | awk -F'\t' 'NR==1{for(i=1;i<=NF;i++) if($i=="total_ms") c=i; next} c{s+=$c; n++} END{printf "%.3f", s/n/1000}')
o_proc=$(secs "$PY" "$SHARED/peers/opencv_quality.py" "$OUT/phone" --threads 1 --repeat 1)
echo "kyc-check --no-ocr -j1: $k s whole process, $(div "$k" "$n_phone") s per image"
echo "opencv_quality.py --threads 1: $o s per image (decode + checks, its own timer); whole process $o_proc s"
echo "ratio per image (opencv / kyc-check): $(div "$o" "$(div "$k" "$n_phone")"); whole process: $(div "$o_proc" "$k")"
echo "== image quality on $n_unseen unseen 12 MP photos (enlarged real documents), -j1, 3 alternating runs"
for r in 1 2 3; do
  read -r ku kc <<< "$(wall_cpu "$BIN" "$OUT/unseen" --no-ocr -j1 --format ndjson)"
  read -r ou oc <<< "$(wall_cpu "$PY" "$SHARED/peers/opencv_quality.py" "$OUT/unseen" --threads 1 --repeat 1)"
  echo "run $r: kyc-check --no-ocr -j1 $ku s (CPU $kc s), opencv_quality.py whole process $ou s (CPU $oc s), ratio (opencv / kyc-check) wall $(div "$ou" "$ku"), CPU $(div "$oc" "$kc")"
done
/usr/bin/time -v "$BIN" "$(ls "$OUT"/unseen/* | head -1)" --no-ocr 2>"$OUT/rss0.txt" >/dev/null || true
echo "peak RSS, one unseen 12 MP photo, --no-ocr: $(grep 'Maximum resident' "$OUT/rss0.txt" | awk '{print $6/1024 " MB"}')"
/usr/bin/time -v "$BIN" "$(ls "$OUT"/phone/* | head -1)" --no-ocr 2>"$OUT/rss.txt" >/dev/null || true
echo "peak RSS, one 12 MP photo, --no-ocr: $(grep 'Maximum resident' "$OUT/rss.txt" | awk '{print $6/1024 " MB"}')"
/usr/bin/time -v "$BIN" "$(ls "$OUT"/phone/* | head -1)" 2>"$OUT/rss2.txt" >/dev/null || true
echo "peak RSS, one 12 MP photo, with reading: $(grep 'Maximum resident' "$OUT/rss2.txt" | awk '{print $6/1024 " MB"}')"
/usr/bin/time -v "$BIN" fixtures -j2 --format ndjson 2>"$OUT/rss3.txt" >/dev/null || true
echo "peak RSS, all $(ls fixtures/*.jpg fixtures/*.png | wc -l) fixtures, -j2, with reading: $(grep 'Maximum resident' "$OUT/rss3.txt" | awk '{print $6/1024 " MB"}')"

PE="$SHARED/realdata/passporteye"
n_pe=$(ls "$PE" | grep -vc -e '\.tsv$' -e '\.md$')
echo "== full check with reading on the $n_pe PassportEye images, OMP_THREAD_LIMIT=1"
k1=$(secs "$BIN" "$PE" -j1 --format ndjson)
k2=$(secs "$BIN" "$PE" -j2 --format ndjson)
p=$(secs "$PY" "$SHARED/peers/passporteye_eval.py" "$PE" --out "$OUT/pe.tsv")
echo "kyc-check -j1: $k1 s ($(div "$k1" "$n_pe") s per image); -j2: $k2 s (throughput ×$(div "$k1" "$k2"))"
echo "passporteye_eval.py: $p s ($(div "$p" "$n_pe") s per image)"
echo "ratio per image (PassportEye / kyc-check -j1): $(div "$p" "$k1")"
echo "outputs in $OUT"
