#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/TARGET, not in git) with the
# project's fixtures, so that the fuzzers start from real transcripts.
set -euo pipefail
cd "$(dirname "$0")"
fixtures=(../fixtures/chat/*/*.txt ../fixtures/demo/*.txt ../fixtures/report/*.txt
          ../fixtures/broken/*.txt ../fixtures/broken/*.log ../fixtures/broken/*.json
          ../fixtures/broken/*.jsonl ../fixtures/broken/*.eml)
for target in read_chat read_any normalize engine_message; do
    mkdir -p "corpus/$target"
done
for file in "${fixtures[@]}"; do
    [ -f "$file" ] || continue
    name=$(basename "$file")
    cp "$file" "corpus/read_chat/$name"
    cp "$file" "corpus/normalize/$name"
    cp "$file" "corpus/engine_message/$name"
    # read_any: the first byte picks the format (an index into Format::ALL).
    for pick in 0 1 2 3 4 5 6 7; do
        { printf "\\x0$pick"; cat "$file"; } > "corpus/read_any/$pick-$name"
    done
done
echo "seeded: $(ls corpus/read_chat | wc -l) files per target, $(ls corpus/read_any | wc -l) for read_any"
