//! Hostile PNGs built in memory: zlib streams of any length are compressed as they are made,
//! never held whole (a 1 GiB profile becomes a 1 MB file).

use std::io::Write;

pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
    out
}

/// zlib-compresses `total` zero bytes, `row` bytes at a time, each row led by `lead`.
pub fn zlib_zeros(total_rows: usize, row: usize, lead: Option<u8>) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let mut buf = vec![0u8; row + lead.is_some() as usize];
    if let Some(l) = lead {
        buf[0] = l;
    }
    for _ in 0..total_rows {
        z.write_all(&buf).unwrap();
    }
    z.finish().unwrap()
}

pub fn png(
    width: u32,
    height: u32,
    depth: u8,
    color: u8,
    extra: &[Vec<u8>],
    idat: &[u8],
) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[depth, color, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(png_chunk(b"IHDR", &ihdr));
    for c in extra {
        out.extend_from_slice(c);
    }
    out.extend(png_chunk(b"IDAT", idat));
    out.extend(png_chunk(b"IEND", b""));
    out
}

/// A 64×64 RGB PNG whose iCCP colour profile inflates to 1 GiB (a 1 MB file).
pub fn iccp_bomb() -> Vec<u8> {
    let mut iccp = b"icc\0\0".to_vec();
    iccp.extend(zlib_zeros(1024, 1024 * 1024, None));
    let idat = zlib_zeros(64, 64 * 3, Some(0));
    png(64, 64, 8, 2, &[png_chunk(b"iCCP", &iccp)], &idat)
}

/// A 16-bit RGBA PNG of 11999×8999 (840 KB): 864 MB of pixels once decoded.
pub fn sixteen_bit_giant() -> Vec<u8> {
    let idat = zlib_zeros(8999, 11999 * 8, Some(0));
    png(11999, 8999, 16, 6, &[], &idat)
}
