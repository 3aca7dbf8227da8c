#!/usr/bin/env python3
"""Mine English relation cue phrases from a gold corpus (Re-DocRED converted by docred_to_gold.py).

Python 3.11, standard library only; the output is deterministic (same input, same bytes).

For every sentence of every gold document, the gold entities are found by their surface forms and
replaced by typed placeholders, roughly the way graphex's rules see a sentence. For every pair of
entities of the same sentence whose types fit a relation of the vocabulary (founded, owns, works_for,
develops, leads), the words between the two mentions are the *cue phrase* of that pair. A phrase is then
counted per relation and direction:

  support    sentences where the phrase stands between two entities that gold links by the relation
             (in that direction; slot A is the entity written first, B the second)
  docs       distinct documents among them (a phrase seen in one document only is not a rule yet)
  seen       every sentence where the same phrase stands between two entities of the same types
  prec       support / seen: how often the phrase carries the relation when it appears
  found      (with --pred) how many of the supported pairs graphex already predicts in that document

Three views of a phrase are counted: the whole span between the mentions (up to --max-tokens words),
its first words ("head": `, founded by …`) and its last words ("tail": `… owned by`). Numbers become
<num>, years <year>, other entities their placeholder ({org}, {person}, {product}, {place}).

Usage
    python3 scripts/mine_docred_cues.py GOLD [--pred PRED.json] [--relation founded ...]
        [--view between|head|tail|all] [--min-support 2] [--min-docs 2] [--top 40]
        [--max-tokens 10] [--ngram 3] [--fold N:K | --not-fold N:K] [--tsv]

    GOLD   gold.json in the shared gold format (SCHEMA.md); texts are found through "text_file",
           relative to the gold file's parent or grandparent folder, as score.py does.
    --pred graphex's JSON output over the same texts (e.g. built with a closed dictionary, as
           scripts/eval_docred.sh does): adds the "found" column and the --missed filter.
    --missed  rank by support among pairs graphex does not find yet.
    --fold N:K / --not-fold N:K  keep only the documents whose position in GOLD is K modulo N (or all
           others): mine on one part, measure rules on the other (cross-validation).
    --tsv  one tab-separated row per phrase instead of the table.
    --show-missed  (with --pred) list the same-sentence gold pairs graphex misses, each in its
           placeholder context, for error analysis (prints corpus text: keep it out of the repository).

Example (Re-DocRED train, converted as /work/shared/eval/README.md says):
    python3 docred_to_gold.py --git-dir MIRROR --git-file train=data/train_revised.json \\
        --out-dir /tmp/docred-train --prefix rd
    python3 scripts/mine_docred_cues.py /tmp/docred-train/gold.json --view all --top 30

The table is for a person to review: a phrase becomes a rule only when it is frequent across documents,
precise, and reads as a general English construction (see dictionaries/rules/en.rules).
"""
import argparse
import collections
import json
import os
import re
import sys
import unicodedata

# (source types, target types) per relation, as in SCHEMA.md / score.py
REL_TYPES = {
    "founded": ({"person", "organization"}, {"organization"}),
    "leads": ({"person"}, {"organization"}),
    "works_for": ({"person"}, {"organization"}),
    "owns": ({"person", "organization"}, {"organization", "product"}),
    "develops": ({"organization", "person"}, {"product"}),
}
SHORT = {"person": "person", "organization": "org", "product": "product", "place": "place"}

ABBREV = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "mt", "ft",
          "gen", "gov", "sen", "rep", "prof", "rev", "u.s", "u.k", "e.g", "i.e", "jan", "feb", "aug",
          "sept", "oct", "nov", "dec", "bros", "lt", "col", "capt", "sgt", "ave"}
TOKEN = re.compile(r"⟦[^⟧]*⟧|[0-9]+(?:[.,][0-9]+)*|\w+(?:[-'.&]\w+)*\.?|[^\s\w]", re.UNICODE)


def fold_text(s):
    """Apostrophes, quotes and dashes to ASCII, as graphex does before matching."""
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"[’‘ʼ`´]", "'", s)
    s = re.sub(r"[“”«»„\"]", " ", s)
    s = re.sub(r"[‐‑‒–—―−]", "-", s)
    return re.sub(r"\s+", " ", s).strip()


def split_sentences(text):
    """Sentence spans: a full stop, ! or ? followed by a space and a capital, digit or quote."""
    spans, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+[\"“'(A-Z0-9À-Ý])", text):
        before = text[start:m.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if last in ABBREV or (len(last) == 1 and last.isalpha()):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def find_mentions(sentence, forms):
    """Non-overlapping whole-word matches, longest form first: [(start, end, entity index)]."""
    cands = []
    for form, ent in forms:
        for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", sentence):
            cands.append((-(m.end() - m.start()), m.start(), m.end(), ent))
    cands.sort()
    taken, out = [], []
    for _, a, b, ent in cands:
        if any(a < y and x < b for x, y in taken):
            continue
        taken.append((a, b))
        out.append((a, b, ent))
    out.sort()
    return out


def normalise_tokens(s):
    toks = []
    for t in TOKEN.findall(fold_text(s)):
        if t.startswith("⟦"):
            toks.append(t.replace("⟦", "{").replace("⟧", "}"))
        elif re.fullmatch(r"(?:1[0-9]|20)[0-9]{2}s?", t):
            toks.append("<year>")
        elif re.fullmatch(r"[0-9][0-9.,]*", t):
            toks.append("<num>")
        else:
            toks.append(t.lower())
    return toks


def resolve_text(gold_path, text_file):
    base = os.path.dirname(os.path.abspath(gold_path))
    for root in (base, os.path.dirname(base), os.getcwd()):
        p = os.path.join(root, text_file)
        if os.path.exists(p):
            return p
    p = os.path.join(base, "texts", os.path.basename(text_file))
    if os.path.exists(p):
        return p
    raise SystemExit(f"text not found: {text_file}")


def load_pred(path):
    """{doc stem: set of (relation, source name, target name)} from graphex node-link JSON."""
    g = json.load(open(path, encoding="utf-8"))
    label = {n["id"]: n.get("label", n["id"]) for n in g.get("nodes", [])}
    out = collections.defaultdict(set)
    for e in g.get("edges", g.get("links", [])):
        if e.get("kind") != "relation":
            continue
        for ev in e.get("evidence", []):
            doc = os.path.splitext(os.path.basename(ev["doc"]))[0]
            out[doc].add((e["relation"], label.get(e["source"], e["source"]), label.get(e["target"], e["target"])))
    return out


def fits(rel, src_type, tgt_type):
    s, t = REL_TYPES[rel]
    return src_type in s and tgt_type in t


def mine(args):
    gold = json.load(open(args.gold, encoding="utf-8"))
    pred = load_pred(args.pred) if args.pred else None
    rels = args.relation or sorted(REL_TYPES)
    # (view, phrase) -> counters
    seen = collections.Counter()
    support = collections.Counter()   # (view, phrase, label)
    docs = collections.defaultdict(set)
    found = collections.Counter()
    gold_total = collections.Counter()
    gold_same_sentence = collections.Counter()
    missed_rows = []
    for pos, doc in enumerate(gold["docs"]):
        if args.fold and pos % args.fold[0] != args.fold[1]:
            continue
        if args.not_fold and pos % args.not_fold[0] == args.not_fold[1]:
            continue
        text = open(resolve_text(args.gold, doc["text_file"]), encoding="utf-8").read()
        ents = doc["entities"]
        index = {e["name"]: i for i, e in enumerate(ents)}
        forms = sorted({(f, i) for i, e in enumerate(ents) for f in set(e.get("surface", [])) | {e["name"]}
                        if f.strip()}, key=lambda x: (-len(x[0]), x[0], x[1]))
        labels = collections.defaultdict(set)  # (src idx, tgt idx) -> relations
        for r in doc["relations"]:
            if r["type"] in REL_TYPES and r["source"] in index and r["target"] in index:
                labels[(index[r["source"]], index[r["target"]])].add(r["type"])
                gold_total[r["type"]] += 1
        predicted = pred.get(doc["id"], set()) if pred is not None else set()
        la = lb = None
        got_sentence = set()
        for a0, b0 in split_sentences(text):
            sent = text[a0:b0]
            ments = find_mentions(sent, forms)
            # nearest mention pair per ordered entity pair (first written = A)
            best = {}
            for i, (a1, b1, e1) in enumerate(ments):
                for a2, b2, e2 in ments[i + 1:]:
                    if e1 == e2:
                        continue
                    key = (min(e1, e2), max(e1, e2))
                    gap = a2 - b1
                    if key not in best or gap < best[key][0]:
                        best[key] = (gap, (a1, b1, e1), (a2, b2, e2))
            for (_, m1, m2) in best.values():
                (a1, b1, e1), (a2, b2, e2) = m1, m2
                t1, t2 = ents[e1]["type"], ents[e2]["type"]
                cands = [(rel, d) for rel in rels for d in ("A->B", "B->A")
                         if fits(rel, *((t1, t2) if d == "A->B" else (t2, t1)))]
                if not cands:
                    continue
                # the words between, other mentions as placeholders
                mid, cur = [], b1
                for a, b, e in ments:
                    if a >= b1 and b <= a2:
                        mid.append(sent[cur:a])
                        mid.append(f" ⟦{SHORT[ents[e]['type']]}⟧ ")
                        cur = b
                mid.append(sent[cur:a2])
                toks = normalise_tokens("".join(mid))
                la, lb = "{%s:A}" % SHORT[t1], "{%s:B}" % SHORT[t2]
                views = []
                if len(toks) <= args.max_tokens:
                    views.append(("between", " ".join([la] + toks + [lb])))
                if len(toks) > args.ngram:
                    views.append(("head", " ".join([la] + toks[:args.ngram] + ["…", lb])))
                    views.append(("tail", " ".join([la, "…"] + toks[-args.ngram:] + [lb])))
                gl = set()
                for rel in labels.get((e1, e2), ()):
                    gl.add((rel, "A->B"))
                for rel in labels.get((e2, e1), ()):
                    gl.add((rel, "B->A"))
                if args.show_missed:
                    for rel, d in sorted(gl):
                        src, tgt = (e1, e2) if d == "A->B" else (e2, e1)
                        if (rel, d) in cands and (rel, ents[src]["name"], ents[tgt]["name"]) not in predicted:
                            left = normalise_tokens(sent[max(0, a1 - 80):a1])[-8:]
                            right = normalise_tokens(sent[b2:b2 + 80])[:6]
                            missed_rows.append((rel, d, doc["id"], " ".join(left + [la] + toks + [lb] + right)))
                for rel, d in gl:
                    src, tgt = (e1, e2) if d == "A->B" else (e2, e1)
                    got_sentence.add((rel, src, tgt))
                for view, phrase in views:
                    seen[(view, phrase)] += 1
                    for rel, d in gl:
                        if (rel, d) not in cands:
                            continue
                        src, tgt = (e1, e2) if d == "A->B" else (e2, e1)
                        is_found = (rel, ents[src]["name"], ents[tgt]["name"]) in predicted
                        if args.missed and is_found:
                            continue
                        lab = (view, phrase, f"{rel}({d})")
                        support[lab] += 1
                        docs[lab].add(doc["id"])
                        if is_found:
                            found[lab] += 1
        for rel, s, t in got_sentence:
            gold_same_sentence[rel] += 1
    if args.show_missed:
        for rel, d, doc_id, context in sorted(missed_rows):
            print(f"{rel}({d})\t{doc_id}\t{context}")
        sys.exit(0)
    return rels, seen, support, docs, found, gold_total, gold_same_sentence


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("--pred")
    ap.add_argument("--missed", action="store_true")
    ap.add_argument("--relation", action="append", choices=sorted(REL_TYPES))
    ap.add_argument("--view", default="between", choices=("between", "head", "tail", "all"))
    ap.add_argument("--min-support", type=int, default=2)
    ap.add_argument("--min-docs", type=int, default=2)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--max-tokens", type=int, default=10)
    ap.add_argument("--ngram", type=int, default=3)
    ap.add_argument("--fold", type=lambda s: tuple(int(x) for x in s.split(":")))
    ap.add_argument("--not-fold", type=lambda s: tuple(int(x) for x in s.split(":")))
    ap.add_argument("--tsv", action="store_true")
    ap.add_argument("--show-missed", action="store_true",
                    help="print every same-sentence gold pair that --pred lacks, in context, and stop")
    args = ap.parse_args()
    if args.missed and not args.pred:
        ap.error("--missed needs --pred")
    rels, seen, support, docs, found, gold_total, gold_same = mine(args)
    views = ("between", "head", "tail") if args.view == "all" else (args.view,)
    out = sys.stdout
    if args.tsv:
        out.write("relation\tview\tsupport\tdocs\tseen\tprecision\tfound\tphrase\n")
    else:
        out.write("gold relations (same sentence / all): " +
                  ", ".join(f"{r} {gold_same[r]}/{gold_total[r]}" for r in rels) + "\n")
    for rel in rels:
        for view in views:
            rows = []
            for (v, phrase, lab), n in support.items():
                if v != view or not lab.startswith(rel + "("):
                    continue
                nd = len(docs[(v, phrase, lab)])
                if n < args.min_support or nd < args.min_docs:
                    continue
                s = seen[(v, phrase)]
                rows.append((-n, -nd, -n / s, lab, phrase, n, nd, s, found[(v, phrase, lab)]))
            rows.sort()
            if args.tsv:
                for _, _, _, lab, phrase, n, nd, s, f in rows[:args.top]:
                    out.write(f"{lab}\t{view}\t{n}\t{nd}\t{s}\t{n / s:.2f}\t{f}\t{phrase}\n")
                continue
            if not rows:
                continue
            out.write(f"\n== {rel} / {view} ==\n")
            out.write(f"{'support':>7} {'docs':>4} {'seen':>5} {'prec':>5} {'found':>5}  label          phrase\n")
            for _, _, _, lab, phrase, n, nd, s, f in rows[:args.top]:
                fs = str(f) if args.pred else "-"
                out.write(f"{n:7d} {nd:4d} {s:5d} {n / s:5.2f} {fs:>5}  {lab:14s} {phrase}\n")


if __name__ == "__main__":
    main()
