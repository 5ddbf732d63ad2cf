#!/usr/bin/env bash
# Every figure of the shipping gate (issue 24 item 6) for one model folder, one bench at a
# time (a shared CPU): public NLI sets, FNC-1 separation (AUC), the news test split and FNC-1
# end to end. Why a script: the shipped, control and experiment weights must be measured
# by the very same commands. Usage: training/eval_weights.sh MODEL_DIR OUT_DIR
set -euo pipefail
model=${1:?model folder}; out=${2:?output folder}
mkdir -p "$out"
py=${PYTHON:-.venv/bin/python}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} MKL_NUM_THREADS=${MKL_NUM_THREADS:-1}
run() { local name=$1; shift; echo "== $name $(date -u +%H:%M:%S)"; nice -n 10 "$py" "$@" | tee "$out/$name.md"; }
run nli bench/eval_nli.py --split issue --precision fp32 --no-speed --nli-model "$model"
run fnc1_separation bench/fnc1_separation.py --precision fp32 --nli-model "$model"
run news_test bench/eval_news.py --split test --nli-model "$model" --json "$out/news_test.json"
run fnc1 bench/eval_fnc1.py --nli-model "$model" --json "$out/fnc1.json"
echo "== done $(date -u +%H:%M:%S)"
