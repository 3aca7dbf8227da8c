//! Embeds the default dictionaries (`dictionaries/**/*.tsv`), the default relation rules
//! (`dictionaries/rules/*.rules`) and the sample corpus (`samples/*.txt`) into the binary, so that `graphex` works from any directory. The file lists are generated here so that adding a
//! dictionary file needs no code change.

use std::env;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, ext, out);
        } else if p.extension().and_then(|e| e.to_str()) == Some(ext) {
            out.push(p);
        }
    }
}

fn emit(name: &str, root: &Path, files: &[PathBuf], out: &mut impl Write) {
    writeln!(out, "pub(crate) static {name}: &[(&str, &str)] = &[").unwrap();
    for f in files {
        let rel = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let abs = f.canonicalize().unwrap();
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            abs.to_string_lossy()
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let dict_root = manifest.join("dictionaries");
    let sample_root = manifest.join("samples");
    println!("cargo:rerun-if-changed=dictionaries");
    println!("cargo:rerun-if-changed=samples");

    // Curated entries load before generated ones: on a conflict the first loaded entity wins.
    let mut dicts = Vec::new();
    collect(&dict_root.join("curated"), "tsv", &mut dicts);
    let mut rest = Vec::new();
    collect(&dict_root, "tsv", &mut rest);
    rest.retain(|p| !p.starts_with(dict_root.join("curated")));
    dicts.extend(rest);
    for d in &dicts {
        println!("cargo:rerun-if-changed={}", d.display());
    }

    let mut rules = Vec::new();
    collect(&dict_root.join("rules"), "rules", &mut rules);
    for r in &rules {
        println!("cargo:rerun-if-changed={}", r.display());
    }

    let mut samples = Vec::new();
    collect(&sample_root, "txt", &mut samples);
    for s in &samples {
        println!("cargo:rerun-if-changed={}", s.display());
    }

    let out_path = PathBuf::from(env::var("OUT_DIR").unwrap()).join("embedded.rs");
    let mut out = fs::File::create(out_path).unwrap();
    emit("DICTIONARIES", &dict_root, &dicts, &mut out);
    emit("RULES", &dict_root, &rules, &mut out);
    emit("SAMPLES", &sample_root, &samples, &mut out);
}
