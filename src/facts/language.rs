//! The language of an article's text, read from its letters. The extractor's
//! input carries no language (a page's `<html lang>` is often a site-wide
//! default), so the text decides which word tables apply.
//!
//! The script settles most cases at once: Arabic letters (unless Persian or
//! Urdu letters are frequent), Cyrillic split between Ukrainian and Russian by
//! the letters only one of them has (і ї є ґ against ы э ъ ё). Latin text goes
//! to whatlang restricted to the languages news in Latin script comes in, so a
//! short French lead is not taken for Catalan or Esperanto.

use std::sync::OnceLock;

use whatlang::{Detector, Lang};

use crate::facts::tokens::is_alphabetic;

/// ISO 639-1 code of the language of `title` and `text`, `None` when there
/// are too few letters to tell.
pub fn detect(title: Option<&str>, text: &str) -> Option<&'static str> {
    let sample = sample(title, text, 3000);
    let mut arabic = 0usize;
    let mut persian = 0usize;
    let mut cyrillic = 0usize;
    let mut ukrainian = 0usize;
    let mut russian = 0usize;
    let mut latin = 0usize;
    let mut other = 0usize;
    let bytes = sample.as_bytes();
    let mut at = 0;
    // An ASCII sample (most notes) has only Latin letters: counted in one
    // pass the compiler vectorizes.
    if sample.is_ascii() {
        latin = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
        at = bytes.len();
    }
    while at < bytes.len() {
        // ASCII first, by bytes: a Latin letter or no letter at all.
        let b = bytes[at];
        if b.is_ascii() {
            latin += usize::from(b.is_ascii_alphabetic());
            at += 1;
            continue;
        }
        let Some(c) = sample[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        if !is_alphabetic(c) {
            continue;
        }
        match c {
            'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' | 'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' => {
                arabic += 1;
                persian += 1;
            }
            '\u{0600}'..='\u{06FF}'
            | '\u{0750}'..='\u{077F}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}' => arabic += 1,
            'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => {
                cyrillic += 1;
                ukrainian += 1;
            }
            'ы' | 'э' | 'ъ' | 'ё' | 'Ы' | 'Э' | 'Ё' => {
                cyrillic += 1;
                russian += 1;
            }
            '\u{0400}'..='\u{04FF}' => cyrillic += 1,
            c if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) => latin += 1,
            _ => other += 1,
        }
    }
    let letters = arabic + cyrillic + latin + other;
    if letters < 20 {
        return None;
    }
    if arabic * 2 > letters {
        // Persian and Urdu write with letters Arabic lacks; a few loanwords
        // in an Arabic text do not make it Persian.
        return Some(if persian * 50 > arabic { "fa" } else { "ar" });
    }
    if cyrillic * 2 > letters {
        if ukrainian > russian && ukrainian * 200 > cyrillic {
            return Some("uk");
        }
        if russian > 0 && russian * 200 > cyrillic {
            return Some("ru");
        }
        return cyrillic_by_words(&sample);
    }
    if latin * 2 > letters {
        return latin_language(&sample);
    }
    None
}

/// Cyrillic without the letters that tell Russian from Ukrainian apart
/// (Bulgarian, Serbian, or a very short text): whatlang decides.
fn cyrillic_by_words(sample: &str) -> Option<&'static str> {
    let detector = Detector::with_allowlist(vec![
        Lang::Rus,
        Lang::Ukr,
        Lang::Bel,
        Lang::Bul,
        Lang::Srp,
        Lang::Mkd,
    ]);
    detector.detect_lang(sample).and_then(code)
}

/// Latin script: plainly English text (most of what the bot reads) is told
/// by its function words without whatlang, which costs more than reading the
/// rest of a short note; anything less plain goes to whatlang.
fn latin_language(sample: &str) -> Option<&'static str> {
    if plainly_english(sample) {
        return Some("en");
    }
    whatlang_latin(sample)
}

/// Whether English words ("the", "and", "were", and conflict words spelled
/// so in English only: "killed", "attacked") make up a good part of the words
/// and those of the other Latin-script languages news comes in ("la", "und",
/// "que") are rare. Words shared by several languages ("in",
/// "a", "de") count for neither side, and a text with letters English lacks
/// (é, ñ, ü) in more than a name or two is left to whatlang.
fn plainly_english(sample: &str) -> bool {
    let mut words = 0usize;
    let mut english = 0usize;
    let mut other = 0usize;
    let mut accented = 0usize;
    // Runs of letters, digits and apostrophes (`word_runs` reads ASCII as
    // bytes and notes whether a run is ASCII).
    crate::facts::tokens::word_runs(
        sample,
        crate::facts::tokens::Joins::APOSTROPHE,
        |s, e, ascii, _| {
            let word = &sample[s..e];
            words += 1;
            if !ascii {
                accented += usize::from(word.chars().any(|c| is_alphabetic(c) && !c.is_ascii()));
                return;
            }
            if word.len() > 10 {
                return;
            }
            let mut buf = [0u8; 10];
            for (to, from) in buf.iter_mut().zip(word.bytes()) {
                *to = from.to_ascii_lowercase();
            }
            match &buf[..word.len()] {
                b"the" | b"and" | b"of" | b"was" | b"were" | b"is" | b"are" | b"has" | b"have"
                | b"had" | b"with" | b"from" | b"for" | b"that" | b"said" | b"after" | b"who"
                | b"which" | b"his" | b"their" | b"been" | b"they" | b"by" | b"at" | b"this"
                | b"its" | b"when" | b"while" | b"into" | b"near" => english += 1,
                // Words of conflict reports spelled so in English only: a
                // terse note ("Militia attacked Kenjarh area. 2 injured.")
                // has few function words.
                b"killed" | b"killing" | b"kills" | b"injured" | b"injuring" | b"wounded"
                | b"wounding" | b"died" | b"dead" | b"attack" | b"attacks" | b"attacked"
                | b"clashed" | b"clashes" | b"fighting" | b"fought" | b"soldiers" | b"troops"
                | b"gunmen" | b"militants" | b"protesters" | b"protested" | b"shot" | b"fired"
                | b"injuries" | b"abducted" | b"kidnapped" | b"arrested" => english += 1,
                b"le" | b"la" | b"les" | b"des" | b"du" | b"et" | b"une" | b"est" | b"dans"
                | b"sur" | b"pour" | b"par" | b"qui" | b"que" | b"ont" | b"el" | b"los"
                | b"las" | b"del" | b"y" | b"una" | b"por" | b"con" | b"para" | b"fue" | b"der"
                | b"die" | b"das" | b"und" | b"den" | b"dem" | b"ist" | b"mit" | b"von"
                | b"ein" | b"eine" | b"nicht" | b"wurde" | b"os" | b"da" | b"dos" | b"em"
                | b"um" | b"uma" | b"foi" | b"il" | b"di" | b"che" | b"della" | b"sono"
                | b"nel" | b"gli" | b"het" | b"een" | b"van" | b"niet" | b"werd" | b"yang"
                | b"dan" | b"dari" | b"ini" | b"itu" | b"ve" | b"bir" | b"ile" | b"och"
                | b"att" | b"som" | b"cu" | b"pe" | b"care" | b"si" | b"sa" | b"je" | b"na"
                | b"se" | b"w" | b"z" => other += 1,
                _ => {}
            }
        },
    );
    // Six words at least, one in fifteen an English word (a short
    // note has few: "Protesters gathered in Bouira to denounce ..."); the
    // other languages' words (a place name's "El", "La") and words with
    // letters English lacks ("Bogotá") are few. Measured on the ACLED and GVA
    // dev notes: whatlang called non-English none it was right about.
    // Without a single word of the others or a letter English lacks, one
    // English word is enough whatever the length.
    words >= 6
        && english >= 1
        && (english * 15 >= words || (other == 0 && accented == 0))
        && other * 3 <= english
        && accented * 20 <= words
}

fn whatlang_latin(sample: &str) -> Option<&'static str> {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    let detector = DETECTOR.get_or_init(|| {
        Detector::with_allowlist(vec![
            Lang::Eng,
            Lang::Fra,
            Lang::Spa,
            Lang::Deu,
            Lang::Por,
            Lang::Ita,
            Lang::Nld,
            Lang::Pol,
            Lang::Tur,
            Lang::Ron,
            Lang::Swe,
            Lang::Ind,
            Lang::Ces,
            Lang::Hrv,
            Lang::Aze,
        ])
    });
    // A short note full of place names ("... in Cali, Valle del Cauca") is
    // no Spanish text: only a reliable call leaves English.
    detector
        .detect(sample)
        .filter(|info| info.is_reliable())
        .and_then(|info| code(info.lang()))
}

fn code(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::Eng => "en",
        Lang::Fra => "fr",
        Lang::Spa => "es",
        Lang::Deu => "de",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Nld => "nl",
        Lang::Pol => "pl",
        Lang::Tur => "tr",
        Lang::Ron => "ro",
        Lang::Swe => "sv",
        Lang::Ind => "id",
        Lang::Ces => "cs",
        Lang::Hrv => "hr",
        Lang::Aze => "az",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Bel => "be",
        Lang::Bul => "bg",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        _ => return None,
    })
}

/// The English name of a language code, for replies ("quoted in Russian").
pub fn name(code: &str) -> Option<&'static str> {
    Some(match code {
        "en" => "English",
        "ar" => "Arabic",
        "ru" => "Russian",
        "uk" => "Ukrainian",
        "fr" => "French",
        "es" => "Spanish",
        "de" => "German",
        "fa" => "Persian",
        "pt" => "Portuguese",
        "it" => "Italian",
        "nl" => "Dutch",
        "pl" => "Polish",
        "tr" => "Turkish",
        "ro" => "Romanian",
        "sv" => "Swedish",
        "id" => "Indonesian",
        "cs" => "Czech",
        "hr" => "Croatian",
        "az" => "Azerbaijani",
        "be" => "Belarusian",
        "bg" => "Bulgarian",
        "sr" => "Serbian",
        "mk" => "Macedonian",
        "he" => "Hebrew",
        _ => return None,
    })
}

/// The title and the start of the text, at most about `max` bytes, cut on a
/// char boundary: enough letters to tell, bounded work on long pages.
fn sample<'a>(title: Option<&str>, text: &'a str, max: usize) -> std::borrow::Cow<'a, str> {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Without a title the sample is the text's start: no copy.
    let Some(t) = title else {
        return std::borrow::Cow::Borrowed(&text[..end]);
    };
    let mut out = String::with_capacity(t.len() + 1 + end);
    out.push_str(t);
    out.push('\n');
    out.push_str(&text[..end]);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_decide_first() {
        assert_eq!(
            detect(
                None,
                "قالت مصادر طبية إن ثلاثة أشخاص قتلوا في قصف على المدينة صباح اليوم."
            ),
            Some("ar")
        );
        assert_eq!(
            detect(
                None,
                "В субботу три человека погибли при обстреле города, сообщили власти."
            ),
            Some("ru")
        );
        assert_eq!(
            detect(
                None,
                "У неділю троє людей загинули внаслідок обстрілу міста, повідомили у владі."
            ),
            Some("uk")
        );
    }

    #[test]
    fn latin_languages_by_words() {
        assert_eq!(
            detect(None, "Au moins trois civils ont été tués samedi dans des combats près de la ville, selon un bilan officiel."),
            Some("fr")
        );
        assert_eq!(
            detect(None, "Al menos ocho personas murieron el domingo en un ataque contra una patrulla del ejército, según fuentes locales."),
            Some("es")
        );
        assert_eq!(
            detect(None, "At least three civilians were killed on Saturday in fighting near the town, officials said."),
            Some("en")
        );
    }

    #[test]
    fn plain_english_needs_no_model() {
        assert!(plainly_english(
            "Two soldiers were killed and three wounded when their patrol was ambushed near the border, the army said."
        ));
        // A place name's article or accent does not make it foreign.
        assert!(plainly_english(
            "Gunmen killed a police officer in El Carmen de Bolívar on Sunday, and the mayor said that the attackers fled on motorbikes."
        ));
        // Spanish, French and German with a few English words go to whatlang.
        assert!(!plainly_english(
            "Al menos ocho personas murieron el domingo en un ataque contra una patrulla del ejército, según the army."
        ));
        assert!(!plainly_english(
            "Au moins trois civils ont été tués samedi dans des combats près de la ville, selon un bilan officiel."
        ));
        assert!(!plainly_english(
            "Bei dem Angriff wurden drei Soldaten getötet, teilte die Armee mit, und das ist nicht alles."
        ));
        // Too short to tell by words.
        assert!(!plainly_english("Attack in Cali, Valle del Cauca."));
        // A terse note: one English word among many names, and nothing of
        // another language.
        assert!(plainly_english(
            "Unknown gunmen torched several shops at Kasese central market late Tuesday, residents reported; police confirmed nothing yet."
        ));
        // Short Spanish and French with no function word of English.
        assert!(!plainly_english(
            "Ataque armado deja tres muertos y dos heridos en Cauca"
        ));
        assert!(!plainly_english(
            "Trois soldats tués lors d'une embuscade près de Gao"
        ));
    }

    #[test]
    fn too_little_to_tell() {
        assert_eq!(detect(None, "12 — 3"), None);
        assert_eq!(detect(Some("Ok"), ""), None);
    }
}
