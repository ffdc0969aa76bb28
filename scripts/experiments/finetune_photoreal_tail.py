#!/usr/bin/env python3
"""Experiment (not shipped): fine-tune MobileNetV2's last blocks for photoreal_face.

Fine-tunes nsfwjs' MobileNetV2 blocks 13-16 and Conv_1 (weights read from the converted
ONNX file) with a new logistic output, on the block_12_add maps that
`postern train-photoreal ... --maps-out MAPS` saves for every row (whole images and face
close-ups), and compares it on the same grouped folds (by source family) with the shipped
kind of head: L2 logistic regression on the `--features` cache. Needs python3-torch and
python3-onnx (Debian). Figures: plugins/photoreal_face/README.md, "Tried and not shipped".

  scripts/experiments/finetune_photoreal_tail.py MAPS FEATURES_CACHE [--folds 5] [--epochs 4]
  scripts/experiments/finetune_photoreal_tail.py MAPS FEATURES_CACHE --check   # torch == OpenCV
"""
import argparse, csv, sys, time
import numpy as np, onnx, torch, torch.nn as nn
from onnx import numpy_helper

p = argparse.ArgumentParser()
p.add_argument('maps'); p.add_argument('features')
p.add_argument('--onnx', default='assets/nsfwjs/nsfwjs_mobilenet_v2.onnx')
p.add_argument('--folds', type=int, default=5); p.add_argument('--epochs', type=int, default=4)
p.add_argument('--lr', type=float, default=1e-4); p.add_argument('--l2', type=float, default=3.0)
p.add_argument('--check', action='store_true')
args = p.parse_args()
torch.set_num_threads(1); torch.manual_seed(0); np.random.seed(0)

model = onnx.load(args.onnx)
W = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in model.graph.initializer}
inputs = {n.name: list(n.input) for n in model.graph.node}

def conv(name, cin, cout, k=1, stride=1, groups=1, pad=0):
    c = nn.Conv2d(cin, cout, k, stride, pad, groups=groups, bias=False)
    c.weight.data = W[inputs[name][1]].clone()
    return c

def bn(name, ch):
    b = nn.BatchNorm2d(ch, eps=1e-3)
    b.weight.data, b.bias.data, b.running_mean.data, b.running_var.data = [W[x].clone() for x in inputs[name][1:5]]
    return b

class Block(nn.Module):  # Keras MobileNetV2 inverted residual, names as in the converted graph
    def __init__(self, i, cin, cout, stride, residual):
        super().__init__()
        p, e = f'block_{i}_', cin * 6
        self.expand = nn.Sequential(conv(p + 'expand', cin, e), bn(p + 'expand_BN', e), nn.ReLU6())
        self.pad = nn.ZeroPad2d((0, 1, 0, 1)) if stride == 2 else nn.Identity()  # TF "same" for stride 2
        self.dw = nn.Sequential(conv(p + 'depthwise', e, e, 3, stride, e, 0 if stride == 2 else 1),
                                bn(p + 'depthwise_BN', e), nn.ReLU6())
        self.project = nn.Sequential(conv(p + 'project', e, cout), bn(p + 'project_BN', cout))
        self.residual = residual

    def forward(self, x):
        y = self.project(self.dw(self.pad(self.expand(x))))
        return x + y if self.residual else y

class Tail(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.Sequential(Block(13, 96, 160, 2, False), Block(14, 160, 160, 1, True),
                                    Block(15, 160, 160, 1, True), Block(16, 160, 320, 1, False))
        self.top = nn.Sequential(conv('Conv_1', 320, 1280), bn('Conv_1_bn', 1280), nn.ReLU6())
        self.out = nn.Sequential(nn.Dropout(0.2), nn.Linear(1280, 1))

    def embed(self, x):
        return self.top(self.blocks(x)).mean((2, 3))  # = the ONNX graph's "embedding"

    def forward(self, x):
        return self.out(self.embed(x)).squeeze(1)

def read_rows(path):
    with open(path, 'rb') as f:
        f.readline()
        header = f.readline().split()
        if len(header) == 3:  # the features cache: count rows cols, then the image paths
            f.seek(0); f.readline(); _, rows, cols = map(int, f.readline().split())
            for _ in range(int(header[0])): f.readline()
        else:
            rows, cols = map(int, header)
        return np.fromfile(f, dtype=np.dtype([('meta', '<i4', 3), ('v', '<f4', cols)]), count=rows)

images = list(csv.DictReader(open(args.maps + '.csv')))
maps, feats = read_rows(args.maps), read_rows(args.features)
assert (maps['meta'] == feats['meta']).all(), 'the maps and the features cache hold different rows'
keep = np.array([images[m[1]]['head'] == '1' for m in maps['meta']])
meta = maps['meta'][keep]
B = np.ascontiguousarray(maps['v'][keep]).reshape(-1, 96, 14, 14)
X = feats['v'][keep].astype(np.float64)
y = meta[:, 0].astype(np.float32); image = meta[:, 1]; crop = meta[:, 2]
family = np.array([images[i]['family'] for i in image])

if args.check:
    with torch.no_grad():
        e = Tail().eval().embed(torch.from_numpy(B[:8])).numpy()
    diff = np.abs(e - X[:8, :1280]).max()
    print(f'torch embedding vs OpenCV: max abs difference {diff:.2e}')
    sys.exit(0 if diff < 1e-3 else 1)

# Grouped folds as GroupedFolds does: largest family first, each to the smallest fold.
size = {}
for f in family: size[f] = size.get(f, 0) + 1
fold_of, load = {}, [0] * args.folds
for f in sorted(size, key=lambda f: (-size[f], f)):
    k = int(np.argmin(load)); fold_of[f] = k; load[k] += size[f]
fold = np.array([fold_of[f] for f in family])

def train_head(Xt, yt):  # the shipped head's training (PhotorealHead::Train), in numpy
    mu, sd = Xt.mean(0), Xt.std(0)
    inv = np.where(sd > 1e-9, 1 / np.where(sd > 1e-9, sd, 1), 0)
    Z = (Xt - mu) * inv; n, d = Z.shape
    pos = yt.sum(); sw = np.where(yt > 0, 0.5 / max(1, pos), 0.5 / max(1, n - pos))
    v = np.ones(d) / np.sqrt(d); ZW = Z * sw[:, None]
    for _ in range(30):
        u = Z.T @ (ZW @ v); lmax = np.linalg.norm(u); v = u / max(lmax, 1e-12)
    lr = 1 / (0.25 * lmax + args.l2); w = np.zeros(d); wp = w.copy(); b = bp = 0.0
    for it in range(600):
        mom = it / (it + 3.0); wl = w + mom * (w - wp); bl = b + mom * (b - bp)
        g = sw * (1 / (1 + np.exp(-(Z @ wl + bl))) - yt)
        wp, bp = w, b; w = wl - lr * (Z.T @ g + args.l2 * wl); b = bl - lr * g.sum()
    return lambda Xs: ((Xs - mu) * inv) @ w + b

def train_tail(Bt, yt):
    m = Tail()
    backbone = [p for n, p in m.named_parameters() if not n.startswith('out')]
    opt = torch.optim.AdamW([{'params': backbone, 'lr': args.lr}, {'params': m.out.parameters(), 'lr': 1e-3}],
                            weight_decay=1e-4)
    ty = torch.from_numpy(yt); pos = ty.mean().item()
    w = torch.where(ty > 0, 0.5 / pos, 0.5 / (1 - pos))
    for epoch in range(args.epochs):
        m.train()
        for mod in m.modules():  # keep the pretrained batch statistics: 1,300 rows are too few
            if isinstance(mod, nn.BatchNorm2d): mod.eval()
        order = torch.randperm(len(yt))
        for s in range(0, len(yt), 32):
            j = order[s:s + 32]; x = torch.from_numpy(Bt[j.numpy()])
            if torch.rand(1).item() < 0.5: x = x.flip(3)
            loss = (nn.functional.binary_cross_entropy_with_logits(m(x), ty[j], reduction='none') * w[j]).mean()
            opt.zero_grad(); loss.backward(); opt.step()
    m.eval()
    def score(Bs):
        with torch.no_grad():
            return np.concatenate([m(torch.from_numpy(Bs[s:s + 64])).numpy() for s in range(0, len(Bs), 64)])
    return score

head, tail = np.zeros(len(y)), np.zeros(len(y)); t0 = time.time()
for k in range(args.folds):
    tr, te = fold != k, fold == k
    head[te] = train_head(X[tr], y[tr])(X[te])
    tail[te] = train_tail(B[tr], y[tr])(B[te])
    print(f'fold {k + 1}/{args.folds} ({te.sum()} rows) {time.time() - t0:.0f} s', file=sys.stderr, flush=True)

def auc(pos, neg):
    return float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())

photo = np.array([images[i]['photoreal'] == '1' for i in image])
faces = np.array([images[i]['faces'] == '1' for i in image])
print(f'{args.folds} grouped folds by source family; A: photos with faces, C: non-photos with faces')
for name, s in [('head', head), ('fine-tuned tail', tail), ('head + 0.5 tail', head + 0.5 * tail)]:
    for rows, label in [(crop == 0, 'whole images'), (crop == 1, 'face close-ups')]:
        A, C = s[rows & photo & faces], s[rows & ~photo & faces]
        t = np.quantile(A, 0.10)  # the score that keeps 90% of A
        print(f'{name:16s} {label:14s} AUC A vs C {auc(A, C):.3f}, photos vs the rest '
              f'{auc(s[rows & photo], s[rows & ~photo]):.3f}, C over the 90%-of-A score {int((C >= t).sum())}/{len(C)}')
