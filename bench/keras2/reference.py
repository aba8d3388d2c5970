#!/usr/bin/python3
"""Keras 2's optimizer rules (keras/optimizers.py 2.2/2.3) in PyTorch, on trainspec's rows.

The reference for test/optimizers-keras2-band.test.ts: the tutorial's hinge job
(Dense(20, tanh) -> Dense(1, tanh), hinge, batch 32, 150 epochs, the last 20% of
rows held out, the rest reshuffled every epoch) under each optimizer with Keras 2's
defaults, written out by hand here (not torch.optim, whose rules differ).
Never run by npm test; needs /usr/bin/python3 with torch.

  npm run build && node bench/keras2/data.mjs 1 8 > /tmp/rows.jsonl
  OMP_NUM_THREADS=1 /usr/bin/python3 bench/keras2/reference.py /tmp/rows.jsonl
prints, per optimizer, test accuracy and final training loss: mean, sd, n.
"""
import json, math, sys

import torch

DEFAULTS = {
    'sgd': dict(lr=0.01), 'rmsprop': dict(lr=0.001, rho=0.9, eps=1e-7),
    'adagrad': dict(lr=0.01, eps=1e-7), 'adadelta': dict(lr=1.0, rho=0.95, eps=1e-7),
    'adam': dict(lr=0.001, b1=0.9, b2=0.999, eps=1e-7), 'adamax': dict(lr=0.002, b1=0.9, b2=0.999, eps=1e-7),
    'nadam': dict(lr=0.002, b1=0.9, b2=0.999, eps=1e-7, sd=0.004),
}


def step_fn(name, o):
    """Returns step(params, grads, state, t) applying Keras 2's rule in place (t is 1-based)."""
    def sgd(p, g, s, t):
        p -= o['lr'] * g
    def rmsprop(p, g, s, t):
        a = s.setdefault('a', torch.zeros_like(p)); a.mul_(o['rho']).add_((1 - o['rho']) * g * g)
        p -= o['lr'] * g / (a.sqrt() + o['eps'])
    def adagrad(p, g, s, t):
        a = s.setdefault('a', torch.zeros_like(p)); a.add_(g * g)
        p -= o['lr'] * g / (a.sqrt() + o['eps'])
    def adadelta(p, g, s, t):
        a = s.setdefault('a', torch.zeros_like(p)); d = s.setdefault('d', torch.zeros_like(p))
        a.mul_(o['rho']).add_((1 - o['rho']) * g * g)
        u = g * (d + o['eps']).sqrt() / (a + o['eps']).sqrt()
        p -= o['lr'] * u
        d.mul_(o['rho']).add_((1 - o['rho']) * u * u)
    def adam(p, g, s, t):
        m = s.setdefault('m', torch.zeros_like(p)); v = s.setdefault('v', torch.zeros_like(p))
        m.mul_(o['b1']).add_((1 - o['b1']) * g); v.mul_(o['b2']).add_((1 - o['b2']) * g * g)
        p -= o['lr'] * math.sqrt(1 - o['b2'] ** t) / (1 - o['b1'] ** t) * m / (v.sqrt() + o['eps'])
    def adamax(p, g, s, t):
        m = s.setdefault('m', torch.zeros_like(p)); u = s.setdefault('u', torch.zeros_like(p))
        m.mul_(o['b1']).add_((1 - o['b1']) * g); torch.maximum(o['b2'] * u, g.abs(), out=u)
        p -= o['lr'] / (1 - o['b1'] ** t) * m / (u + o['eps'])
    def nadam(p, g, s, t):
        m = s.setdefault('m', torch.zeros_like(p)); v = s.setdefault('v', torch.zeros_like(p))
        ut = o['b1'] * (1 - 0.5 * 0.96 ** (t * o['sd'])); ut1 = o['b1'] * (1 - 0.5 * 0.96 ** ((t + 1) * o['sd']))
        sched = s.get('sched', 1.0) * ut; s['sched'] = sched
        m.mul_(o['b1']).add_((1 - o['b1']) * g); v.mul_(o['b2']).add_((1 - o['b2']) * g * g)
        mbar = (1 - ut) * g / (1 - sched) + ut1 * m / (1 - sched * ut1)
        p -= o['lr'] * mbar / ((v / (1 - o['b2'] ** t)).sqrt() + o['eps'])
    return locals()[name]


def train(rows, name, seed, epochs=150, batch=32):
    t32 = lambda a: torch.tensor(a, dtype=torch.float32)
    X, y = t32(rows['train_x']), t32(rows['train_y']).reshape(-1, 1)
    Xte, yte = t32(rows['test_x']), t32(rows['test_y']).reshape(-1, 1)
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(X.shape[1], 20), torch.nn.Tanh(), torch.nn.Linear(20, 1), torch.nn.Tanh())
    for mod in net:
        if isinstance(mod, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(mod.weight); torch.nn.init.zeros_(mod.bias)
    params = list(net.parameters()); states = [{} for _ in params]
    step = step_fn(name, DEFAULTS[name]); t = 0
    g = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        perm = torch.randperm(X.shape[0], generator=g); total = 0.0
        for i in range(0, X.shape[0], batch):
            idx = perm[i:i + batch]
            loss = torch.clamp(1 - y[idx] * net(X[idx]), min=0).mean()
            for q in params: q.grad = None
            loss.backward(); t += 1
            with torch.no_grad():
                for q, s in zip(params, states): step(q, q.grad, s, t)
            total += loss.item() * len(idx)
    with torch.no_grad():
        acc = (torch.sign(net(Xte)) == yte).float().mean().item()
    return acc, total / X.shape[0]


def stats(xs):
    mean = sum(xs) / len(xs)
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (len(xs) - 1))
    return mean, sd


def main():
    torch.set_num_threads(1)
    data = [json.loads(line) for line in open(sys.argv[1])]
    for name in DEFAULTS:
        runs = [train(rows, name, rows['seed']) for rows in data]
        (am, asd), (lm, lsd) = stats([a for a, _ in runs]), stats([l for _, l in runs])
        print(json.dumps({'optimizer': name, 'n': len(runs), 'test_accuracy': [round(am, 4), round(asd, 4)], 'loss': [round(lm, 4), round(lsd, 4)]}), flush=True)


if __name__ == '__main__':
    main()
