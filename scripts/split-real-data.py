"""Splits the real data sets (../shared/datasets, copied to experiments/data/) into a training
file and a held-out test file: rows shuffled with a fixed seed, the last 20% to test.
Deterministic: the same input gives the same files. Run from the repository root:
    python3 scripts/split-real-data.py SOURCE_DIR
"""
import random
import sys
from pathlib import Path

SETS = ['digits', 'breast_cancer', 'wine']
src = Path(sys.argv[1] if len(sys.argv) > 1 else '../shared/datasets')
out = Path('experiments/data')
for name in SETS:
    lines = (src / f'{name}.csv').read_text().splitlines()
    head, rows = lines[0], lines[1:]
    random.Random(20260101).shuffle(rows)
    cut = len(rows) - len(rows) // 5
    (out / f'{name}.csv').write_text('\n'.join([head] + rows[:cut]) + '\n')
    (out / f'{name}-test.csv').write_text('\n'.join([head] + rows[cut:]) + '\n')
    print(name, cut, len(rows) - cut)
