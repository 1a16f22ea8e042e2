#!/usr/bin/env bash
# Runs vetter's fuzz targets (cargo-fuzz, libFuzzer) on a stable toolchain.
#
#   fuzz/run.sh                 list the targets
#   fuzz/run.sh TARGET [SECS]   seed TARGET's corpus and fuzz it for SECS seconds (default 60)
#   fuzz/run.sh all [SECS]      every target in turn, SECS seconds each
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`, from crates.io). RUSTC_BOOTSTRAP=1 lets the stable
# compiler take the instrumentation flags cargo-fuzz passes. Builds and runs are niced and use one
# fuzzing job. The working corpus is fuzz/corpus/TARGET (not committed); a crash is written to
# fuzz/artifacts/TARGET/. Keep a minimised crash (`cargo fuzz tmin`) in
# tests/fuzz_regressions/TARGET/, which `cargo test` replays (tests/it/fuzz_regressions.rs).
# FUZZ_ARGS adds libFuzzer options, e.g. FUZZ_ARGS="-fork=1 -ignore_crashes=1" to go on after a
# crash (still one fuzzing process). FUZZ_FLAGS adds cargo-fuzz flags, e.g. FUZZ_FLAGS="-s address" for AddressSanitizer (the
# default is no sanitizer: vetter has no unsafe code, and it runs several times faster).
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
targets=(corpus_line predictions_line annotation schema keymap config terminal_input)
export RUSTC_BOOTSTRAP=1
flags=(--debug-assertions ${FUZZ_FLAGS:--s none})

# The seeds: this repository's own files, the committed regression inputs, and a few lines of
# the shared evaluation set when it is there (copied, never committed).
seed() {
    local t=$1 dir=corpus/$1
    mkdir -p "$dir"
    case $t in
        corpus_line)
            local shared=$root/../shared/eval/gva-dev/articles.jsonl
            if [[ -f $shared ]]; then
                head -n 5 "$shared" | split -l 1 - "$dir/shared-"
            fi
            ;;
        predictions_line) split -l 1 "$root/tests/fixtures/samples.predictions.jsonl" "$dir/fixture-" ;;
        annotation) cp "$root"/annotations/example/*.ron "$dir/" ;;
        schema) cp "$root/assets/schema/incident.ron" "$dir/" ;;
        keymap) cp "$root/assets/keymap.ron" "$dir/" ;;
        config | terminal_input) ;;
    esac
}

run() {
    local t=$1 secs=$2
    seed "$t"
    mkdir -p "artifacts/$t"
    # -timeout: an input taking over 10 s is reported as a hang; -rss_limit_mb: over 2 GiB as OOM.
    nice -n 19 cargo fuzz run "${flags[@]}" "$t" "corpus/$t" "$root/tests/fuzz_regressions/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="artifacts/$t/" ${FUZZ_ARGS:-}
}

case ${1:-} in
    "") printf '%s\n' "${targets[@]}" ;;
    all)
        nice -n 19 cargo fuzz build "${flags[@]}"
        for t in "${targets[@]}"; do run "$t" "${2:-60}"; done
        ;;
    *)
        [[ " ${targets[*]} " == *" $1 "* ]] || { echo "unknown target $1" >&2; exit 2; }
        nice -n 19 cargo fuzz build "${flags[@]}" "$1"
        run "$1" "${2:-60}"
        ;;
esac
