#!/usr/bin/env bash
# What each rule of the read stage fixes and makes wrong (issue 13), on both parts of the split:
# examples/read_eval once with every rule and once without each (`--without RULE`), compared
# image by image. Specimens and documents count exact readings; PassportEye (no character truth)
# counts fully valid ones. Writes only to $OUT. Usage: bash scripts/read-ablation.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$(mktemp -d)}
export OMP_THREAD_LIMIT=1
cargo build --release --locked --quiet --example read_eval
EVAL=target/release/examples/read_eval
SETS=(specimens documents passporteye)
"$EVAL" "${SETS[@]}" > "$OUT/all.tsv"
# an unknown rule makes read_eval list them all
rules=$( ("$EVAL" --without list 2>&1 || true) | sed 's/.*rules: //; s/, / /g')
for r in $rules; do
    "$EVAL" "${SETS[@]}" --without "$r" > "$OUT/without-$r.tsv"
done
python3 - "$OUT" $rules <<'PY'
import sys
out, rules = sys.argv[1], sys.argv[2:]
def load(path):
    rows = {}
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(f) < 5 or f[0] == "file":
            continue
        part = f[1] if f[1] in ("tune", "heldout") else "tune"  # passporteye is tuning
        valid = next((x for x in f if x in ("true", "false")), "false") == "true"
        exact = next((x for x in f if x in ("yes", "NO")), None)
        # exact where there is character truth; fully valid on PassportEye
        good = (exact == "yes") if exact is not None else valid
        wrong_valid = exact == "NO" and valid
        rows[f[0]] = (part, good, wrong_valid)
    return rows
base = load(f"{out}/all.tsv")
print("rule\tpart\tfixed (good only with it)\tmade wrong (good only without it)\t"
      "verifying-but-wrong with | without\timages fixed | made wrong")
for r in rules:
    off = load(f"{out}/without-{r}.tsv")
    for part in ("tune", "heldout"):
        keys = [k for k in base if base[k][0] == part and k in off]
        fixed = [k for k in keys if base[k][1] and not off[k][1]]
        broke = [k for k in keys if off[k][1] and not base[k][1]]
        vw_on = sum(base[k][2] for k in keys)
        vw_off = sum(off[k][2] for k in keys)
        short = lambda ks: ", ".join(k.split("/")[-1] for k in ks) or "-"
        print(f"{r}\t{part}\t{len(fixed)}\t{len(broke)}\t{vw_on} | {vw_off}\t{short(fixed)} | {short(broke)}")
PY
echo "outputs in $OUT"
