#!/bin/bash
# The real-EEG experiments of docs/evaluation.md ("Real EEG: PhysioNet motor imagery"), in order. Every step is
# resumable: a finished pre-training is skipped, an evaluation resumes its recorded folds.
# Usage: tools/real-eeg.sh [EEGMMIDB_FOLDER [OUT]]  (defaults: ../shared/data/eeg/eegmmidb, real-eeg)
set -euo pipefail
SRC=${1:-../shared/data/eeg/eegmmidb}
OUT=${2:-real-eeg}
NF="$(dirname "$0")/../bin/neurofusion"
mkdir -p "$OUT"
[ -f "$OUT/bids/dataset_description.json" ] || "$NF" import eegmmidb "$SRC" --out "$OUT/bids"
"$NF" windows "$OUT/bids" --spec "$(dirname "$0")/../examples/eegmmidb-pretrain-windows.json" --out "$OUT/store"
done10() { [ "$(grep -c '"split":"val"' "$1/metrics.jsonl" 2>/dev/null)" = 10 ]; }
pt() { # name data holdout
  done10 "$OUT/pt-$1" && return 0
  rm -rf "$OUT/pt-$1"
  "$NF" pretrain --data "$2" --out "$OUT/pt-$1" --modalities eeg --set epochs=10 --set patience=10 \
    --set stop_metric=neg_loss --set view_dropout=0.5 --set reconstruction_weight=1 --set supcon_weight=0 \
    --set holdout="$3"
}
run() { # name model protocol extra...
  local n=$1 m=$2 p=$3; shift 3
  "$NF" evaluate --data "$OUT/bids" --out "$OUT/ev-$n-$p" --protocol "$p" --model "$m" \
    --pipelines eeg-csp,frozen-linear,fine-tuned,scratch --steps 200 "$@"
}
# 1. self-supervised EEG pre-training on the real EEG alone, two complementary hold-outs
pt a "$OUT/store" 006,007,008,009,010
pt b "$OUT/store" 001,002,003,004,005
run a "$OUT/pt-a" loso; run b "$OUT/pt-b" loso
# 2. a simulated EEG+fNIRS cohort whose EEG carries the task, pre-trained aligned (default objective)
[ -f "$OUT/sim/participants.tsv" ] || "$NF" simulate --out "$OUT/sim" --subjects 10 --tasks mi --set erdDepth=0.9 \
  --seed 42
done10 "$OUT/pt-sim" || { rm -rf "$OUT/pt-sim"; "$NF" pretrain --data "$OUT/sim" --out "$OUT/pt-sim" \
  --set epochs=10 --set patience=10; }
# 3. montage transfer: that encoder carried to the real 64-channel windows
run sim "$OUT/pt-sim" loso --model-windows "$OUT/store"
# 4. the real pre-training with the simulated cohort added (hold-out a)
"$NF" windows --merge "$OUT/store" --merge "$OUT/sim/derivatives/neurofusion-windows/pretrain" --out "$OUT/mixed"
pt mix "$OUT/mixed" 006,007,008,009,010
run mix "$OUT/pt-mix" loso
# 5. few-shot and within-subject
run a "$OUT/pt-a" fewshot-5 --repetitions 2; run b "$OUT/pt-b" fewshot-5 --repetitions 2
run a "$OUT/pt-a" within --repetitions 1; run b "$OUT/pt-b" within --repetitions 1
run mix "$OUT/pt-mix" within --repetitions 1; run mix "$OUT/pt-mix" fewshot-5 --repetitions 2
run sim "$OUT/pt-sim" fewshot-5 --repetitions 2 --model-windows "$OUT/store"
# ten subjects in one table: python3 tools/combine_evaluations.py "$OUT"/ev-{a,b}-loso/results.csv
