#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each, one after another (docs/testing.md#fuzzing):
#   tools/fuzz.sh [SECONDS] [Class#method ...]        e.g. tools/fuzz.sh 300   or   tools/fuzz.sh 60 FifFuzzTest#fuzzFif
# Each target runs in the module whose test sources hold its class (modalities, datasets, inference, alignment).
# Small files of ../shared/data (or $NEUROFUSION_DATA) of each target's format are copied into its generated corpus
# (<module>/.cifuzz-corpus/, not committed) as extra seeds. Logs go to <module>/target/fuzz-logs/; a summary
# line per target (executions, edges covered, corpus, finding or not) is printed at the end. A finding's input is
# written by Jazzer into the target's src/test/resources/.../<Class>Inputs/<method>/ folder, where the plain build
# replays it from then on. Each input's files are written under /dev/shm where it exists (a tmpfs: the targets that
# write a folder per input run several times faster there); FUZZ_TMPDIR names another folder, or '' the JVM's default.
set -u
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(EdfFuzzTest#fuzzEdf EdfFuzzTest#fuzzBdf BrainVisionFuzzTest#fuzzHeader BrainVisionFuzzTest#fuzzMarkers
           BrainVisionFuzzTest#fuzzData FifFuzzTest#fuzzFif NiftiFuzzTest#fuzzNifti SnirfFuzzTest#fuzzHdf5Bytes
           SnirfFuzzTest#fuzzStructure NirxFuzzTest#fuzzHeader NirxFuzzTest#fuzzAuroraHeader
           NirxFuzzTest#fuzzWavelengthData NirxFuzzTest#fuzzEvents NirxFuzzTest#fuzzTriggers
           NirxFuzzTest#fuzzConfigAndSubject NirxFuzzTest#fuzzProbe
           PipelineFuzzTest#fuzzPipeline MontageTableFuzzTest#fuzzMontageTable
           MatFuzzTest#fuzzMat5 MatFuzzTest#fuzzMat73 BidsFuzzTest#fuzzSidecar BidsFuzzTest#fuzzChannels
           BidsFuzzTest#fuzzEvents BidsFuzzTest#fuzzElectrodes BidsFuzzTest#fuzzDescription
           WindowingSpecFuzzTest#fuzzWindowingSpec StoreFuzzTest#fuzzHeader StoreFuzzTest#fuzzIndex
           ArtifactFuzzTest#fuzzSpec ArtifactFuzzTest#fuzzParameters ArtifactFuzzTest#fuzzChecksums
           CheckpointFuzzTest#fuzzCheckpoint BidsFuzzTest#fuzzCoordsystem BidsFuzzTest#fuzzParticipants
           BidsFuzzTest#fuzzScans BidsFuzzTest#fuzzOptodes RunFilesFuzzTest#fuzzConfig RunFilesFuzzTest#fuzzMetrics
           NiftiFuzzTest#fuzzPairHeader NiftiFuzzTest#fuzzPairImage)
fi
data=${NEUROFUSION_DATA:-../shared/data}
# Each input's files go to memory where the machine has a tmpfs (FUZZ_TMPDIR overrides; empty: the JVM's default).
tmpdir=${FUZZ_TMPDIR-}
if [ -z "${FUZZ_TMPDIR+set}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  tmpdir=/dev/shm
fi

seeds_for() {  # the shared files that seed a target: small ones of its format (NIRStar headers are NIRS*.hdr)
  case "$1" in
    NirxFuzzTest#fuzzHeader) echo 'NIRS*.hdr' ;; NirxFuzzTest#fuzzAuroraHeader) echo '*_config.hdr' ;;
    NirxFuzzTest#fuzzWavelengthData) echo '*.wl1 *.wl2' ;; NirxFuzzTest#fuzzEvents) echo '*.evt' ;;
    NirxFuzzTest#fuzzTriggers) echo '*.tri' ;; NirxFuzzTest#fuzzConfigAndSubject) echo '*_config.txt *.inf' ;;
    NirxFuzzTest#fuzzProbe) echo '*_probeInfo.mat' ;; SnirfFuzzTest#fuzzHdf5Bytes) echo '*.snirf' ;;
    EdfFuzzTest#fuzzEdf) echo '*.edf' ;; EdfFuzzTest#fuzzBdf) echo '*.bdf' ;;
    BrainVisionFuzzTest#fuzzHeader) echo '*.vhdr' ;; BrainVisionFuzzTest#fuzzMarkers) echo '*.vmrk' ;;
    FifFuzzTest#fuzzFif) echo '*.fif' ;; NiftiFuzzTest#fuzzNifti) echo '*.nii *.nii.gz' ;;
    MatFuzzTest#fuzzMat5) echo '*.mat' ;; *) echo '' ;;
  esac
}

summary=()
for t in "${targets[@]}"; do
  class=${t%%#*}
  method=${t##*#}
  source=$(grep -rl "class $class " --include="$class.java" ./*/src/test/java | head -1)
  if [ -z "$source" ]; then
    summary+=("$t: no test class $class in any module")
    continue
  fi
  module=${source#./}
  module=${module%%/src/test/java/*}
  pkg=$(echo "$source" | sed "s|^\./$module/src/test/java/||; s|/[^/]*$||; s|/|.|g")
  logs="$module/target/fuzz-logs"
  mkdir -p "$logs"
  corpus="$module/.cifuzz-corpus/$pkg.$class/$method"
  mkdir -p "$corpus"
  if [ -d "$data" ]; then
    for pattern in $(seeds_for "$t"); do
      find "$data" -name "$pattern" -size -32k -not -path '*/expected/*' -exec cp {} "$corpus/" \;
    done
  fi
  log="$logs/$class-$method.log"
  echo "fuzzing $t for $seconds s (log: $log)"
  nice -n 15 ./mvnw -B -ntp -o -Pfuzz test -pl "$module" -am -Dtest="$t" -Dfuzz.seconds="$seconds" \
    ${tmpdir:+-Dfuzz.tmpdir="$tmpdir"} >"$log" 2>&1
  rc=$?
  done_line=$(grep -a -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
  last=$(grep -a -E '^#[0-9]+[[:space:]]' "$log" | tail -1)
  runs=$(grep -a -E 'stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}')
  cov=$(echo "${done_line:-$last}" | grep -oE 'cov: [0-9]+' | awk '{print $2}')
  corp=$(echo "${done_line:-$last}" | grep -oE 'corp: [0-9]+' | awk '{print $2}')
  finding=none
  if [ $rc -ne 0 ]; then
    finding=$(grep -a -m1 -E 'FuzzTestFinding|== Java Exception' "$log" | cut -c1-200)
    finding=${finding:-"build failed (rc $rc), see the log"}
  fi
  summary+=("$t: executions ${runs:-?}, edges ${cov:-?}, corpus ${corp:-?}, finding: $finding")
done
printf '%s\n' "${summary[@]}"
