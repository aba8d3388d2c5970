"""Reference test accuracies for the README's "On real data" table: scikit-learn's
MLPClassifier (and a logistic regression) on exactly the train/test files the experiments use,
with the same normalisation fitted on the training rows. Run from the repository root:
    python3 scripts/reference-sklearn.py
"""
import csv
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

def read(path, target):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    cols = [c for c in rows[0] if c != target]
    return [[float(r[c]) for c in cols] for r in rows], [r[target] for r in rows]

CASES = [  # name, data, target, scaler, hidden layers as in the experiment
    ('wine', 'wine', 'cultivar', StandardScaler, (16,)),
    ('breast-cancer', 'breast_cancer', 'malignant', StandardScaler, (16,)),
    ('digits-mlp', 'digits', 'digit', MinMaxScaler, (64,)),
]
for name, data, target, scaler, hidden in CASES:
    x, y = read(f'experiments/data/{data}.csv', target)
    tx, ty = read(f'experiments/data/{data}-test.csv', target)
    mlp = make_pipeline(scaler(), MLPClassifier(hidden_layer_sizes=hidden, max_iter=1000, random_state=0)).fit(x, y)
    lr = make_pipeline(scaler(), LogisticRegression(max_iter=5000)).fit(x, y)
    print(f'{name}: MLPClassifier{hidden} {mlp.score(tx, ty):.4f}  LogisticRegression {lr.score(tx, ty):.4f}')
