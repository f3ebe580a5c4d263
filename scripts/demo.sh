#!/usr/bin/env bash
# Set up newsbot, ingest the bundled article, answer a few example questions, then (on a terminal)
# open a chat about it. Data goes to NEWSBOT_DATA_DIR (default: the per-user data folder).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
NB=.venv/bin/newsbot
$NB ingest data/article.txt
for q in "Who said 'We are not at war with Russia'?" \
         "What did the Lithuanian defence minister say?" \
         "Did Macron say France will send troops?" \
         "Summarize the article in 3 bullet points" \
         "What did Olaf Scholz say?"; do
  printf '\n\033[1m> %s\033[0m\n' "$q"
  $NB ask "$q"
done
if [[ -t 0 && -t 1 ]]; then
  printf '\nNow ask your own questions (Ctrl-D to quit).\n'
  exec $NB chat
fi
