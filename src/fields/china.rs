//! Mainland-China resident identity card numbers (GB 11643-1999): 18 characters, a 6-digit
//! region code, the birth date `YYYYMMDD`, a 3-digit sequence (odd for men) and a check
//! character from ISO 7064 MOD 11-2.

use chrono::NaiveDate;

/// Weights of positions 0–16: 2^(17−i) mod 11 (ISO 7064 MOD 11-2 as GB 11643 applies it).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character for a weighted sum mod 11 of 0, 1, …, 10.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Normalises what a person may type or OCR may give for such a number: full-width digits and
/// letters (`０１２…`, `Ｘ`) to ASCII, `〇` (the ideographic zero) to `0`, upper case, no spaces.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
            '\u{FF21}'..='\u{FF3A}' => char::from(b'A' + (c as u32 - 0xFF21) as u8),
            '\u{FF41}'..='\u{FF5A}' => char::from(b'A' + (c as u32 - 0xFF41) as u8),
            '〇' | '零' => '0',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// Whether `s` (already [`normalize`]d) has the shape of a resident ID number: 17 digits and a
/// digit or `X`.
pub fn looks_like_resident_id(s: &str) -> bool {
    s.len() == 18
        && s.bytes().take(17).all(|b| b.is_ascii_digit())
        && matches!(s.as_bytes()[17], b'0'..=b'9' | b'X')
}

/// The check character the first 17 digits call for, or `None` if they are not 17 digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

/// Whether a resident ID number's check character verifies.
pub fn is_valid(s: &str) -> bool {
    looks_like_resident_id(s) && check_char(&s[..17]) == Some(char::from(s.as_bytes()[17]))
}

/// The birth date inside the number (positions 7–14, `YYYYMMDD`), if it is a date.
pub fn birth_date(s: &str) -> Option<NaiveDate> {
    if !looks_like_resident_id(s) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    NaiveDate::from_ymd_opt(n(6..10)? as i32, n(10..12)?, n(12..14)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_character() {
        // GB 11643 examples and numbers built from them.
        assert!(is_valid("11010519491231002X"));
        assert!(is_valid(&normalize("11010519491231002x")));
        assert_eq!(check_char("11010519491231002"), Some('X'));
        assert!(!is_valid("110105194912310021"));
        assert!(!is_valid("11010519491231002Y"));
        // Every wrong check character is refused; exactly one is right.
        let valid: Vec<char> = "0123456789X"
            .chars()
            .filter(|c| is_valid(&format!("44052419800101001{c}")))
            .collect();
        assert_eq!(valid.len(), 1);
        assert_eq!(Some(valid[0]), check_char("44052419800101001"));
        assert!(!looks_like_resident_id("1101051949123100"));
        assert_eq!(check_char("1101051949123100A"), None);
    }

    #[test]
    fn full_width_and_ideographic_zero() {
        let typed = "１１〇１〇５１９４９１２３１〇〇２Ｘ";
        assert_eq!(normalize(typed), "11010519491231002X");
        assert!(is_valid(&normalize(typed)));
        assert_eq!(normalize("110105 19491231 002x"), "11010519491231002X");
    }

    #[test]
    fn birth_date_inside() {
        assert_eq!(
            birth_date("11010519491231002X"),
            NaiveDate::from_ymd_opt(1949, 12, 31)
        );
        assert_eq!(birth_date("11010519491331002X"), None);
    }
}
