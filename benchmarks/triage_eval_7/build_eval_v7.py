#!/usr/bin/env python3
"""Rebuild and check eval-v7. Data is hand-written in data_*.py modules (plain Python lists)."""
import glob, importlib.util, json, random, re, sys, collections, os
HERE = os.path.dirname(os.path.abspath(__file__))
def load(prefix):
    out = []
    for f in sorted(glob.glob(os.path.join(HERE, prefix + '*.py'))):
        spec = importlib.util.spec_from_file_location(os.path.basename(f)[:-3], f)
        m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
        out.extend(m.L)
    return out
def norm(t): return re.sub(r'\s+', '', t)
errors = []
scope = [{"text": t, "in_scope": bool(b), "topic": tp, "note": n} for (t, b, tp, n) in load('data_scope')]
emer = [{"text": t, "emergency": bool(b), "kind": k, "note": n} for (t, b, k, n) in load('data_emer')]
pairs = []
for p in load('data_pair'):
    (t1, a1, r1, n1), (t2, a2, r2, n2), same, note = p
    pairs.append({"first": {"text": t1, "address": a1, "reported_party": r1, "name": n1},
                  "second": {"text": t2, "address": a2, "reported_party": r2, "name": n2},
                  "same_matter": bool(same), "note": note})
seen = {}
def chk_text(t, where):
    if not isinstance(t, str) or not t.strip(): errors.append(f'empty text {where}'); return
    if len(t) > 400: errors.append(f'too long ({len(t)}) {where}: {t[:30]}')
    if len(t) < 8: errors.append(f'too short ({len(t)}) {where}: {t}')
    k = norm(t)
    if k in seen: errors.append(f'duplicate text {where} and {seen[k]}: {t[:40]}')
    else: seen[k] = where
for i, r in enumerate(scope):
    chk_text(r['text'], f'scope#{i}')
    if not r['topic'] or not isinstance(r['note'], str): errors.append(f'scope#{i} fields')
for i, r in enumerate(emer):
    chk_text(r['text'], f'emer#{i}')
    if not r['kind'] or not isinstance(r['note'], str): errors.append(f'emer#{i} fields')
def shared8(a, b):
    a, b = norm(a), norm(b)
    grams = {a[i:i+8] for i in range(len(a)-7)}
    for j in range(len(b)-7):
        if b[j:j+8] in grams: return b[j:j+8]
    return None
for i, r in enumerate(pairs):
    for side in ('first', 'second'):
        d = r[side]
        chk_text(d['text'], f'pair#{i}.{side}')
        for f in ('address', 'reported_party', 'name'):
            if not isinstance(d[f], str): errors.append(f'pair#{i}.{side}.{f} type')
        if not d['name'].strip(): errors.append(f'pair#{i}.{side} empty name')
    if norm(r['first']['name']) == norm(r['second']['name']): errors.append(f'pair#{i} same name')
    if r['same_matter']:
        s = shared8(r['first']['text'], r['second']['text'])
        if s: errors.append(f'pair#{i} true pair shares 8-gram: {s}')
rnd = random.Random(20261208)
for rows in (scope, emer, pairs): rnd.shuffle(rows)
def dump(name, rows):
    with open(os.path.join(HERE, name), 'w', encoding='utf-8') as f:
        for r in rows: f.write(json.dumps(r, ensure_ascii=False) + '\n')
    with open(os.path.join(HERE, name), encoding='utf-8') as f:
        for ln in f: json.loads(ln)
dump('scope.jsonl', scope); dump('emergency.jsonl', emer); dump('same_matter.jsonl', pairs)
def lenstats(texts):
    mid = sum(1 for t in texts if 60 <= len(t) <= 300)
    return f'n={len(texts)} 60-300chars={mid} ({mid/max(1,len(texts)):.0%}) min={min(map(len,texts),default=0)} max={max(map(len,texts),default=0)}'
print('scope', len(scope), 'in_scope', sum(r['in_scope'] for r in scope), lenstats([r['text'] for r in scope]))
print('  topics in :', dict(collections.Counter(r['topic'] for r in scope if r['in_scope']).most_common()))
print('  topics out:', dict(collections.Counter(r['topic'] for r in scope if not r['in_scope']).most_common()))
print('emergency', len(emer), 'true', sum(r['emergency'] for r in emer), lenstats([r['text'] for r in emer]))
print('  kinds true :', dict(collections.Counter(r['kind'] for r in emer if r['emergency']).most_common()))
print('  kinds false:', dict(collections.Counter(r['kind'] for r in emer if not r['emergency']).most_common()))
pt = [t for r in pairs for t in (r['first']['text'], r['second']['text'])]
print('pairs', len(pairs), 'true', sum(r['same_matter'] for r in pairs), 'hard_false', sum(1 for r in pairs if not r['same_matter'] and r['note'].startswith('HARD')), lenstats(pt))
print('  false notes:', dict(collections.Counter(r['note'].split(':')[0] for r in pairs if not r['same_matter']).most_common()))
TARGET = {'scope': 300, 'emer': 200, 'pairs': 160}
for k, n in (('scope', len(scope)), ('emer', len(emer)), ('pairs', len(pairs))):
    if n != TARGET[k]: print(f'NOTE: {k} has {n}, target {TARGET[k]}')
if errors:
    print(f'{len(errors)} ERRORS'); [print(' ', e) for e in errors[:80]]; sys.exit(1)
print('ALL CHECKS PASSED')
