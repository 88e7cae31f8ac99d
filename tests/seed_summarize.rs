//! The project's founding example, end to end through the binary:
//! `clashwatch summarize --format json` on the seed article gives the facts
//! of its gold file (`../shared/fixtures/seed-armenia-azerbaijan.gold.json`).

use std::process::Command;

use serde_json::Value;

fn summarize_seed() -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_clashwatch"))
        .args(["summarize", "--format", "json"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/seed-armenia-azerbaijan.txt"
        ))
        .env_remove("CLASHWATCH_CONFIG")
        .output()
        .expect("run clashwatch");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(line.lines().count(), 1, "{line}");
    serde_json::from_str(line.trim()).expect("one JSON object")
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_str().or_else(|| x["name"].as_str()).expect("name"))
        .collect()
}

#[test]
fn seed_matches_its_gold_facts() {
    let record = summarize_seed();
    assert_eq!(
        record["title"],
        "Armenia, Azerbaijan report casualties in border clash"
    );
    let f = &record["facts"];
    assert_eq!(f["is_clash_report"], true);
    assert_eq!(f["event_date"], "2023-09-01");
    assert_eq!(strings(&f["countries"]), ["Armenia", "Azerbaijan"]);
    assert_eq!(
        strings(&f["parties"]["belligerents"]),
        ["Armenia", "Azerbaijan"]
    );
    assert_eq!(strings(&f["parties"]["mentioned"]), ["Russia"]);
    let places = strings(&f["locations"]);
    for p in ["Sotk", "Norabak", "Kalbajar", "Nagorno-Karabakh"] {
        assert!(places.contains(&p), "{p} missing from {places:?}");
    }
    assert!(strings(&f["regions"]).contains(&"South Caucasus"));

    let casualties: Vec<(&str, &str, u64, u64, bool)> = f["casualties"]
        .as_array()
        .expect("casualties")
        .iter()
        .map(|c| {
            (
                c["side"].as_str().unwrap_or("?"),
                c["group"].as_str().unwrap_or("?"),
                c["killed"].as_u64().unwrap_or(u64::MAX),
                c["injured"].as_u64().unwrap_or(u64::MAX),
                c["approximate"].as_bool().unwrap_or(true),
            )
        })
        .collect();
    assert_eq!(
        casualties,
        [
            ("Armenia", "soldiers", 4, 1, false),
            ("Azerbaijan", "soldiers", 0, 3, false)
        ]
    );
    for c in f["casualties"].as_array().expect("casualties") {
        let sentence = c["evidence"]["sentence"].as_str().expect("evidence");
        let (start, end) = (
            c["evidence"]["start"].as_u64().expect("start") as usize,
            c["evidence"]["end"].as_u64().expect("end") as usize,
        );
        let text = record["text"].as_str().expect("text");
        assert_eq!(
            &text[start..end],
            sentence,
            "evidence span points at its sentence"
        );
    }
    assert_eq!(f["totals"]["killed"], 4);
    assert_eq!(f["totals"]["injured"], 4);
    let background = f["background"].as_array().expect("background");
    assert_eq!(background.len(), 1);
    assert_eq!(background[0]["killed"], 300);
    assert!(background[0]["evidence"]["sentence"]
        .as_str()
        .is_some_and(|s| s.starts_with("In two days of fighting in September of last year")));

    let claims: Vec<(&str, &str, Option<&str>)> = f["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| {
            (
                c["speaker"].as_str().unwrap_or("?"),
                c["verb"].as_str().unwrap_or("?"),
                c["target"].as_str(),
            )
        })
        .collect();
    assert_eq!(claims.len(), 5, "{claims:?}");
    for want in [
        ("Azerbaijan", "said", Some("Armenia")),
        ("Armenia", "alleged", Some("Azerbaijan")),
        ("Azerbaijan", "denied", Some("Armenia")),
        ("Armenia", "accused", Some("Russia")),
        ("Russia", "accused", Some("Armenia")),
    ] {
        assert!(claims.contains(&want), "{want:?} missing from {claims:?}");
    }
}

#[test]
fn seed_text_format_has_a_key_facts_block() {
    let out = Command::new(env!("CARGO_BIN_EXE_clashwatch"))
        .arg("summarize")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/seed-armenia-azerbaijan.txt"
        ))
        .output()
        .expect("run clashwatch");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Key facts"), "{text}");
    assert!(text.contains("event date:   2023-09-01"), "{text}");
    assert!(
        text.contains("Armenia: 4 killed, 1 injured (soldiers)"),
        "{text}"
    );
    assert!(text.contains("totals:       4 killed, 4 injured"), "{text}");
}
