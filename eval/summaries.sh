#!/usr/bin/env bash
# Score only the summary questions of every evaluation set (own, heldout2–4) with the shared scorer.
# Usage: eval/summaries.sh   (reports land in eval/reports/summaries-<set>.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
NB=${NEWSBOT:-.venv/bin/newsbot}
PY=${PYTHON:-.venv/bin/python}
SHARED=${SHARED:-../shared}
mkdir -p eval/reports
for set in articles heldout2 heldout3 heldout4; do
  if [[ $set == articles ]]; then qs=(eval/questions_*.jsonl); else qs=(eval/$set/questions_*.jsonl); fi
  args=()
  for f in eval/$set/*.txt; do n=$(basename "$f" .txt); args+=(--article "$n=$f"); done
  out=eval/reports/summaries-$set.jsonl
  grep -h '"type": "summary"' "${qs[@]}" > "$out"
  "$PY" "$SHARED/eval/score.py" "$NB" "${args[@]}" --questions "$out" \
    --report "eval/reports/summaries-$set.txt" | tail -1 || true
done
