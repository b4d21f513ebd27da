#!/usr/bin/env python3
"""Rebuild and check eval-v5 files from hand-written lists in data_*.py."""
import json, random, re, sys, os, collections
HERE = os.path.dirname(os.path.abspath(__file__))
S, E, P = [], [], []
for fn in sorted(os.listdir(HERE)):
    if fn.startswith('data_') and fn.endswith('.py'):
        ns = {'S': S, 'E': E, 'P': P}
        exec(open(os.path.join(HERE, fn), encoding='utf-8').read(), ns)

def norm(t):
    return re.sub(r'\s+', '', t)

errors = []
scope = [{"text": t, "in_scope": b, "topic": tp, "note": n} for (t, b, tp, n) in S]
emerg = [{"text": t, "emergency": b, "kind": k, "note": n} for (t, b, k, n) in E]
pairs = []
for (a, b, same, note) in P:
    mk = lambda x: {"text": x[0], "address": x[1], "reported_party": x[2], "name": x[3]}
    pairs.append({"first": mk(a), "second": mk(b), "same_matter": same, "note": note})

seen = {}
def addtext(t, where):
    k = norm(t)
    if k in seen:
        errors.append(f"duplicate text: {where} and {seen[k]}: {t[:40]}")
    else:
        seen[k] = where
    if len(t) > 400:
        errors.append(f"too long ({len(t)}): {where}")
    if len(norm(t)) < 8:
        errors.append(f"too short: {where}")

for i, r in enumerate(scope):
    assert isinstance(r['text'], str) and isinstance(r['in_scope'], bool) and isinstance(r['topic'], str) and isinstance(r['note'], str), r
    addtext(r['text'], f"scope#{i}")
for i, r in enumerate(emerg):
    assert isinstance(r['text'], str) and isinstance(r['emergency'], bool) and isinstance(r['kind'], str) and isinstance(r['note'], str), r
    addtext(r['text'], f"emergency#{i}")

def ngrams(t, n=8):
    # strict: whitespace AND punctuation/symbols removed before taking 8-character windows
    t = re.sub(r'[\W_]+', '', t)
    return {t[j:j+n] for j in range(len(t)-n+1)}

for i, r in enumerate(pairs):
    for side in ('first', 'second'):
        for f in ('text', 'address', 'reported_party', 'name'):
            if not isinstance(r[side][f], str):
                errors.append(f"pair#{i} {side}.{f} not str")
        addtext(r[side]['text'], f"pair#{i}.{side}")
    if not isinstance(r['same_matter'], bool):
        errors.append(f"pair#{i} same_matter not bool")
    if norm(r['first']['name']) == norm(r['second']['name']) or not r['first']['name'] or not r['second']['name']:
        errors.append(f"pair#{i} names equal or empty")
    if r['same_matter']:
        common = ngrams(r['first']['text']) & ngrams(r['second']['text'])
        if common:
            errors.append(f"pair#{i} true pair shares 8-gram(s): {sorted(common)[:3]}")

rng = random.Random(20261207)
for lst in (scope, emerg, pairs):
    rng.shuffle(lst)

def dump(name, rows):
    with open(os.path.join(HERE, name), 'w', encoding='utf-8') as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    # re-parse
    with open(os.path.join(HERE, name), encoding='utf-8') as f:
        for ln, line in enumerate(f):
            json.loads(line)

dump('scope.jsonl', scope)
dump('emergency.jsonl', emerg)
dump('same_matter.jsonl', pairs)

print("scope:", len(scope), "in_scope:", sum(r['in_scope'] for r in scope))
print("  topics:", dict(collections.Counter((r['in_scope'], r['topic']) for r in scope).most_common()))
print("emergency:", len(emerg), "true:", sum(r['emergency'] for r in emerg))
print("  kinds:", dict(collections.Counter((r['emergency'], r['kind']) for r in emerg).most_common()))
print("pairs:", len(pairs), "true:", sum(r['same_matter'] for r in pairs))
lens = [len(t) for t in [r['text'] for r in scope] + [r['text'] for r in emerg] + [r[s]['text'] for r in pairs for s in ('first','second')]]
if lens: print("text length min/max/mean:", min(lens), max(lens), round(sum(lens)/len(lens),1))
TARGET = {'scope': 300, 'emergency': 200, 'pairs': 160}
if '--final' in sys.argv:
    if len(scope) != 300: errors.append(f"scope count {len(scope)} != 300")
    if len(emerg) != 200: errors.append(f"emergency count {len(emerg)} != 200")
    if len(pairs) != 160: errors.append(f"pairs count {len(pairs)} != 160")
if errors:
    print("ERRORS:"); [print(" ", e) for e in errors]; sys.exit(1)
print("OK")
