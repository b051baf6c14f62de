#!/usr/bin/env bash
# Remakes the bundled default datasets byte for byte (any thread count gives the same bytes).
# The provenance sidecars record the same commands and the SHA-256 of every file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mheight generate --out data/train --format pickle --dist course --n 9 --seed 1 --count 3000 --protocol 4 --numpy 1 --overwrite
./mheight generate --out data/test --format pickle --dist course --n 9 --seed 2 --count 500 --protocol 4 --numpy 1 --overwrite
./mheight classify make-data --from data/train --per-group 300 --positive-fraction 0.3 --val-fraction 0.2 --seed 11 --out data/classify.npz --overwrite
