//! A cache of built dictionary automata, so that the next run with the same dictionaries starts without
//! rebuilding them.
//!
//! Building the double-array automaton is most of graphex's startup (about 0.1 s for the embedded
//! dictionaries, seconds for a million entries); loading a saved one is a copy and a validity check. An
//! entry is keyed by a 128-bit hash of the exact pattern list and the graphex version, so a changed
//! dictionary is a miss, never a stale hit. The cache is an optimisation only: a missing, unreadable,
//! corrupt or unwritable entry means the automaton is built as without a cache, with the same result, and
//! is never an error. Entries are written atomically (temporary file and rename), so concurrent runs can
//! share a folder; the folder keeps the [`MAX_ENTRIES`] most recently used entries.
//!
//! The same folder keeps other results derived from a list of patterns and costly to recompute, as
//! byte blobs of a named kind ([`AutomatonCache::load_blob`]): the relation rules' prefilter analysis.
//!
//! Location: `$GRAPHEX_CACHE_DIR`, else `$XDG_CACHE_HOME/graphex`, else `$HOME/.cache/graphex`;
//! `GRAPHEX_CACHE_DIR=off` (or empty) turns the cache off ([`AutomatonCache::from_env`]).

use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use daachorse::DoubleArrayAhoCorasick;

/// Dictionaries with fewer patterns build faster than a cache file is read and checked: not cached.
pub const MIN_PATTERNS: usize = 5_000;
/// Entries larger than this (a multi-million-entry dictionary) are not written.
pub const MAX_ENTRY_BYTES: usize = 512 << 20;
/// The folder keeps this many entries, the most recently used.
pub const MAX_ENTRIES: usize = 8;

const MAGIC: &[u8; 16] = b"graphex-daac-v1\n";
const BLOB_MAGIC: &[u8; 16] = b"graphex-blob-v2\n";

/// A folder of saved automata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutomatonCache {
    dir: PathBuf,
}

impl AutomatonCache {
    /// A cache in `dir` (created when the first entry is written).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        AutomatonCache { dir: dir.into() }
    }

    /// The cache the environment asks for (see the module documentation), or `None` when it is turned off
    /// or no location is known.
    pub fn from_env() -> Option<Self> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        match std::env::var_os("GRAPHEX_CACHE_DIR") {
            Some(v) if v.is_empty() || v == "off" || v == "0" => None,
            Some(v) => Some(Self::new(v)),
            None => var("XDG_CACHE_HOME")
                .map(|d| PathBuf::from(d).join("graphex"))
                .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache").join("graphex")))
                .map(Self::new),
        }
    }

    /// The folder of the cache.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The saved automaton of exactly these patterns, if any and valid.
    pub(crate) fn load(&self, patterns: &[&str]) -> Option<DoubleArrayAhoCorasick<u32>> {
        let key = key(patterns);
        self.load_entry(&self.path(key), MAGIC, key, |rest| {
            let (count, rest) = rest.split_at_checked(8)?;
            if count != (patterns.len() as u64).to_le_bytes() {
                return None;
            }
            let (automaton, trailing) = DoubleArrayAhoCorasick::<u32>::deserialize(rest).ok()?;
            trailing.is_empty().then_some(automaton)
        })
    }

    /// Saves the automaton of `patterns` (best effort: failures are ignored).
    pub(crate) fn store(&self, patterns: &[&str], automaton: &DoubleArrayAhoCorasick<u32>) {
        let key = key(patterns);
        let count = (patterns.len() as u64).to_le_bytes();
        let body = automaton.serialize();
        if self.store_entry(&self.path(key), MAGIC, key, &[&count, &body]) {
            self.prune();
        }
    }

    fn path(&self, key: u128) -> PathBuf {
        self.dir.join(format!("automaton-{key:032x}.daac"))
    }

    /// The bytes saved under `kind` for exactly these patterns, if any and intact.
    pub(crate) fn load_blob(&self, kind: &str, patterns: &[&str]) -> Option<Vec<u8>> {
        let key = blob_key(kind, patterns);
        self.load_entry(&self.blob_path(kind, key), BLOB_MAGIC, key, |rest| {
            let (len, rest) = rest.split_at_checked(8)?;
            let (sum, body) = rest.split_at_checked(8)?;
            (len == (body.len() as u64).to_le_bytes() && sum == checksum(body).to_le_bytes())
                .then(|| body.to_vec())
        })
    }

    /// Saves `body` under `kind` for these patterns (best effort: failures are ignored).
    pub(crate) fn store_blob(&self, kind: &str, patterns: &[&str], body: &[u8]) {
        let key = blob_key(kind, patterns);
        let len = (body.len() as u64).to_le_bytes();
        let sum = checksum(body).to_le_bytes();
        if self.store_entry(
            &self.blob_path(kind, key),
            BLOB_MAGIC,
            key,
            &[&len, &sum, body],
        ) {
            self.prune_kind(&format!("{kind}-"), ".bin");
        }
    }

    fn blob_path(&self, kind: &str, key: u128) -> PathBuf {
        self.dir.join(format!("{kind}-{key:032x}.bin"))
    }

    /// Reads the entry at `path`: `parse` gets the bytes after its `magic` and `key`. An entry that parses
    /// is marked used, for pruning (best effort).
    fn load_entry<T>(
        &self,
        path: &Path,
        magic: &[u8],
        key: u128,
        parse: impl FnOnce(&[u8]) -> Option<T>,
    ) -> Option<T> {
        let bytes = fs::read(path).ok()?;
        let rest = bytes
            .strip_prefix(magic)?
            .strip_prefix(key.to_le_bytes().as_slice())?;
        let value = parse(rest)?;
        let _ = fs::File::options()
            .append(true)
            .open(path)
            .and_then(|f| f.set_modified(std::time::SystemTime::now()));
        Some(value)
    }

    /// Writes an entry (`magic`, `key`, then `parts`, the body last) atomically; whether it was written.
    /// Entries whose body is over [`MAX_ENTRY_BYTES`] are not.
    fn store_entry(&self, path: &Path, magic: &[u8], key: u128, parts: &[&[u8]]) -> bool {
        if parts.last().map_or(0, |body| body.len()) > MAX_ENTRY_BYTES
            || fs::create_dir_all(&self.dir).is_err()
        {
            return false;
        }
        crate::files::write_atomic(path, |w| {
            let mut written = w
                .write_all(magic)
                .and_then(|()| w.write_all(&key.to_le_bytes()));
            for part in parts {
                written = written.and_then(|()| w.write_all(part));
            }
            written.map_err(|e| crate::Error::io(path, e))
        })
        .is_ok()
    }

    /// Removes the least recently used automata beyond [`MAX_ENTRIES`].
    fn prune(&self) {
        self.prune_kind("automaton-", ".daac");
    }

    /// Removes the least recently used entries named `prefix…suffix` beyond [`MAX_ENTRIES`].
    fn prune_kind(&self, prefix: &str, suffix: &str) {
        let Ok(read) = fs::read_dir(&self.dir) else {
            return;
        };
        let mut entries: Vec<(std::time::SystemTime, PathBuf)> = read
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix) && n.ends_with(suffix))
            })
            .filter_map(|p| Some((fs::metadata(&p).ok()?.modified().ok()?, p)))
            .collect();
        if entries.len() <= MAX_ENTRIES {
            return;
        }
        entries.sort();
        for (_, p) in &entries[..entries.len() - MAX_ENTRIES] {
            let _ = fs::remove_file(p);
        }
    }
}

/// 128 bits identifying the pattern list (in order) for this version of graphex and of the automaton.
fn key(patterns: &[&str]) -> u128 {
    hash128(MAGIC, "", patterns)
}

/// 128 bits identifying a blob kind and the pattern list (in order) for this version of graphex.
fn blob_key(kind: &str, patterns: &[&str]) -> u128 {
    hash128(BLOB_MAGIC, kind, patterns)
}

/// A checksum of a blob's body: a damaged body that keeps its length is a miss too.
fn checksum(body: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut h);
    h.finish()
}

fn hash128(magic: &[u8], kind: &str, patterns: &[&str]) -> u128 {
    let half = |salt: u64| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        salt.hash(&mut h);
        env!("CARGO_PKG_VERSION").hash(&mut h);
        magic.hash(&mut h);
        if !kind.is_empty() {
            kind.hash(&mut h);
        }
        patterns.hash(&mut h);
        h.finish()
    };
    (u128::from(half(0x9e37_79b9_7f4a_7c15)) << 64) | u128::from(half(0x2545_f491_4f6c_dd1d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("name {i}")).collect()
    }

    fn matches(a: &DoubleArrayAhoCorasick<u32>, text: &str) -> Vec<(usize, usize, u32)> {
        a.find_overlapping_iter(text)
            .map(|m| (m.start(), m.end(), m.value()))
            .collect()
    }

    #[test]
    fn a_stored_automaton_loads_for_the_same_patterns_only() {
        let dir = tempfile::tempdir().unwrap();
        let cache = AutomatonCache::new(dir.path().join("c"));
        let owned = patterns(50);
        let p: Vec<&str> = owned.iter().map(String::as_str).collect();
        assert!(cache.load(&p).is_none());
        let built = DoubleArrayAhoCorasick::<u32>::new(&p).unwrap();
        cache.store(&p, &built);
        let loaded = cache.load(&p).expect("stored entry");
        let text = "name 1, name 12 and name 49 but not name 50";
        assert_eq!(matches(&loaded, text), matches(&built, text));
        assert!(!matches(&loaded, text).is_empty());
        // One pattern more, one pattern changed, or the same patterns in another order: a miss.
        let mut more = p.clone();
        more.push("other");
        assert!(cache.load(&more).is_none());
        let mut changed = p.clone();
        changed[3] = "name x";
        assert!(cache.load(&changed).is_none());
        let mut swapped = p.clone();
        swapped.swap(0, 1);
        assert!(cache.load(&swapped).is_none());
    }

    #[test]
    fn a_corrupt_or_truncated_entry_is_a_miss_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let cache = AutomatonCache::new(dir.path());
        let owned = patterns(30);
        let p: Vec<&str> = owned.iter().map(String::as_str).collect();
        let built = DoubleArrayAhoCorasick::<u32>::new(&p).unwrap();
        cache.store(&p, &built);
        let path = cache.path(key(&p));
        let good = fs::read(&path).unwrap();
        fs::write(&path, &good[..good.len() / 2]).unwrap();
        assert!(cache.load(&p).is_none());
        let mut flipped = good.clone();
        let last = flipped.len() - 40;
        flipped[last] ^= 0xff;
        flipped[MAGIC.len() + 30] ^= 0x01;
        fs::write(&path, &flipped).unwrap();
        assert!(cache.load(&p).is_none());
        // Storing again repairs it.
        cache.store(&p, &built);
        assert!(cache.load(&p).is_some());
    }

    #[test]
    fn the_folder_keeps_the_most_recent_entries() {
        let dir = tempfile::tempdir().unwrap();
        let cache = AutomatonCache::new(dir.path());
        let lists: Vec<Vec<String>> = (0..MAX_ENTRIES + 3)
            .map(|k| (0..5).map(|i| format!("w{k} {i}")).collect())
            .collect();
        for (k, l) in lists.iter().enumerate() {
            let p: Vec<&str> = l.iter().map(String::as_str).collect();
            cache.store(&p, &DoubleArrayAhoCorasick::<u32>::new(&p).unwrap());
            // Distinct modification times, oldest first.
            let t = std::time::SystemTime::UNIX_EPOCH
                + std::time::Duration::from_secs(1_000 + k as u64);
            fs::File::options()
                .append(true)
                .open(cache.path(key(&p)))
                .unwrap()
                .set_modified(t)
                .unwrap();
        }
        cache.prune();
        let left = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, MAX_ENTRIES);
        let newest: Vec<&str> = lists.last().unwrap().iter().map(String::as_str).collect();
        assert!(cache.load(&newest).is_some());
        let oldest: Vec<&str> = lists[0].iter().map(String::as_str).collect();
        assert!(cache.load(&oldest).is_none());
    }

    /// A blob loads for its kind and exact patterns only, and a flipped byte of its body is a miss.
    #[test]
    fn blobs_are_keyed_by_kind_and_patterns_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let cache = AutomatonCache::new(dir.path());
        let p = ["a", "b"];
        assert!(cache.load_blob("k", &p).is_none());
        cache.store_blob("k", &p, b"body bytes");
        assert_eq!(
            cache.load_blob("k", &p).as_deref(),
            Some(&b"body bytes"[..])
        );
        assert!(cache.load_blob("other", &p).is_none());
        assert!(cache.load_blob("k", &["a"]).is_none());
        let path = cache.blob_path("k", blob_key("k", &p));
        let mut bytes = fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        fs::write(&path, &bytes).unwrap();
        assert!(cache.load_blob("k", &p).is_none());
    }
}
