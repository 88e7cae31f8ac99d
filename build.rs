//! Build-time tables: the GeoNames gazetteer's lookup tables
//! (`src/facts/gazetteer.rs`), so the knowledge base does not hash tens of
//! thousands of names at every start.

#[path = "src/facts/gazetteer.rs"]
mod gazetteer;

fn main() {
    println!("cargo:rerun-if-changed=config/places.tsv");
    println!("cargo:rerun-if-changed=src/facts/gazetteer.rs");
    println!("cargo:rerun-if-changed=build.rs");
    let tsv = std::fs::read_to_string("config/places.tsv").expect("config/places.tsv");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("gazetteer.bin"), gazetteer::build(&tsv)).expect("write gazetteer.bin");
}
