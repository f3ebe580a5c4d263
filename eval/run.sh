#!/usr/bin/env bash
# Run the shared scorer over the starter set and newsbot's own evaluation set.
# Usage: eval/run.sh [starter|own|blind|all]   (reports land in eval/reports/)
# blind: eval/heldout2 to heldout7, articles and questions written by someone who never saw the code
# (heldout7 holds summaries only: 24 articles with their key points, no quote gold).
set -euo pipefail
cd "$(dirname "$0")/.."
NB=${NEWSBOT:-.venv/bin/newsbot}
PY=${PYTHON:-.venv/bin/python}
SHARED=${SHARED:-../shared}
mkdir -p eval/reports
which=${1:-all}
if [[ $which == starter || $which == all ]]; then
  "$PY" "$SHARED/eval/score.py" "$NB" --article "seed=$SHARED/seed/article.txt" \
    --questions "$SHARED/eval/questions.jsonl" --quotes "$SHARED/eval/quotes_gold.jsonl" \
    --report eval/reports/starter.txt || true
fi
if [[ $which == own || $which == all ]]; then
  args=()
  for f in eval/articles/*.txt; do n=$(basename "$f" .txt); args+=(--article "$n=$f"); done
  cat eval/questions_*.jsonl > eval/reports/questions.jsonl
  cat eval/quotes_gold_*.jsonl > eval/reports/quotes_gold.jsonl
  "$PY" "$SHARED/eval/score.py" "$NB" "${args[@]}" --questions eval/reports/questions.jsonl \
    --quotes eval/reports/quotes_gold.jsonl --report eval/reports/own.txt || true
fi
if [[ $which == blind || $which == all ]]; then
  for set in heldout2 heldout3 heldout4 heldout5 heldout6 heldout7; do
    args=()
    for f in eval/$set/*.txt; do n=$(basename "$f" .txt); args+=(--article "$n=$f"); done
    for f in eval/$set/quotes_gold_*.jsonl; do [[ -e $f ]] && args+=(--quotes "$f"); done
    "$PY" "$SHARED/eval/score.py" "$NB" "${args[@]}" --questions eval/$set/questions_*.jsonl \
      --report eval/reports/$set.txt || true
  done
fi
