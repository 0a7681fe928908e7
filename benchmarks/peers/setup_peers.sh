#!/usr/bin/env bash
# Create the separate venv for benchmark peers (conc 0.1.13). conc is NEVER a dependency of
# corpus_tools: it lives only here and is driven through run_peer.py / conc_peer.py.
#
#   bash benchmarks/peers/setup_peers.sh            # -> benchmarks/peers/.venv-peers
#   bash benchmarks/peers/setup_peers.sh /some/dir  # venv elsewhere; then set CORPUS_TOOLS_PEER_PYTHON=/some/dir/bin/python
#   PYTHON=python3.12 bash benchmarks/peers/setup_peers.sh   # choose the base interpreter (>= 3.10)
#
# Everything comes from PyPI. conc's default spaCy model (en_core_web_sm) is not on PyPI and is
# not installed: conc_peer.py makes conc use spacy.blank("en") instead (see README.md).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${1:-$here/.venv-peers}"
python="${PYTHON:-python3}"

# Versions on the computation path, as measured (2026-11). The notebook-side extras conc
# pulls in (jupyterlab, ipywidgets, plotly) are left to float: the benchmarks never touch them.
pins=(
  "conc==0.1.13"
  "spacy==3.8.18"
  "thinc==8.3.14"
  "blis==1.3.4"
  "polars==1.31.0"      # conc 0.1.13 itself requires exactly this
  "numpy==2.4.6"
  "scipy==1.17.1"
  "msgspec==0.22.0"
  "fastcore==2.2.39"
  "great_tables==1.1.0"
  "python-slugify==9.2.0"
)

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "${pins[@]}"

# Smoke check: conc imports and the blank English tokenizer works offline.
"$venv/bin/python" - <<'PY'
import conc, spacy
nlp = spacy.blank("en")
assert [t.text for t in nlp("Don't stop.")] == ["Do", "n't", "stop", "."]
print(f"peer venv ready: conc {conc.__version__}, spaCy {spacy.__version__} (blank 'en' tokenizer)")
PY
echo "python for run_peer.py: $venv/bin/python"
