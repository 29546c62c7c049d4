#!/usr/bin/env bash
# Whole-process benchmark: couth against `rg -F -i -f PHRASES` on the same
# files, couth with one thread against all threads (and against the
# machine's own ceiling: as many `couth -j1` processes at once), a 100-word
# draft on stdin, and peak memory. Every figure of one run comes from the same files,
# so compare the ratios (absolute times depend on the machine and its load).
#
#   bench/run.sh [CONVERSATIONS] [JSONL_SIZE]     default: 2000 10MB (about three minutes)
#
# The mixed corpus's mails are a fifth of its conversations (406 mails,
# 0.7 MB of text, a twentieth of a second): a short batch, where start-up
# and compiling each language's patterns are half the run. MAILS (default
# 4000, 0 for none) adds a set of that many mails alone, a night's
# mailbox, where the throughput is measured.
#
# Needs hyperfine and ripgrep (apt-get install hyperfine ripgrep) and
# python3; valgrind, when present, adds the draft's instruction count (the
# same under any load). RUNS (default 5) sets hyperfine's runs per command.
# Also benchmarks ../shared/corpus/ when that folder exists (the files couth
# reads in it, and rg over exactly those files).
set -euo pipefail
cd "$(dirname "$0")/.."

CONVERSATIONS=${1:-2000}
JSONL_SIZE=${2:-10MB}
MAILS=${MAILS:-4000}
RUNS=${RUNS:-5}
THREADS=$(nproc)
TARGET=${CARGO_TARGET_DIR:-target}
WORK="$TARGET/bench"
COUTH="$TARGET/release/couth"

for tool in hyperfine rg python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "bench/run.sh needs $tool (apt-get install hyperfine ripgrep python3)" >&2
        exit 2
    fi
done

cargo build --release --quiet
mkdir -p "$WORK"
rm -rf "$WORK/corpus" "$WORK/mails"
"$COUTH" generate --out "$WORK/corpus" --seed 1 --conversations "$CONVERSATIONS" \
    --jsonl-size "$JSONL_SIZE" >"$WORK/corpus.json"
if [ "$MAILS" -gt 0 ]; then
    "$COUTH" generate --out "$WORK/mails" --seed 1 --conversations "$MAILS" \
        --email-share 1 --jsonl-size 0 >"$WORK/mails.json"
fi
"$COUTH" rules --export-phrases >"$WORK/phrases.txt"
PHRASES="$WORK/phrases.txt"
CHECK="$COUTH check --no-config --format concise --fail-on never"

# The files couth reads below a path, one per line (from its JUnit report,
# which has a test case per file read).
files_read() {
    [ -e "$1" ] || return 0
    # Bad files in the folder make couth exit with 2: still a list.
    { "$COUTH" check --no-config --format junit --fail-on never "$1" 2>/dev/null || true; } |
        python3 -c '
import html, re, sys
for name in re.findall(r"<testcase classname=\"couth\" name=\"([^\"]*)\"", sys.stdin.read()):
    print(html.unescape(name))'
}

# Whether this couth reads a format (the JSON Lines and email readers are
# younger than this script).
reads() {
    local said
    said=$("$COUTH" check --no-config --stdin --stdin-format "$1" --fail-on never </dev/null 2>&1 || true)
    [[ $said != *"unknown input format"* ]]
}

# compare NAME PATH LIST CONVERSATIONS: couth -j1, couth -jN, and rg over
# the files of LIST (or PATH itself when it holds nothing else).
compare() {
    local name=$1 path=$2 list=$3 conversations=$4 rg_paths="xargs -d '\n' -a '$3'"
    local files bytes
    files=$(wc -l <"$list")
    if [ "$files" -eq 0 ]; then
        echo "== $name: couth reads no file there yet; skipped"
        return
    fi
    if [ "$(find "$path" -type f | wc -l)" -eq "$files" ]; then
        rg_paths="echo '$path' | xargs"
    fi
    bytes=$(python3 -c 'import os, sys; print(sum(os.path.getsize(l.rstrip("\n")) for l in open(sys.argv[1])))' "$list")
    hyperfine --style basic --ignore-failure --warmup 1 --runs "$RUNS" \
        --export-json "$WORK/$name.json" \
        -n "couth -j1" "$CHECK -j1 '$path'" \
        -n "couth -j$THREADS" "$CHECK -j$THREADS '$path'" \
        -n "rg -F -i -f phrases" "$rg_paths rg -F -i -c -f '$PHRASES' --" \
        >"$WORK/$name.log" 2>&1
    python3 - "$WORK/$name.json" "$name" "$files" "$bytes" "$conversations" "$THREADS" <<'EOF'
import json, sys
runs, name, files, size, conversations, threads = sys.argv[1:]
files, size, conversations, threads = int(files), int(size), int(conversations), int(threads)
r = {x["command"]: x for x in json.load(open(runs))["results"]}
one, many, rg = r["couth -j1"], r[f"couth -j{threads}"], r["rg -F -i -f phrases"]
mb = size / 1e6
print(f"== {name}: {files} files, {mb:.1f} MB" + (f", {conversations} conversations" if conversations else ""))
for label, x in [("couth -j1", one), (f"couth -j{threads}", many), ("rg -F -i -f phrases", rg)]:
    line = f"   {label:<22} {x['mean']:8.3f} s ± {x['stddev'] or 0:.3f}   {mb / x['mean']:7.1f} MB/s"
    if conversations and label.startswith("couth"):
        line += f"   {conversations / x['mean']:9.0f} conversations/s"
    print(line)
print(f"   couth/rg time ratio    {many['mean'] / rg['mean']:.2f}   (target <= 2.0; couth -j{threads} against rg, which uses every core too)")
EOF
    threads "$path"
}

# threads PATH: couth -jN against -j1, in RUNS rounds that each run, in
# turn, `couth -j1`, `couth -jN` and N `couth -j1` processes at once (N
# times the work): the machine's load drifts over a run, and a ratio taken
# within one round cancels most of it. The N processes at once are the
# machine's own ceiling (on shared or virtual cores they slow each other
# down, and -jN cannot beat that). Also how busy -jN keeps its threads:
# CPU time / (threads x wall), the idle time couth itself leaves. Medians.
threads() {
    python3 - "$THREADS" "$RUNS" $CHECK "$1" <<'EOF'
import os, statistics, subprocess, sys, time
threads, runs, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
def run(jobs, copies=1):
    """Wall time of `copies` processes at once, and their CPU time."""
    argv = command[:-1] + [f"-j{jobs}", command[-1]]
    start = time.perf_counter()
    children = [subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                for _ in range(copies)]
    cpu = 0.0
    for child in children:
        _, _, usage = os.wait4(child.pid, 0)
        cpu += usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, cpu
speedups, ceilings, busy = [], [], []
run(1)
for _ in range(runs):
    one, _ = run(1)
    many, cpu = run(threads)
    together, _ = run(1, threads)
    speedups.append(one / many)
    ceilings.append(threads * one / together)
    busy.append(cpu / (threads * many))
speedup, ceiling = statistics.median(speedups), statistics.median(ceilings)
print(f"   {threads} threads vs 1        {speedup:.2f}x   (target >= 1.8 with 2 threads; median of {runs} interleaved rounds,"
      f" {min(speedups):.2f} to {max(speedups):.2f})")
print(f"   machine's ceiling      {ceiling:.2f}x   ({threads} couth -j1 at once on the same files; -j{threads} reaches"
      f" {100 * speedup / ceiling:.0f} % of it)")
print(f"   threads busy (-j{threads})    {100 * statistics.median(busy):.0f} %   (CPU time / (threads x wall))")
EOF
}

# count FORMAT [CORPUS]: conversations of a format in a generated corpus.
count() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]]["conversations"])' "$WORK/${2:-corpus}.json" "$1"; }

echo "couth $("$COUTH" --version | cut -d' ' -f2), $THREADS threads, $(wc -l <"$PHRASES") phrases exported, $RUNS runs per command"
echo

find "$WORK/corpus/chat" -type f 2>/dev/null | sort >"$WORK/chat.list" || true
compare "generated-chat" "$WORK/corpus/chat" "$WORK/chat.list" "$(count chat)"

if reads email; then
    files_read "$WORK/corpus/email" >"$WORK/email.list"
    compare "generated-email" "$WORK/corpus/email" "$WORK/email.list" "$(count email)"
    if [ "$MAILS" -gt 0 ]; then
        files_read "$WORK/mails/email" >"$WORK/mails.list"
        compare "generated-mails-$MAILS" "$WORK/mails/email" "$WORK/mails.list" "$(count email mails)"
    fi
else
    echo "== generated-email: this couth has no email reader yet; skipped"
fi

JSONL="$WORK/corpus/jsonl/conversations.jsonl"
: >"$WORK/jsonl.list"
if [ -f "$JSONL" ] && reads jsonl; then
    echo "$JSONL" >"$WORK/jsonl.list"
    compare "generated-jsonl" "$JSONL" "$WORK/jsonl.list" "$(count jsonl)"
elif [ -f "$JSONL" ]; then
    echo "== generated-jsonl: this couth has no JSON Lines reader yet; skipped"
fi

SHARED=../shared/corpus
if [ -d "$SHARED" ]; then
    files_read "$SHARED" >"$WORK/shared.list"
    compare "shared-corpus" "$SHARED" "$WORK/shared.list" 0
fi

# A 100-word agent draft on stdin.
DRAFT="$WORK/draft.txt"
python3 - "$DRAFT" <<'EOF'
import sys
words = ("Hello Anna, thank you for waiting. I have checked your order and the parcel left our "
         "warehouse yesterday. It should arrive within two working days. Unfortunately the courier "
         "is running late this week, so please allow an extra day. I have added a tracking link to "
         "your account so you can follow the delivery. If it has not arrived by Friday, reply to "
         "this message and I will send a replacement at no cost, and I will also refund the "
         "shipping fee to your card. Is there anything else I can help with today? Best regards, "
         "Maria from the support team").split()
open(sys.argv[1], "w").write(" ".join(words[:100]) + "\n")
EOF
# The program's own start-up (`couth --version`) in the same run puts the
# draft's figure in context: on a loaded machine both grow.
hyperfine --style basic --warmup 10 --runs $((RUNS * 20)) --export-json "$WORK/draft.json" \
    -n start-up "$COUTH --version" \
    -n draft "$COUTH check --no-config --stdin --format json --fail-on never < '$DRAFT'" \
    >"$WORK/draft.log" 2>&1
python3 - "$WORK/draft.json" <<'EOF'
import json, statistics, sys
start, draft = json.load(open(sys.argv[1]))["results"]
ms = lambda x: x * 1000
print(f"== draft on stdin (100 words): mean {ms(draft['mean']):.1f} ms ± {ms(draft['stddev'] or 0):.1f}, "
      f"median {ms(statistics.median(draft['times'])):.1f} ms, min {ms(draft['min']):.1f} ms (target < 5 ms)")
print(f"   the same run's couth --version: mean {ms(start['mean']):.1f} ms, "
      f"median {ms(statistics.median(start['times'])):.1f} ms, min {ms(start['min']):.1f} ms")
EOF
if command -v valgrind >/dev/null; then
    instructions=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$COUTH" check --no-config --stdin --format json --fail-on never <"$DRAFT" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    echo "   instructions: $instructions (callgrind; the same under any load)"
fi

# Peak memory (maximum resident set size).
peak() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'
}
echo "== peak memory"
if [ -s "$WORK/chat.list" ]; then
    echo "   chat folder ($(du -sh "$WORK/corpus/chat" | cut -f1)):  $(( $(peak $CHECK -j"$THREADS" "$WORK/corpus/chat") / 1024 )) MiB"
fi
if [ -s "$WORK/jsonl.list" ]; then
    echo "   JSON Lines file ($(du -sh "$JSONL" | cut -f1)): $(( $(peak $CHECK -j"$THREADS" "$JSONL") / 1024 )) MiB (target < 64 MiB on 1 GiB: bench/run.sh 0 1GiB)"
fi
echo
echo "Raw hyperfine results: $WORK/*.json"
