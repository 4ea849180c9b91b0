#!/usr/bin/env bash
# Times 'neurofusion convert' and 'neurofusion preprocess' against MNE-Python doing the same, as whole
# processes (JVM or interpreter start included), best of three, with the load average beside each figure.
#
#   tools/reference/edf_convert_bench.sh /tmp/x.edf [OUTDIR]
#
# Make the input first: /usr/bin/python3 tools/reference/edf_convert_bench.py make /tmp/x.edf
# (64 channels x 30 minutes x 1000 Hz). Outputs go to OUTDIR (default /tmp) and are overwritten.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
edf="${1:?usage: $0 FILE.edf [OUTDIR]}"
out="${2:-/tmp}"
py="$root/tools/reference/edf_convert_bench.py"
nf="$root/bin/neurofusion"
filters=(--bandpass 1,40 --notch 50 --resample 250)

# Builds the jar now if sources changed, so that no run below pays for a build.
"$nf" --version > /dev/null

best() {
  local label="$1"; shift
  local best_s=""
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > /dev/null
    t1=$(date +%s.%N)
    best_s=$(echo "$t0 $t1 ${best_s:-inf}" | awk '{d = $2 - $1; b = ($3 == "inf" || d < $3) ? d : $3; printf "%.2f", b}')
  done
  printf '%-32s best of 3: %6s s   (load: %s)\n' "$label" "$best_s" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

best "neurofusion convert" "$nf" convert "$edf" "$out/nf-convert.npy"
best "MNE convert" /usr/bin/python3 "$py" convert "$edf" "$out/mne-convert.npy"
best "neurofusion preprocess" "$nf" preprocess "$edf" "$out/nf-pre.npy" "${filters[@]}"
best "MNE preprocess (n_jobs=1)" /usr/bin/python3 "$py" preprocess "$edf" "$out/mne-pre.npy" 1
best "MNE preprocess (n_jobs=2)" /usr/bin/python3 "$py" preprocess "$edf" "$out/mne-pre.npy" 2
# The two programs must agree, or the timing compares different work.
/usr/bin/python3 - "$out" <<'EOF'
import sys, numpy as np
d = sys.argv[1]
for a, b in [("nf-convert", "mne-convert"), ("nf-pre", "mne-pre")]:
    x, y = np.load("%s/%s.npy" % (d, a)), np.load("%s/%s.npy" % (d, b))
    print("%-10s vs MNE: shape %s, max |difference| %.3g V" % (a, x.shape, np.max(np.abs(x - y))))
EOF
