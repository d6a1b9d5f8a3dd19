//! PURE: a PNG's metadata removed before it is inscribed (forever, for anyone to read).
//!
//! A PNG is a signature and a run of chunks (`length`, `type`, `data`, `CRC`). [`strip_metadata`]
//! copies the chunks that draw the image, byte for byte (their CRCs stay valid), and drops the
//! rest: `eXIf` (camera, GPS position), `tEXt`/`iTXt`/`zTXt` (author, software, comments, any
//! text), `tIME` (when it was last changed), any chunk it does not know (a private chunk can
//! carry anything), and whatever follows `IEND`. Kept: the critical chunks (`IHDR`, `PLTE`,
//! `IDAT`, `IEND`) and the ancillary ones that change how the pixels look or move: colour
//! (`cHRM`, `gAMA`, `iCCP`, `sRGB`, `sBIT`, `cICP`, `mDCv`, `cLLi`), transparency (`tRNS`),
//! background, histogram and suggested palette (`bKGD`, `hIST`, `sPLT`), pixel size (`pHYs`) and
//! animation (`acTL`, `fcTL`, `fdAT`). Chunk copying, not re-encoding: the image is the same
//! pixels, and no PNG encoder is needed in the bundle for it.

/// The chunk types kept besides the critical ones.
const KEPT_ANCILLARY: [&[u8; 4]; 15] = [
    b"cHRM", b"gAMA", b"iCCP", b"sRGB", b"sBIT", b"cICP", b"mDCv", b"cLLi", b"tRNS", b"bKGD",
    b"hIST", b"sPLT", b"pHYs", b"acTL", b"fcTL",
];
/// `fdAT`: an animation frame's pixel data (ancillary by its name's case).
const FRAME_DATA: &[u8; 4] = b"fdAT";
const CRITICAL: [&[u8; 4]; 4] = [b"IHDR", b"PLTE", b"IDAT", b"IEND"];
const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// A PNG without its metadata, and the types of the chunks removed (each once, in order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stripped {
    pub png: Vec<u8>,
    pub removed: Vec<String>,
}

/// The error for a PNG whose chunks cannot be walked.
pub const DAMAGED: &str = "This PNG file is damaged.";

/// Copies `png` without its metadata (see the module). Errors on a file that is not a PNG, a
/// chunk that runs past the end, or a missing `IHDR` or `IEND`.
pub fn strip_metadata(png: &[u8]) -> Result<Stripped, String> {
    let body = png.strip_prefix(SIGNATURE).ok_or(DAMAGED)?;
    let mut out = Vec::with_capacity(png.len());
    out.extend_from_slice(SIGNATURE);
    let mut removed: Vec<String> = Vec::new();
    let mut rest = body;
    let mut first = true;
    loop {
        let (chunk, kind, next) = split_chunk(rest).ok_or(DAMAGED)?;
        if first && kind != b"IHDR" {
            return Err(DAMAGED.into());
        }
        first = false;
        if kept(kind) {
            out.extend_from_slice(chunk);
        } else {
            let name = String::from_utf8_lossy(kind).into_owned();
            if !removed.contains(&name) {
                removed.push(name);
            }
        }
        if kind == b"IEND" {
            return Ok(Stripped { png: out, removed });
        }
        rest = next;
    }
}

/// The first chunk of `bytes` (all of it, CRC included), its type, and what follows.
fn split_chunk(bytes: &[u8]) -> Option<(&[u8], &[u8; 4], &[u8])> {
    let length = u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?);
    let end = usize::try_from(length).ok()?.checked_add(12)?;
    let kind: &[u8; 4] = bytes.get(4..8)?.try_into().ok()?;
    if !kind.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let chunk = bytes.get(..end)?;
    Some((chunk, kind, &bytes[end..]))
}

fn kept(kind: &[u8; 4]) -> bool {
    CRITICAL.contains(&kind) || KEPT_ANCILLARY.contains(&kind) || kind == FRAME_DATA
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chunk with a CRC (not checked by the filter; copied as it is).
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
        c
    }

    fn png(chunks: &[Vec<u8>]) -> Vec<u8> {
        let mut bytes = SIGNATURE.to_vec();
        for c in chunks {
            bytes.extend_from_slice(c);
        }
        bytes
    }

    fn ihdr() -> Vec<u8> {
        chunk(b"IHDR", &[0, 0, 0, 2, 0, 0, 0, 3, 8, 6, 0, 0, 0])
    }

    #[test]
    fn metadata_is_removed_and_the_image_kept_byte_for_byte() {
        let image = [
            ihdr(),
            chunk(b"gAMA", &[0, 0, 0xb1, 0x8f]),
            chunk(b"iCCP", b"sRGB\0\0xyz"),
            chunk(b"PLTE", &[1, 2, 3]),
            chunk(b"tRNS", &[0]),
            chunk(b"pHYs", &[0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1]),
            chunk(b"IDAT", b"pixels-1"),
            chunk(b"IDAT", b"pixels-2"),
        ];
        let metadata = [
            chunk(b"eXIf", b"MM\0*GPS 51.5N 0.1W"),
            chunk(b"tEXt", b"Author\0Jane Doe"),
            chunk(b"iTXt", b"Comment\0\0\0en\0\0home address"),
            chunk(b"zTXt", b"Software\0\0x\x9c"),
            chunk(b"tIME", &[7, 234, 12, 7, 12, 0, 0]),
            chunk(b"prVt", b"a private chunk"),
        ];
        let mut all: Vec<Vec<u8>> = vec![image[0].clone(), metadata[0].clone()];
        all.extend(image[1..4].iter().cloned());
        all.push(metadata[1].clone());
        all.extend(image[4..].iter().cloned());
        all.extend(metadata[2..].iter().cloned());
        all.push(chunk(b"tEXt", b"again"));
        all.push(chunk(b"IEND", b""));
        let mut input = png(&all);
        input.extend_from_slice(b"appended after IEND");

        let out = strip_metadata(&input).expect("a PNG");
        let mut expected: Vec<Vec<u8>> = image.to_vec();
        expected.push(chunk(b"IEND", b""));
        assert_eq!(out.png, png(&expected));
        assert_eq!(
            out.removed,
            ["eXIf", "tEXt", "iTXt", "zTXt", "tIME", "prVt"]
        );
        for needle in [&b"GPS"[..], b"Jane", b"home", b"Software", b"appended"] {
            assert!(!out.png.windows(needle.len()).any(|w| w == needle));
        }
    }

    #[test]
    fn an_animated_png_keeps_its_frames() {
        let input = png(&[
            ihdr(),
            chunk(b"acTL", &[0, 0, 0, 2, 0, 0, 0, 0]),
            chunk(b"fcTL", &[0; 26]),
            chunk(b"IDAT", b"frame-1"),
            chunk(b"fcTL", &[1; 26]),
            chunk(b"fdAT", b"frame-2"),
            chunk(b"IEND", b""),
        ]);
        let out = strip_metadata(&input).expect("a PNG");
        assert_eq!(out.png, input);
        assert!(out.removed.is_empty());
    }

    #[test]
    fn damaged_files_are_refused() {
        let whole = png(&[ihdr(), chunk(b"IDAT", b"x"), chunk(b"IEND", b"")]);
        assert!(strip_metadata(&whole).is_ok());
        // cut anywhere before the end of IEND
        for cut in 0..whole.len() {
            assert_eq!(
                strip_metadata(&whole[..cut]),
                Err(DAMAGED.into()),
                "cut at {cut}"
            );
        }
        // not a PNG; IHDR not first; a length past the end; a type that is not letters
        assert!(strip_metadata(b"GIF89a....").is_err());
        assert!(strip_metadata(&png(&[chunk(b"IDAT", b"x"), ihdr()])).is_err());
        let mut huge = png(&[ihdr()]);
        huge.extend_from_slice(&u32::MAX.to_be_bytes());
        huge.extend_from_slice(b"IDAT");
        assert!(strip_metadata(&huge).is_err());
        assert!(strip_metadata(&png(&[ihdr(), chunk(b"ID\0T", b"")])).is_err());
    }
}
