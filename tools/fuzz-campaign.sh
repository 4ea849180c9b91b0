#!/usr/bin/env bash
# A fuzzing campaign that outlasts a working session (issue 18's goal: a million executions per format with no
# finding at the end; docs/testing.md#fuzzing). Each round runs one target with tools/fuzz.sh and appends what it
# did to a ledger kept in the repository, so the next session, on this machine or a fresh one, goes on from there:
#
#   tools/fuzz-campaign.sh MINUTES [ROUND_SECONDS]   rounds until MINUTES have passed (ROUND_SECONDS each, default 600)
#   tools/fuzz-campaign.sh --report                  executions, edges and findings per format and target so far
#
# A format reaches its goal with GOAL executions in all and, for each of its targets, at least GOAL / targets (so
# that a fast target alone does not stand for the format's other parsers). A round picks the format nearest its
# goal in time (what is left over the rate its rounds reached; a format never run comes first), and in it the
# target with the fewest executions. A round is cut to what the target should need
# (its own rate, plus a tenth), at least 60 s. A round that ends on a finding stops the campaign: the finding is
# to be fixed first (its input lies where fuzz.sh says), and executions before a fix do not count towards "no
# finding at the end" (the report counts each format's executions since its last finding).
# Ledger: $FUZZ_LEDGER, default docs/results/fuzz/ledger.tsv; columns: finished (UTC), commit, target, format,
# seconds, executions, edges, corpus, finding.
set -u
cd "$(dirname "$0")/.."
ledger=${FUZZ_LEDGER:-docs/results/fuzz/ledger.tsv}
goal=${FUZZ_GOAL:-1000000}
header=$'finished\tcommit\ttarget\tformat\tseconds\texecutions\tedges\tcorpus\tfinding'

targets=(EdfFuzzTest#fuzzEdf EdfFuzzTest#fuzzBdf BrainVisionFuzzTest#fuzzHeader BrainVisionFuzzTest#fuzzMarkers
         BrainVisionFuzzTest#fuzzData FifFuzzTest#fuzzFif NiftiFuzzTest#fuzzNifti NiftiFuzzTest#fuzzPairHeader
         NiftiFuzzTest#fuzzPairImage SnirfFuzzTest#fuzzHdf5Bytes SnirfFuzzTest#fuzzStructure NirxFuzzTest#fuzzHeader
         NirxFuzzTest#fuzzAuroraHeader NirxFuzzTest#fuzzWavelengthData NirxFuzzTest#fuzzEvents
         NirxFuzzTest#fuzzTriggers NirxFuzzTest#fuzzConfigAndSubject NirxFuzzTest#fuzzProbe MatFuzzTest#fuzzMat5
         MatFuzzTest#fuzzMat73 BidsFuzzTest#fuzzSidecar BidsFuzzTest#fuzzChannels BidsFuzzTest#fuzzEvents
         BidsFuzzTest#fuzzElectrodes BidsFuzzTest#fuzzDescription BidsFuzzTest#fuzzCoordsystem
         BidsFuzzTest#fuzzParticipants BidsFuzzTest#fuzzScans BidsFuzzTest#fuzzOptodes
         WindowingSpecFuzzTest#fuzzWindowingSpec PipelineFuzzTest#fuzzPipeline MontageTableFuzzTest#fuzzMontageTable
         StoreFuzzTest#fuzzHeader StoreFuzzTest#fuzzIndex ArtifactFuzzTest#fuzzSpec ArtifactFuzzTest#fuzzParameters
         ArtifactFuzzTest#fuzzChecksums CheckpointFuzzTest#fuzzCheckpoint RunFilesFuzzTest#fuzzConfig
         RunFilesFuzzTest#fuzzMetrics)

format_of() {
  case "$1" in
    EdfFuzzTest#fuzzEdf) echo EDF ;; EdfFuzzTest#fuzzBdf) echo BDF ;; BrainVisionFuzzTest#*) echo BrainVision ;;
    FifFuzzTest#*) echo FIF ;; NiftiFuzzTest#*) echo NIfTI ;; SnirfFuzzTest#*) echo SNIRF ;; NirxFuzzTest#*) echo NIRx ;;
    MatFuzzTest#fuzzMat5) echo 'MAT v5' ;; MatFuzzTest#fuzzMat73) echo 'MAT v7.3' ;; BidsFuzzTest#*) echo BIDS ;;
    WindowingSpecFuzzTest#*) echo 'windowing spec' ;; PipelineFuzzTest#*) echo pipeline ;;
    MontageTableFuzzTest#*) echo 'montage table' ;; StoreFuzzTest#*) echo 'window store' ;;
    ArtifactFuzzTest#*) echo 'model artifact' ;; CheckpointFuzzTest#*) echo checkpoint ;;
    RunFilesFuzzTest#*) echo 'run folder' ;; *) echo '?' ;;
  esac
}

ensure_ledger() {
  if [ ! -f "$ledger" ]; then
    mkdir -p "$(dirname "$ledger")"
    printf '%s\n' "$header" >"$ledger"
  fi
  if [ "$(head -1 "$ledger")" != "$header" ]; then
    echo "$ledger: not a campaign ledger (its first line is not the header)" >&2
    exit 2
  fi
}

# Per target: executions, seconds and findings since the format's last finding; per format the same. Printed as
# "T<TAB>target<TAB>format<TAB>executions<TAB>seconds<TAB>edges" and "F<TAB>format<TAB>executions<TAB>seconds<TAB>rounds<TAB>findings".
tally() {
  awk -F'\t' -v goal="$goal" '
    NR == 1 { next }
    NF != 9 || $6 !~ /^[0-9]+$/ || $5 !~ /^[0-9]+$/ { printf "%s line %d: malformed\n", FILENAME, NR > "/dev/stderr"; bad = 1; next }
    {
      f = $4; t = $3
      if ($9 != "none") { findings[f]++; fexec[f] = 0; fsec[f] = 0
        for (k in texec) if (tfmt[k] == f) { texec[k] = 0; tsec[k] = 0 } }
      else { fexec[f] += $6; fsec[f] += $5; texec[t] += $6; tsec[t] += $5 }
      tfmt[t] = f; rounds[f]++
      if ($7 ~ /^[0-9]+$/ && $7 + 0 > edges[t]) edges[t] = $7 + 0
      seen[f] = 1
    }
    END {
      for (t in tfmt) printf "T\t%s\t%s\t%d\t%d\t%d\n", t, tfmt[t], texec[t], tsec[t], edges[t]
      for (f in seen) printf "F\t%s\t%d\t%d\t%d\t%d\n", f, fexec[f], fsec[f], rounds[f], findings[f]
      exit bad
    }' "$ledger"
}

report() {
  ensure_ledger
  local t
  t=$(tally) || exit 2
  echo "fuzzing campaign (ledger $ledger; goal $goal executions per format since its last finding)"
  printf '%-16s %12s %9s %7s %9s  %s\n' format executions seconds rounds findings status
  for f in EDF BDF BrainVision FIF NIfTI SNIRF NIRx 'MAT v5' 'MAT v7.3' BIDS 'windowing spec' pipeline \
           'montage table' 'window store' 'model artifact' checkpoint 'run folder'; do
    line=$(printf '%s\n' "$t" | awk -F'\t' -v f="$f" '$1 == "F" && $2 == f')
    if [ -z "$line" ]; then
      printf '%-16s %12s %9s %7s %9s  %s\n' "$f" 0 0 0 0 'not run'
      continue
    fi
    # the targets of the format below their share of the goal (goal / targets)
    n=0; below=()
    for target in "${targets[@]}"; do
      [ "$(format_of "$target")" = "$f" ] || continue
      n=$((n + 1))
    done
    for target in "${targets[@]}"; do
      [ "$(format_of "$target")" = "$f" ] || continue
      e=$(printf '%s\n' "$t" | awk -F'\t' -v x="$target" '$1 == "T" && $2 == x { print $4 }')
      [ "${e:-0}" -lt $((goal / n)) ] && below+=("${target#*#}")
    done
    echo "$line" | awk -F'\t' -v goal="$goal" -v below="${below[*]}" '{ printf "%-16s %12d %9d %7d %9d  %s\n",
      $2, $3, $4, $5, $6, ($3 >= goal && below == "" ? "goal reached" : sprintf("%.1f%% of the goal%s",
      100 * $3 / goal, below == "" ? "" : "; below their share: " below)) }'
  done
  echo
  printf '%-42s %-16s %12s %9s %7s\n' target format executions seconds edges
  printf '%s\n' "$t" | awk -F'\t' '$1 == "T" { printf "%-42s %-16s %12d %9d %7d\n", $2, $3, $4, $5, $6 }' | sort
}

# The next target and its round length, as "target<TAB>seconds", or nothing when every format has reached the goal.
next_round() {
  local t round=$1
  t=$(tally) || exit 2
  for target in "${targets[@]}"; do
    printf 'X\t%s\t%s\n' "$target" "$(format_of "$target")"
  done | { printf '%s\n' "$t"; cat; } | awk -F'\t' -v goal="$goal" -v round="$round" '
    $1 == "T" { te[$2] = $4; ts[$2] = $5 }
    $1 == "F" { fe[$2] = $3; fs[$2] = $4 }
    $1 == "X" { order[++n] = $2; fmt[$2] = $3 }
    END {
      # a format is done when it has the goal in all and each of its targets its share of it
      for (i = 1; i <= n; i++) count[fmt[order[i]]]++
      for (i = 1; i <= n; i++) {
        t = order[i]; f = fmt[t]
        short[f] += (te[t] < goal / count[f]) ? goal / count[f] - te[t] : 0
      }
      best = ""; bestleft = -1
      for (i = 1; i <= n; i++) {
        f = fmt[order[i]]
        if (f in done) continue
        done[f] = 1
        need = (goal - fe[f] > short[f]) ? goal - fe[f] : short[f]
        if (need <= 0) continue
        left = (fs[f] > 0 && fe[f] > 0) ? need / (fe[f] / fs[f]) : 0
        if (bestleft < 0 || left < bestleft) { bestleft = left; best = f }
      }
      if (best == "") exit
      pick = ""
      for (i = 1; i <= n; i++) {
        t = order[i]
        if (fmt[t] == best && (pick == "" || te[t] < te[pick])) pick = t
      }
      secs = round
      if (ts[pick] > 0 && te[pick] > 0) {
        want = goal / count[best] - te[pick]
        if (goal - fe[best] > want) want = goal - fe[best]
        need = int(want / (te[pick] / ts[pick]) * 1.1) + 1
        if (need < secs) secs = need
      }
      if (secs < 60) secs = 60
      printf "%s\t%d\n", pick, secs
    }'
}

if [ "${1:-}" = "--report" ]; then
  report
  exit 0
fi
minutes=${1:?usage: tools/fuzz-campaign.sh MINUTES [ROUND_SECONDS] | --report}
round=${2:-600}
case "$minutes$round" in *[!0-9]*) echo "MINUTES and ROUND_SECONDS are whole numbers" >&2; exit 2 ;; esac
ensure_ledger
end=$(( $(date +%s) + minutes * 60 ))
while [ "$(date +%s)" -lt "$end" ]; do
  left=$(( end - $(date +%s) ))
  next=$(next_round "$round") || exit 2
  if [ -z "$next" ]; then
    echo "every format has reached $goal executions since its last finding"
    break
  fi
  target=${next%%$'\t'*}
  secs=${next##*$'\t'}
  # the last round is cut to the time left (less Maven's start-up); too little left is no round
  [ "$secs" -gt $(( left - 45 )) ] && secs=$(( left - 45 ))
  [ "$secs" -lt 30 ] && break
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  [ -n "$(git status --porcelain -- '*/src/main' 2>/dev/null)" ] && commit="$commit+changes"
  out=$(tools/fuzz.sh "$secs" "$target" | tail -1)
  echo "$out"
  runs=$(echo "$out" | grep -oE 'executions [0-9?]+' | awk '{print $2}')
  cov=$(echo "$out" | grep -oE 'edges [0-9?]+' | awk '{print $2}')
  corp=$(echo "$out" | grep -oE 'corpus [0-9?]+' | awk '{print $2}')
  finding=$(echo "$out" | sed -n 's/.*finding: //p' | tr '\t' ' ')
  if ! [[ "${runs:-}" =~ ^[0-9]+$ ]]; then
    echo "the round of $target printed no execution count (see its log); the campaign stops" >&2
    exit 1
  fi
  printf '%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$commit" "$target" \
    "$(format_of "$target")" "$secs" "$runs" "${cov:-?}" "${corp:-?}" "${finding:-none}" >>"$ledger"
  if [ "${finding:-none}" != none ]; then
    echo "$target: a finding; the campaign stops until it is fixed" >&2
    exit 1
  fi
done
report
