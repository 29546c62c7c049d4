#!/usr/bin/env bash
# Whole-process benchmark: couth against ripgrep on the same files, one
# thread against two, and the start-up of a draft check on stdin.
#
#   bench/run.sh [CONVERSATIONS] [JSONL_SIZE]
#
# Needs hyperfine and ripgrep (Debian: apt-get install hyperfine ripgrep).
# Compare the figures as ratios within one run: absolute times on shared
# machines are noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
conversations=${1:-2000}
jsonl_size=${2:-20MB}
work=${BENCH_DIR:-target/bench}
couth=target/release/couth

cargo build --release --quiet
rm -rf "$work" && mkdir -p "$work"
"$couth" generate --out "$work/corpus" --seed 7 --conversations "$conversations" --jsonl-size "$jsonl_size" > /dev/null
# The manifest is not a conversation export: keep it out of the checked folder.
mv "$work/corpus/corpus.json" "$work/manifest.json" 2>/dev/null || true
"$couth" rules --export-phrases > "$work/phrases.txt"
bytes=$(du -sb "$work/corpus" | cut -f1)
files=$(find "$work/corpus" -type f | wc -l)
echo "corpus: $files files, $((bytes / 1024 / 1024)) MiB, $conversations file conversations; $(wc -l < "$work/phrases.txt") phrases"

hyperfine --warmup 1 --runs 5 --export-json "$work/batch.json" \
  -n "couth -j2" "$couth check --no-config --format concise --fail-on never -j 2 $work/corpus > /dev/null" \
  -n "couth -j1" "$couth check --no-config --format concise --fail-on never -j 1 $work/corpus > /dev/null" \
  -n "rg -F -i -f phrases" "rg -F -i -c -f $work/phrases.txt $work/corpus > /dev/null || true"

printf 'Hello! Please be advised that your RMA has been escalated to L2, obviously %.0s' {1..5} > "$work/draft.txt"
hyperfine --warmup 3 --runs 30 --export-json "$work/stdin.json" \
  -n "couth check --stdin (100-word draft)" "$couth check --no-config --format json --fail-on never --stdin --stdin-name draft.txt < $work/draft.txt > /dev/null"

peak=$( { /usr/bin/time -v "$couth" check --no-config --format concise --fail-on never "$work/corpus" > /dev/null; } 2>&1 | awk -F': ' '/Maximum resident/ {print $2}')

python3 - "$work" "$bytes" "$conversations" "$peak" <<'PY'
import json, sys
work, size, conversations, peak = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
runs = {r["command"]: r["mean"] for r in json.load(open(f"{work}/batch.json"))["results"]}
two, one, rg = runs["couth -j2"], runs["couth -j1"], runs["rg -F -i -f phrases"]
stdin = json.load(open(f"{work}/stdin.json"))["results"][0]["mean"]
mib = size / 1024 / 1024
print(f"couth -j2: {two:.3f} s  ({mib / two:.1f} MiB/s)")
print(f"couth -j1: {one:.3f} s  ({mib / one:.1f} MiB/s)")
print(f"rg -F -i -f: {rg:.3f} s")
print(f"couth -j2 / rg = {two / rg:.2f}   (target <= 2.0)")
print(f"2 threads vs 1: {one / two:.2f}x   (target >= 1.8)")
print(f"stdin draft: {stdin * 1000:.1f} ms wall   (target < 5 ms)")
print(f"peak RSS over the corpus: {int(peak) // 1024} MiB")
PY
