//! The Starlight alpha scheme, as the Go backend's native scanner reads and writes it
//! (`backend/stego/alpha.go`, used by `starlight/alpha_scanner.go`): the payload is `AI42`, the
//! message bytes and a NUL, written bit by bit into the least significant bit of each pixel's
//! alpha, pixels in row order, the bits of each byte least significant first. Reading takes the
//! alpha bits of at most the first 1,000,000 pixels, checks the prefix and reads whole bytes up
//! to the first NUL on a byte boundary; no prefix or no NUL is "no message".
//!
//! Images are decoded by the `image` crate with the decoders Go's `image.Decode` has in the
//! backend (PNG, GIF, JPEG, BMP, WebP). A 16-bit alpha is read as its high byte, as Go's
//! `color.RGBA()` then `>> 8` does.

pub mod corpus;

use std::io::Cursor;

use ::image::{DynamicImage, GenericImageView, ImageError, ImageReader};

/// The payload's prefix (`AlphaPrefix`).
pub const PREFIX: &[u8; 4] = b"AI42";
/// Bits read at most (`maxBits` of `ExtractAlpha`).
pub const MAX_BITS: usize = 1_000_000;

/// `EmbedAlpha`'s refusal: the image has fewer pixels than the payload has bits.
#[derive(Debug, PartialEq, Eq)]
pub struct TooSmall;

/// Writes `message` into the alpha bits of `rgba` (8-bit RGBA, 4 bytes a pixel).
pub fn embed(rgba: &mut [u8], message: &[u8]) -> Result<(), TooSmall> {
    let payload: Vec<u8> = PREFIX
        .iter()
        .chain(message)
        .chain(std::iter::once(&0))
        .copied()
        .collect();
    if payload.len() * 8 > rgba.len() / 4 {
        return Err(TooSmall);
    }
    let bits = payload
        .iter()
        .flat_map(|b| (0..8).map(move |i| (b >> i) & 1));
    for (pixel, bit) in rgba.chunks_exact_mut(4).zip(bits) {
        pixel[3] = (pixel[3] & 0xFE) | bit;
    }
    Ok(())
}

/// The message in the alpha bits of an image of `pixels` pixels, given its alphas in row
/// order; `None` when there is none or it is empty (`ExtractAlpha` answering `nil, nil`).
pub fn extract(pixels: usize, alphas: impl Iterator<Item = u8>) -> Option<Vec<u8>> {
    if pixels < (PREFIX.len() + 1) * 8 {
        return None;
    }
    let bits: Vec<u8> = alphas.take(pixels.min(MAX_BITS)).map(|a| a & 1).collect();
    let mut bytes = bits
        .chunks_exact(8)
        .map(|c| c.iter().enumerate().fold(0u8, |b, (i, bit)| b | (bit << i)));
    if !PREFIX.iter().all(|p| bytes.next() == Some(*p)) {
        return None;
    }
    let mut message = Vec::new();
    for b in bytes {
        if b == 0 {
            // Go's payload is a nil slice until a byte is appended: an empty message is none.
            return (!message.is_empty()).then_some(message);
        }
        message.push(b);
    }
    None
}

/// Why an image could not be read: Go's `image.Decode` errors, as `fmt` prints them.
pub fn decode_error(e: &ImageError) -> String {
    match e {
        ImageError::Unsupported(_) => "image: unknown format".to_owned(),
        other => other.to_string(),
    }
}

/// Decodes `bytes` as Go's `image.Decode` would pick a decoder (by the signature).
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .decode()
        .map_err(|e| decode_error(&e))
}

/// The alpha of pixel (`x`, `y`) as Go reads it (8 bits; a 16-bit alpha's high byte).
fn alpha(img: &DynamicImage, x: u32, y: u32) -> u8 {
    match img {
        DynamicImage::ImageRgba16(b) => (b.get_pixel(x, y)[3] >> 8) as u8,
        DynamicImage::ImageLumaA16(b) => (b.get_pixel(x, y)[1] >> 8) as u8,
        other => other.get_pixel(x, y)[3],
    }
}

/// `AlphaScanner.ExtractMessage` on a decoded image: the message, if any.
pub fn extract_from_image(img: &DynamicImage) -> Option<Vec<u8>> {
    let (w, h) = img.dimensions();
    let pixels = w as usize * h as usize;
    let alphas = (0..pixels.min(MAX_BITS)).map(|i| {
        let i = i as u32;
        alpha(img, i % w, i / w)
    });
    extract(pixels, alphas)
}

/// An 8-bit RGBA image encoded as PNG (lossless, so the alpha bits survive).
pub fn encode_png(width: u32, height: u32, rgba: Vec<u8>) -> Vec<u8> {
    let img = ::image::RgbaImage::from_raw(width, height, rgba).expect("the buffer fits the size");
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ::image::ImageFormat::Png)
        .expect("PNG encoding into memory does not fail");
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opaque(pixels: usize) -> Vec<u8> {
        (0..pixels).flat_map(|i| [i as u8, 7, 200, 255]).collect()
    }

    #[test]
    fn embed_then_extract_through_a_png() {
        let mut rgba = opaque(32 * 32);
        embed(&mut rgba, "héllo <b>".as_bytes()).unwrap();
        let png = encode_png(32, 32, rgba);
        let img = decode(&png).unwrap();
        assert_eq!(extract_from_image(&img).unwrap(), "héllo <b>".as_bytes());
    }

    #[test]
    fn the_bits_are_gos_lsb_first_alpha_bits() {
        let mut rgba = opaque(64);
        embed(&mut rgba, b"").unwrap();
        let bits: Vec<u8> = rgba.chunks(4).map(|p| p[3] & 1).collect();
        // 'A' = 0x41 = 0b0100_0001: bit 0 first.
        assert_eq!(&bits[..8], &[1, 0, 0, 0, 0, 0, 1, 0]);
        // '4' = 0x34, '2' = 0x32, then the NUL.
        assert_eq!(&bits[16..24], &[0, 0, 1, 0, 1, 1, 0, 0]);
        assert_eq!(&bits[32..40], &[0; 8]);
        // Only the alpha's lowest bit changes; colours stay.
        assert!(rgba.chunks(4).all(|p| p[3] >= 254 && p[1] == 7));
    }

    #[test]
    fn no_prefix_no_terminator_or_too_few_pixels_is_no_message() {
        assert_eq!(extract(64, std::iter::repeat(255)), None);
        let mut rgba = opaque(48);
        embed(&mut rgba, b"a").unwrap();
        assert_eq!(
            extract(48, rgba.chunks(4).map(|p| p[3])),
            Some(b"a".to_vec())
        );
        assert_eq!(extract(39, rgba.chunks(4).map(|p| p[3])), None);
        // An empty message is no message (Go's nil payload).
        let mut rgba = opaque(40);
        embed(&mut rgba, b"").unwrap();
        assert_eq!(extract(40, rgba.chunks(4).map(|p| p[3])), None);
        let mut rgba = opaque(64);
        embed(&mut rgba, b"abc").unwrap();
        // Cut before the NUL: no terminator.
        let alphas: Vec<u8> = rgba.chunks(4).map(|p| p[3]).take(56).collect();
        assert_eq!(extract(56, alphas.into_iter()), None);
    }

    #[test]
    fn a_message_larger_than_the_image_is_refused() {
        let mut rgba = opaque(47);
        assert_eq!(embed(&mut rgba, b"a"), Err(TooSmall));
        let mut rgba = opaque(48);
        assert_eq!(embed(&mut rgba, b"a"), Ok(()));
    }

    #[test]
    fn undecodable_bytes_say_what_go_says() {
        assert_eq!(
            decode(b"not an image").unwrap_err(),
            "image: unknown format"
        );
        assert!(decode(&crate::png::SIGNATURE).is_err());
        // An RGB PNG has an opaque alpha everywhere: no message.
        let img = decode(&crate::png::pattern(16, 16, 1, 9)).unwrap();
        assert_eq!(extract_from_image(&img), None);
    }
}
