#!/usr/bin/env python3
"""Writes the closed dictionary of an evaluation set: every gold entity with its surface forms as aliases.

    python3 scripts/gold_dictionary.py GOLD.json OUT.tsv

Used by scripts/eval.sh and scripts/eval_docred.sh for the Re-DocRED runs, whose entities are not in the
default dictionaries. Standard library only; rows sorted, so the output is deterministic.
"""
import json
import sys


def main():
    gold_path, out_path = sys.argv[1:3]
    with open(gold_path, encoding="utf-8") as f:
        gold = json.load(f)
    seen = {}
    for doc in gold["docs"]:
        for e in doc["entities"]:
            forms = seen.setdefault((e["type"], e["name"]), set())
            forms.update(s for s in e.get("surface", []) if s != e["name"])

    def clean(s):
        return s.replace("\t", " ").replace("|", " ").replace("\n", " ").strip()

    with open(out_path, "w", encoding="utf-8") as out:
        out.write("type\tname\taliases\n")
        for (t, name), forms in sorted(seen.items()):
            aliases = "|".join(sorted(clean(f) for f in forms if clean(f)))
            out.write(f"{clean(t)}\t{clean(name)}\t{aliases}\n")


if __name__ == "__main__":
    main()
