#!/usr/bin/env python3
"""Rebuild and check eval-v6. Data is hand-written in data_*.py files."""
import json, random, re, sys, collections, glob, importlib.util, os
HERE = os.path.dirname(os.path.abspath(__file__))

def load(prefix, var):
    out = []
    for f in sorted(glob.glob(os.path.join(HERE, prefix + '*.py'))):
        spec = importlib.util.spec_from_file_location(os.path.basename(f)[:-3], f)
        m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
        out.extend(getattr(m, var))
    return out

def norm(t): return re.sub(r'\s+', '', t)
errors = []
def err(m): errors.append(m)

scope = [dict(text=t, in_scope=b, topic=tp, note=n) for (t, b, tp, n) in load('data_scope', 'S')]
emerg = [dict(text=t, emergency=b, kind=k, note=n) for (t, b, k, n) in load('data_emerg', 'E')]
pairs = []
for p in load('data_pairs', 'P'):
    (t1, a1, r1, n1), (t2, a2, r2, n2), same, note = p
    pairs.append(dict(first=dict(text=t1, address=a1, reported_party=r1, name=n1),
                      second=dict(text=t2, address=a2, reported_party=r2, name=n2),
                      same_matter=same, note=note))

# checks
seen = {}
def addtext(t, where):
    if not isinstance(t, str) or not t.strip(): err(f'empty text {where}'); return
    if len(t) > 400: err(f'too long {len(t)} {where}: {t[:30]}')
    k = norm(t)
    if k in seen: err(f'duplicate text {where} and {seen[k]}: {t[:40]}')
    seen[k] = where
for i, r in enumerate(scope):
    if not isinstance(r['in_scope'], bool) or not all(isinstance(r[k], str) for k in ('text','topic','note')): err(f'scope type {i}')
    addtext(r['text'], f'scope#{i}')
for i, r in enumerate(emerg):
    if not isinstance(r['emergency'], bool) or not all(isinstance(r[k], str) for k in ('text','kind','note')): err(f'emerg type {i}')
    addtext(r['text'], f'emerg#{i}')
def shares8(a, b):
    a, b = norm(a), norm(b)
    grams = {a[i:i+8] for i in range(len(a)-7)}
    for i in range(len(b)-7):
        if b[i:i+8] in grams: return b[i:i+8]
    return None
for i, p in enumerate(pairs):
    for side in ('first','second'):
        d = p[side]
        if not all(isinstance(d[k], str) for k in ('text','address','reported_party','name')): err(f'pair type {i} {side}')
        addtext(d['text'], f'pair#{i}.{side}')
    if not isinstance(p['same_matter'], bool): err(f'pair bool {i}')
    if norm(p['first']['name']) == norm(p['second']['name']) or not p['first']['name'] or not p['second']['name']: err(f'pair names {i}')
    if p['same_matter']:
        s = shares8(p['first']['text'], p['second']['text'])
        if s: err(f'true pair {i} shares 8-gram {s!r}')

rng = random.Random(20261207)
rng.shuffle(scope); rng.shuffle(emerg); rng.shuffle(pairs)
for name, rows in (('scope.jsonl', scope), ('emergency.jsonl', emerg), ('same_matter.jsonl', pairs)):
    with open(os.path.join(HERE, name), 'w', encoding='utf-8') as f:
        for r in rows: f.write(json.dumps(r, ensure_ascii=False) + '\n')
# reparse
for name in ('scope.jsonl','emergency.jsonl','same_matter.jsonl'):
    with open(os.path.join(HERE, name), encoding='utf-8') as f:
        for ln, line in enumerate(f):
            try: json.loads(line)
            except Exception as e: err(f'{name}:{ln} parse {e}')

def lens(texts):
    if not texts: return "empty"
    mid = sum(1 for t in texts if 60 <= len(t) <= 300)
    return f'len min {min(texts,key=len).__len__()} max {max(map(len,texts))}, 60-300: {mid}/{len(texts)}'
print('scope', len(scope), collections.Counter(r['in_scope'] for r in scope), lens([r['text'] for r in scope]))
print('  topics', sorted(collections.Counter((r['in_scope'], r['topic']) for r in scope).items()))
print('emergency', len(emerg), collections.Counter(r['emergency'] for r in emerg), lens([r['text'] for r in emerg]))
print('  kinds', sorted(collections.Counter((r['emergency'], r['kind']) for r in emerg).items()))
print('pairs', len(pairs), collections.Counter(p['same_matter'] for p in pairs),
      'hard false', sum(1 for p in pairs if not p['same_matter'] and p['note'].startswith('HARD')),
      lens([p[s]['text'] for p in pairs for s in ('first','second')]))
# near-duplicate report (not an error): texts sharing a 12-character run
allt = [(r['text'], f'scope') for r in scope] + [(r['text'], 'emerg') for r in emerg] + \
       [(p[s]['text'], 'pair') for p in pairs for s in ('first','second')]
idx = {}
for j, (t, _) in enumerate(allt):
    t = norm(t)
    for i in range(len(t) - 11): idx.setdefault(t[i:i+12], set()).add(j)
near = {tuple(sorted(v)) for v in idx.values() if len(v) > 1}
print('near-duplicate groups (shared 12-char run):', len(near))
for g in sorted(near)[:20]: print('   ', ' || '.join(allt[j][0][:30] for j in g))
if errors:
    print('\n'.join(errors)); print('ERRORS', len(errors)); sys.exit(1)
print('OK')
