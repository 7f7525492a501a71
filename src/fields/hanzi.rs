//! Traditional and simplified Chinese characters in names. A name typed in traditional
//! characters where the document prints simplified ones (or the reverse) is a mismatch an
//! exchange rejects (E005, SPEC §3); telling the user which characters differ is the fix.
//!
//! The table holds the 172 characters that differ between the two scripts and are most common
//! in Chinese surnames and given names (the 100 commonest surnames, plus frequent given-name
//! characters); it is not a full conversion table (no crate in use provides one offline).

/// Traditional characters, in the order of [`SIMPLIFIED`].
const TRADITIONAL: &str = "陳張劉黃楊趙吳孫馬許鄭謝羅葉蘇盧蔣韓馮鄧錢萬龍陸閆賈鍾譚鄒嚴聶顧喬賴龔湯蕭閻鳳華國偉麗強軍紅輝濤東亞傑鵬飛雲靜艷蘭鐵寶貴長慶順義興榮進誠嬌穎嵐瑩晉學書衛紀聖會業維經儀豐愛歡樂勝來開運達遠邊歸鳴鴻鶴麥齊嶺廣陽隊際劍綠銀鋒錦鐘韋藍詩語諾瑤夢曉萊倫傳億優蓮潔滿澤濱灣瀟憶懷戀賢瑋綺銘鈺曄煒韻驊駿騰瓊權聰寧樹橋雙風蘊鄺歐諸龐賀塗溫呂談闞範鄔畢莊費閔單勞";

/// The simplified form of each character of [`TRADITIONAL`].
const SIMPLIFIED: &str = "陈张刘黄杨赵吴孙马许郑谢罗叶苏卢蒋韩冯邓钱万龙陆闫贾钟谭邹严聂顾乔赖龚汤萧阎凤华国伟丽强军红辉涛东亚杰鹏飞云静艳兰铁宝贵长庆顺义兴荣进诚娇颖岚莹晋学书卫纪圣会业维经仪丰爱欢乐胜来开运达远边归鸣鸿鹤麦齐岭广阳队际剑绿银锋锦钟韦蓝诗语诺瑶梦晓莱伦传亿优莲洁满泽滨湾潇忆怀恋贤玮绮铭钰晔炜韵骅骏腾琼权聪宁树桥双风蕴邝欧诸庞贺涂温吕谈阚范邬毕庄费闵单劳";

/// The simplified form of a character in the table, else the character itself.
pub fn simplified(c: char) -> char {
    TRADITIONAL
        .chars()
        .position(|t| t == c)
        .and_then(|i| SIMPLIFIED.chars().nth(i))
        .unwrap_or(c)
}

/// Whether a character is a CJK unified ideograph (the scripts of Chinese names, also Japanese
/// kanji and Korean hanja).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '〇')
}

/// The characters where `typed` and `doc` differ only by script, as `陳→陈` pairs (typed
/// first), or `None` if they differ otherwise or not at all.
pub fn script_differences(typed: &str, doc: &str) -> Option<Vec<String>> {
    let t: Vec<char> = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let d: Vec<char> = doc.chars().filter(|c| !c.is_whitespace()).collect();
    if t.len() != d.len() || t == d {
        return None;
    }
    let mut pairs = Vec::new();
    for (a, b) in t.iter().zip(&d) {
        if a == b {
            continue;
        }
        if simplified(*a) != simplified(*b) {
            return None;
        }
        pairs.push(format!("{a}→{b}"));
    }
    Some(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_paired() {
        assert_eq!(TRADITIONAL.chars().count(), SIMPLIFIED.chars().count());
        for (t, s) in TRADITIONAL.chars().zip(SIMPLIFIED.chars()) {
            assert_ne!(t, s);
            assert!(is_han(t) && is_han(s));
            assert!(!TRADITIONAL.contains(s), "{s} is in both columns");
        }
    }

    #[test]
    fn names_across_scripts() {
        assert_eq!(simplified('陳'), '陈');
        assert_eq!(simplified('陈'), '陈');
        assert_eq!(
            script_differences("陳大文", "陈大文"),
            Some(vec!["陳→陈".to_string()])
        );
        assert_eq!(
            script_differences("张伟", "張偉"),
            Some(vec!["张→張".to_string(), "伟→偉".to_string()])
        );
        assert_eq!(script_differences("陈大文", "陈大文"), None);
        assert_eq!(script_differences("陳小文", "陈大文"), None);
    }
}
