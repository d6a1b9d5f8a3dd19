//! A tiny PNG encoder (8-bit RGB, no interlace) so that the image inscriptions and the wish images
//! are real PNG files that any browser decodes, without pulling in an image crate.

/// The eight-byte PNG signature.
pub const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// Encodes `width × height` RGB pixels (`rgb.len() == width * height * 3`) as a PNG file.
pub fn encode_rgb(width: u32, height: u32, rgb: &[u8]) -> Vec<u8> {
    assert_eq!(
        rgb.len(),
        width as usize * height as usize * 3,
        "pixel buffer size"
    );
    let mut raw = Vec::with_capacity(rgb.len() + height as usize);
    for row in rgb.chunks(width as usize * 3) {
        raw.push(0); // filter type None
        raw.extend_from_slice(row);
    }
    let mut out = SIGNATURE.to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // bit depth 8, colour type RGB, deflate, filter 0, no interlace
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 9),
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// A deterministic picture chosen by `style` (gradient, checkerboard, rings, stripes) in the
/// colours derived from `seed`.
pub fn pattern(width: u32, height: u32, style: u8, seed: u64) -> Vec<u8> {
    let c1 = [
        (seed >> 8) as u8 | 0x20,
        (seed >> 16) as u8,
        (seed >> 24) as u8 | 0x40,
    ];
    let c2 = [
        (seed >> 32) as u8,
        (seed >> 40) as u8 | 0x80,
        (seed >> 48) as u8,
    ];
    let mut px = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height {
        for x in 0..width {
            let pick = match style % 4 {
                0 => {
                    let t = ((x + y) * 255 / (width + height).max(1)) as u8;
                    px.extend_from_slice(&[
                        lerp(c1[0], c2[0], t),
                        lerp(c1[1], c2[1], t),
                        lerp(c1[2], c2[2], t),
                    ]);
                    continue;
                }
                1 => ((x / 4) + (y / 4)) % 2 == 0,
                2 => {
                    let dx = x as i64 - width as i64 / 2;
                    let dy = y as i64 - height as i64 / 2;
                    (((dx * dx + dy * dy) as f64).sqrt() as u32 / 3).is_multiple_of(2)
                }
                _ => (x * 2 + y) / 5 % 2 == 0,
            };
            px.extend_from_slice(if pick { &c1 } else { &c2 });
        }
    }
    encode_rgb(width, height, &px)
}

fn lerp(a: u8, b: u8, t: u8) -> u8 {
    ((a as u32 * (255 - t as u32) + b as u32 * t as u32) / 255) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_structure_is_valid() {
        let png = pattern(16, 8, 2, 0xdead_beef_cafe_f00d);
        assert_eq!(&png[..8], &SIGNATURE);
        // IHDR length 13, then the tag.
        assert_eq!(&png[8..16], &[0, 0, 0, 13, b'I', b'H', b'D', b'R']);
        assert_eq!(&png[16..20], &16u32.to_be_bytes());
        assert_eq!(&png[20..24], &8u32.to_be_bytes());
        // The IDAT inflates back to height rows of 1 + width*3 bytes.
        let idat_len = u32::from_be_bytes(png[33..37].try_into().unwrap()) as usize;
        assert_eq!(&png[37..41], b"IDAT");
        let raw = miniz_oxide::inflate::decompress_to_vec_zlib(&png[41..41 + idat_len]).unwrap();
        assert_eq!(raw.len(), 8 * (1 + 16 * 3));
        // CRC of IHDR.
        let crc = crc32fast::hash(&png[12..29]);
        assert_eq!(&png[29..33], &crc.to_be_bytes());
        assert!(png.ends_with(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82]));
    }
}
