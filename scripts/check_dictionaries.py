#!/usr/bin/env python3
"""Self-check of dictionary TSV files against docs/dictionary-format.md and the generated-data guards.

Usage: python3 scripts/check_dictionaries.py [folder ...]   (default: dictionaries/generated)

Checks: '#' comments then a header with `type` and `name`; every row has at most as many cells as the header;
no empty type/name; `case` is empty, `sensitive` or `insensitive`; every `ambiguous` form is the name or an
alias of the same row; no form is claimed by two entities (same matching rules as the loader: a form with an
uppercase letter matches exactly, an all-lowercase form in any case; quotes/dashes/spaces normalised);
no non-ambiguous form of 1-2 characters, pure number, or single-token person form. Prints sizes.
Exit status 1 on any error. Standard library only.
"""
import os
import re
import sys
import unicodedata
from collections import defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_TR = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                     "\u2010": "-", "\u2011": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " "})


def norm(f):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", f).translate(_TR)).strip()


def main(argv):
    folders = argv or [os.path.join(REPO, "dictionaries", "generated")]
    errors = []
    claims = defaultdict(lambda: defaultdict(set))   # casefold -> exact form -> {(file, line, type, name)}
    total_bytes = 0
    for folder in folders:
        for fn in sorted(os.listdir(folder)):
            if not fn.endswith(".tsv"):
                continue
            path = os.path.join(folder, fn)
            total_bytes += os.path.getsize(path)
            header = None
            rows = 0
            entities = set()
            with open(path, encoding="utf-8") as fh:
                for ln, line in enumerate(fh, 1):
                    line = line.rstrip("\n")
                    if not line.strip() or line.startswith("#"):
                        continue
                    cells = line.split("\t")
                    if header is None:
                        header = cells
                        if "type" not in header or "name" not in header or any(c != c.lower() for c in header):
                            errors.append("%s:%d: bad header %r" % (fn, ln, header))
                        if len(set(header)) != len(header):
                            errors.append("%s:%d: duplicate column" % (fn, ln))
                        col = {c: i for i, c in enumerate(header)}
                        continue
                    if len(cells) > len(header):
                        errors.append("%s:%d: %d cells for %d columns" % (fn, ln, len(cells), len(header)))
                        continue
                    cells += [""] * (len(header) - len(cells))
                    get = lambda c: cells[col[c]] if c in col else ""
                    etype, name = get("type"), get("name")
                    rows += 1
                    if not etype or not name or not re.fullmatch(r"[a-z][a-z0-9_]*", etype):
                        errors.append("%s:%d: empty/invalid type or name" % (fn, ln))
                        continue
                    if get("case") not in ("", "sensitive", "insensitive"):
                        errors.append("%s:%d: bad case %r" % (fn, ln, get("case")))
                    if (etype, name) in entities:
                        errors.append("%s:%d: duplicate entity row %s/%s" % (fn, ln, etype, name))
                    entities.add((etype, name))
                    aliases = [a for a in get("aliases").split("|") if a]
                    amb = [a for a in get("ambiguous").split("|") if a]
                    forms = [name] + aliases
                    if len(set(forms)) != len(forms):
                        errors.append("%s:%d: repeated form in %s" % (fn, ln, name))
                    for a in amb:
                        if a not in forms:
                            errors.append("%s:%d: ambiguous form %r is not a form of %s" % (fn, ln, a, name))
                    if all(f in amb for f in forms) and not get("cues"):
                        errors.append("%s:%d: every form of %s is ambiguous and it has no cues (can never match)"
                                      % (fn, ln, name))
                    for f in forms:
                        if f != f.strip() or not f:
                            errors.append("%s:%d: untrimmed/empty form %r" % (fn, ln, f))
                        if f in amb:
                            pass
                        elif len(f) <= 2:
                            errors.append("%s:%d: non-ambiguous 1-2 character form %r" % (fn, ln, f))
                        elif not any(c.isalpha() for c in f):
                            errors.append("%s:%d: non-ambiguous form without letters %r" % (fn, ln, f))
                        elif etype == "person" and len(f.split()) == 1:
                            errors.append("%s:%d: non-ambiguous single-token person form %r" % (fn, ln, f))
                        n = norm(f)
                        claims[n.casefold()][n].add((fn, ln, etype, name))
            print("%-40s %7d rows %9d bytes" % (path, rows, os.path.getsize(path)))
    # cross-file conflicts under the loader's case rules
    conflicts = 0
    for fold, variants in claims.items():
        groups = [set().union(*variants.values())] if any(v == v.lower() for v in variants) else list(variants.values())
        for g in groups:
            ents = {(t, n) for _, _, t, n in g}
            if len(ents) > 1:
                conflicts += 1
                if conflicts <= 20:
                    errors.append("form %r claimed by %s" % (fold, sorted(ents)))
    print("total %d bytes; %d forms; %d conflicts" % (total_bytes, sum(len(v) for v in claims.values()), conflicts))
    for e in errors[:50]:
        print("ERROR", e)
    print("%d error(s)" % len(errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
