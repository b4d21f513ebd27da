#!/usr/bin/env bash
# Refresh and compile the zh_Hans catalogues: one for the core (ecopetition/locale) and one per app
# that keeps its own (ecopetition/<app>/locale). Needs GNU gettext (apt-get install gettext).
set -euo pipefail
cd "$(dirname "$0")/../ecopetition"
EP="../.venv/bin/python -m ecopetition"
apps=()
for d in */locale; do apps+=("${d%/locale}"); done
ignores=(-i "static/*")
for a in "${apps[@]}"; do ignores+=(-i "$a/*"); done
$EP makemessages -l zh_Hans --no-obsolete "${ignores[@]}"
for a in "${apps[@]}"; do (cd "$a" && ../$EP makemessages -l zh_Hans --no-obsolete); done
$EP compilemessages -l zh_Hans
echo "Catalogues refreshed: core ${apps[*]}. Translate the empty msgstr entries, then run this again."
