//! Fictional holders and their documents (issuing state UTO, "Utopia", the ICAO specimen state).

use mrz::{
    encode_name_component, format_td1, format_td3, Date, MrzDate, Sex, Td1Fields, Td3Fields,
};

pub const TODAY: &str = "2026-11-22";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Base {
    Passport,
    IdCard,
    Licence,
}

#[derive(Clone, Debug)]
pub struct Doc {
    pub key: &'static str,
    pub base: Base,
    pub surname: String,
    pub given: String,
    pub sex: char,
    pub dob: String,
    pub pob: String,
    pub number: String,
    pub issue: String,
    pub expiry: String,
    pub skin: [u8; 3],
    pub hair: [u8; 3],
    pub mrz_lines: Vec<String>,
}

pub fn ymd(d: &str) -> (i32, u32, u32) {
    let p: Vec<&str> = d.split('-').collect();
    (
        p[0].parse().unwrap(),
        p[1].parse().unwrap(),
        p[2].parse().unwrap(),
    )
}

/// Days since 1970-01-01 (proleptic Gregorian), for date arithmetic.
pub fn days(d: &str) -> i64 {
    let (y, m, dd) = ymd(d);
    let (y, m) = if m <= 2 {
        (y as i64 - 1, m as i64 + 9)
    } else {
        (y as i64, m as i64 - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + dd as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// Age in whole years on `today` (a 29 February birthday counts on 1 March in common years).
pub fn age_on(dob: &str, today: &str) -> i32 {
    let (by, bm, bd) = ymd(dob);
    let (ty, tm, td) = ymd(today);
    let mut a = ty - by;
    if (tm, td) < (bm, bd) {
        a -= 1;
    }
    a
}

const SKIN: [[u8; 3]; 5] = [
    [236, 196, 166],
    [214, 164, 126],
    [176, 122, 88],
    [122, 82, 56],
    [246, 212, 186],
];
const HAIR: [[u8; 3]; 5] = [
    [44, 32, 26],
    [120, 80, 40],
    [196, 160, 96],
    [24, 22, 22],
    [150, 150, 150],
];

// key, base, surname (visual zone), given names, sex, dob, place of birth, number, expiry
type Holder = (
    &'static str,
    Base,
    &'static str,
    &'static str,
    char,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const HOLDERS: &[Holder] = &[
    ("p01", Base::Passport, "ÅSTRÖM", "ANNA MARIA", 'F', "1974-08-12", "NORDHAVN", "L898902C3", "2031-04-15"),
    ("p02", Base::Passport, "ERIKSSÖN", "LARS PETTER", 'M', "1988-03-05", "SÖDERVIK", "D0O715288", "2032-06-30"),
    ("p03", Base::Passport, "MÜLLER", "JÜRGEN", 'M', "1961-11-30", "ALTENBURG", "UT1726S50", "2029-09-14"),
    ("p04", Base::Passport, "GROßMANN", "HEIKE SOPHIE", 'F', "1979-10-07", "KLEINSTADT", "K62815ZB0", "2030-02-02"),
    ("p05", Base::Passport, "NØRGAARD", "SØREN", 'M', "1996-02-29", "AALBORGEN", "N5S0O1617", "2033-01-19"),
    ("p06", Base::Passport, "PEÑA", "MARÍA JOSÉ", 'F', "1990-07-04", "VILLANUEVA", "E71B86023", "2028-11-03"),
    ("p07", Base::Passport, "BÉRANGER-DUVAL", "CLÉMENT", 'M', "1983-12-01", "SAINT-ÉLOI", "C0L716845", "2034-05-27"),
    ("p08", Base::Passport, "OKAFOR", "CHIDI EMEKA", 'M', "1979-05-21", "PORT UTOPIA", "P2Z1067O8", "2030-08-08"),
    ("p09", Base::Passport, "SANTOS", "ANA LUÍSA", 'F', "2001-09-18", "PORTO NOVO", "S8B650127", "2035-03-11"),
    ("p10", Base::Passport, "LINDQVIST", "ELSA", 'F', "2010-03-14", "NORDHAVN", "YT7118206", "2030-03-20"),
    ("p11", Base::Passport, "HÅKANSSON", "ELIN", 'F', "2008-11-05", "SÖDERVIK", "H0K55S217", "2031-12-01"),
    ("p12", Base::Passport, "BRÜCKNER", "OTTO", 'M', "1955-01-26", "ALTENBURG", "B80261E77", "2026-09-30"),
    ("p13", Base::Passport, "VARGAS", "DIEGO ANDRÉS", 'M', "1972-06-02", "VILLANUEVA", "V1O2S6688", "2025-06-12"),
    ("p14", Base::Passport, "OYELARAN", "TOLUWANI", 'F', "1993-04-09", "PORT UTOPIA", "R6Z701B95", "2026-12-10"),
    ("p15", Base::Passport, "FONTAINE", "LUC", 'M', "1966-08-25", "SAINT-ÉLOI", "F5S1802O6", "2027-01-20"),
    ("p16", Base::Passport, "AALTONEN", "MIKKO JUHANI", 'M', "1985-02-13", "NORDHAVN", "AA7610Z58", "2026-12-19"),
    ("c01", Base::IdCard, "SCHRÖDER", "KLARA ÅSA", 'F', "1985-06-09", "ALTENBURG", "IDZ2S5081", "2030-06-08"),
    ("c02", Base::IdCard, "ØSTERGAARD", "MADS", 'M', "1992-01-17", "AALBORGEN", "T1S7Z6088", "2031-01-16"),
    ("c03", Base::IdCard, "NAKAMURA", "KEN", 'M', "2009-08-30", "PORT UTOPIA", "IK01O6B72", "2029-08-29"),
    ("c04", Base::IdCard, "IBÁÑEZ", "LUCÍA", 'F', "1977-10-03", "VILLANUEVA", "IA5S81706", "2032-10-02"),
    ("d01", Base::Licence, "OKONJO", "GRACE ADAEZE", 'F', "1969-04-22", "PORT UTOPIA", "5B81720Z", "2033-04-21"),
    ("d02", Base::Licence, "HÜBNER", "FELIX", 'M', "1998-09-09", "KLEINSTADT", "UT0O61787", "2029-09-08"),
    ("d03", Base::Licence, "DA SILVA", "JOÃO PEDRO", 'M', "1980-02-11", "PORTO NOVO", "DL2Z8S106", "2031-02-10"),
];

fn mrz_date(d: &str) -> MrzDate {
    let (y, m, dd) = ymd(d);
    MrzDate::Calendar(Date::new(y, m, dd))
}

fn years_before_plus_day(expiry: &str, years: i32) -> String {
    let (y, m, d) = ymd(expiry);
    // issue = expiry - years + 1 day (days kept simple: same month, day + 1 capped at 28)
    let (y2, m2, d2) = (y - years, m, d);
    if d2 >= 28 {
        if m2 == 12 {
            format!("{:04}-01-01", y2 + 1)
        } else {
            format!("{:04}-{:02}-01", y2, m2 + 1)
        }
    } else {
        format!("{:04}-{:02}-{:02}", y2, m2, d2 + 1)
    }
}

pub fn docs() -> Vec<Doc> {
    HOLDERS
        .iter()
        .enumerate()
        .map(
            |(i, &(key, base, surname, given, sex, dob, pob, number, expiry))| {
                let years = if base == Base::Licence { 15 } else { 10 };
                let issue = years_before_plus_day(expiry, years);
                let sx = if sex == 'F' { Sex::Female } else { Sex::Male };
                let mrz_lines: Vec<String> = match base {
                    Base::Passport => format_td3(&Td3Fields {
                        document_code: "P".into(),
                        issuing_country: "UTO".into(),
                        document_number: number.into(),
                        surname: surname.into(),
                        given_names: given.into(),
                        nationality: "UTO".into(),
                        date_of_birth: mrz_date(dob),
                        sex: sx,
                        date_of_expiry: mrz_date(expiry),
                        personal_number: None,
                    })
                    .lines()
                    .map(String::from)
                    .collect(),
                    Base::IdCard => format_td1(&Td1Fields {
                        document_code: "I".into(),
                        issuing_country: "UTO".into(),
                        document_number: number.into(),
                        optional_data_1: None,
                        surname: surname.into(),
                        given_names: given.into(),
                        nationality: "UTO".into(),
                        date_of_birth: mrz_date(dob),
                        sex: sx,
                        date_of_expiry: mrz_date(expiry),
                        optional_data_2: None,
                    })
                    .lines()
                    .map(String::from)
                    .collect(),
                    Base::Licence => vec![],
                };
                Doc {
                    key,
                    base,
                    surname: surname.into(),
                    given: given.into(),
                    sex,
                    dob: dob.into(),
                    pob: pob.into(),
                    number: number.into(),
                    issue,
                    expiry: expiry.into(),
                    skin: SKIN[(i * 3) % SKIN.len()],
                    hair: HAIR[(i * 7 + 1) % HAIR.len()],
                    mrz_lines,
                }
            },
        )
        .collect()
}

/// Name as carried in the MRZ, with spaces instead of fillers.
pub fn mrz_name(s: &str) -> String {
    encode_name_component(s).replace('<', " ")
}
