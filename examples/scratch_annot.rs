#[path = "../tests/common/fixtures.rs"]
mod fixtures;
fn main() {
    for p in std::env::args().skip(1) {
        let path = if p.starts_with('/') {
            std::path::PathBuf::from(&p)
        } else {
            fixtures::fixtures_dir().join(&p)
        };
        let l = fixtures::load(&path);
        let a = kyc_check::quality::assess(&l);
        for f in &a.findings {
            println!(
                "{:10} {:?} {} | {}",
                f.check,
                f.status,
                f.message,
                f.advice.clone().unwrap_or_default()
            );
        }
        let out = kyc_check::annotate::draw(&l.image, &a.marks);
        let out = image::imageops::thumbnail(
            &out,
            out.width() * 800 / out.width().max(out.height()),
            out.height() * 800 / out.width().max(out.height()),
        );
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        out.save(format!("/tmp/ann-{name}.png")).unwrap();
    }
}
