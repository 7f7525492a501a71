//! Words and numbers in a document's printed text that tell its kind: titles, field labels,
//! specimen markings, payment-card numbers (Luhn, ISO/IEC 7812) and payment words.

/// Upper-case words of the text (letters only, diacritics kept).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .collect()
}

/// Title words of identity documents in the languages of the fixtures and the shared specimens
/// (English, French, German, Spanish, Portuguese, Italian, Dutch, Nordic, Slavic). OCR of a
/// title is usually clean: titles are the largest print on the document.
const TITLE_WORDS: [&str; 30] = [
    "PASSPORT",
    "PASSEPORT",
    "REISEPASS",
    "PASAPORTE",
    "PASSAPORTO",
    "PASSAPORTE",
    "PASPOORT",
    "IDENTITY",
    "IDENTITE",
    "IDENTITÉ",
    "IDENTIDAD",
    "IDENTIDADE",
    "IDENTITÀ",
    "PERSONALAUSWEIS",
    "IDENTITEITSKAART",
    "IDENTITETSKORT",
    "HENKILÖKORTTI",
    "OSOBNI",
    "OBČANSKÝ",
    "LICENCE",
    "LICENSE",
    "FÜHRERSCHEIN",
    "FUHRERSCHEIN",
    "PERMIS",
    "RIJBEWIJS",
    "AUFENTHALTSTITEL",
    "RESIDENCE",
    "CÉDULA",
    "CEDULA",
    "DNI",
];

/// Whether the text shows an identity document's title word.
pub fn has_title(text: &str) -> bool {
    words(text)
        .iter()
        .any(|w| TITLE_WORDS.contains(&w.as_str()))
}

/// Field labels of identity documents (ICAO 9303 Part 4 VIZ labels and their common
/// translations); two different ones are needed.
const LABEL_WORDS: [&str; 14] = [
    "SURNAME",
    "NOM",
    "NAME",
    "GIVEN",
    "PRÉNOMS",
    "PRENOMS",
    "NATIONALITY",
    "NATIONALITÉ",
    "BIRTH",
    "NAISSANCE",
    "GEBURTSTAG",
    "SEX",
    "SEXE",
    "EXPIRY",
];

/// Whether at least two different field labels are printed.
pub fn has_field_labels(text: &str) -> bool {
    let w = words(text);
    LABEL_WORDS
        .iter()
        .filter(|l| w.iter().any(|x| x == *l))
        .count()
        >= 2
}

/// Specimen markings: SPECIMEN (English, with the French accent or the Spanish E), MUSTER
/// (German), VZOR (Czech/Slovak), UZORAK (Croatian), PAVYZDYS (Lithuanian). Whole words only:
/// MUSTERMANN, the German specimen holder's name, is not the marking.
const SPECIMEN_WORDS: [&str; 7] = [
    "SPECIMEN",
    "SPÉCIMEN",
    "ESPECIMEN",
    "MUSTER",
    "VZOR",
    "UZORAK",
    "PAVYZDYS",
];

/// The specimen marking printed, if any.
pub fn specimen_word(text: &str) -> Option<&'static str> {
    let w = words(text);
    SPECIMEN_WORDS
        .iter()
        .find(|s| w.iter().any(|x| x == *s))
        .copied()
}

/// A number laid out the way payment cards print theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardNumber {
    pub digits: String,
    /// Passes the Luhn check (ISO/IEC 7812-1), as every issued card number does.
    pub luhn: bool,
    /// Printed as four groups of four digits (the ISO/IEC 7813 embossing layout).
    pub grouped: bool,
}

/// A payment-card-like number: 13–19 digits on one line (spaces or hyphens between groups)
/// that either passes the Luhn check or is printed as four groups of four. Personal and
/// document numbers of identity documents are shorter or carry letters. Marketing mock-ups
/// often print a number that fails Luhn (the Mastercard mock-up in the shared real data:
/// `5412 7512 3412 3456`), hence the layout as the second sign.
pub fn card_number(text: &str) -> Option<CardNumber> {
    for line in text.lines() {
        // runs of digit groups separated by single spaces or hyphens
        for run in line.split(|c: char| !(c.is_ascii_digit() || c == ' ' || c == '-')) {
            let groups: Vec<&str> = run.split([' ', '-']).filter(|g| !g.is_empty()).collect();
            for i in 0..groups.len() {
                let mut digits = String::new();
                for (j, g) in groups.iter().enumerate().skip(i) {
                    digits.push_str(g);
                    if digits.len() > 19 {
                        break;
                    }
                    let grouped = j == i + 3 && groups[i..=j].iter().all(|g| g.len() == 4);
                    let luhn = (13..=19).contains(&digits.len()) && luhn(&digits);
                    if luhn || grouped {
                        return Some(CardNumber {
                            digits,
                            luhn,
                            grouped,
                        });
                    }
                }
            }
        }
    }
    None
}

/// The Luhn (mod 10) check over a string of digits.
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else {
            return false;
        };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// Words printed on payment and loyalty cards.
const PAYMENT_WORDS: [&str; 12] = [
    "MASTERCARD",
    "VISA",
    "MAESTRO",
    "DEBIT",
    "CREDIT",
    "BANK",
    "THRU",
    "CARDHOLDER",
    "REWARDS",
    "LOYALTY",
    "MEMBER",
    "PLATINUM",
];

/// The payment words printed, in table order.
pub fn payment_words(text: &str) -> Vec<&'static str> {
    let w = words(text);
    PAYMENT_WORDS
        .iter()
        .filter(|p| w.iter().any(|x| x == *p))
        .copied()
        .collect()
}

/// A card number with all but its last four digits masked.
pub fn masked(number: &str) -> String {
    let n = number.chars().count();
    number
        .chars()
        .enumerate()
        .map(|(i, c)| if i + 4 < n { '•' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_and_card_numbers() {
        assert!(luhn("4111111111111111"));
        assert!(luhn("5555555555554444"));
        assert!(!luhn("4111111111111112"));
        let n = card_number("CARD\n4111 1111 1111 1111\n").unwrap();
        assert_eq!(n.digits, "4111111111111111");
        assert!(n.luhn && n.grouped);
        let n = card_number("5555-5555-5555-4444 12/29").unwrap();
        assert!(n.luhn && n.grouped);
        // the mock-up's number: grouped, not Luhn
        let n = card_number("5412 7512 3412 3456").unwrap();
        assert!(!n.luhn && n.grouped);
        // an ID card's numbers: too short, or neither Luhn nor grouped
        assert_eq!(card_number("No. 123456789\n19740812"), None);
        assert_eq!(card_number("1234567890123456"), None);
        assert!(card_number("4111111111111111").unwrap().luhn);
        assert_eq!(masked("4111111111111111"), "••••••••••••1111");
    }

    #[test]
    fn titles_labels_and_markings() {
        assert!(has_title("REPUBLIC OF UTOPIA\nIDENTITY CARD"));
        assert!(has_title("Führerschein"));
        assert!(!has_title("DEMO BANK PLATINUM"));
        assert!(has_field_labels("Surname / Nom\nGiven names"));
        assert!(!has_field_labels("VALID THRU"));
        assert_eq!(specimen_word("SPECIMEN"), Some("SPECIMEN"));
        assert_eq!(specimen_word("Erika MUSTERMANN"), None);
        assert_eq!(
            payment_words("VALID THRU 12/29 Mastercard"),
            ["MASTERCARD", "THRU"]
        );
    }
}
