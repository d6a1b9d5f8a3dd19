//! Image formats by their magic bytes: what the Go backend's decoders accept for the alpha
//! steganography (PNG, BMP, WebP) and what `/uploads` announces.

/// An image format recognised by its signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Png,
    Bmp,
    Webp,
    Jpeg,
    Gif,
}

impl Format {
    /// Sniffs the format from the first bytes (as Go's `image.Decode` picks a decoder).
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(&crate::png::SIGNATURE) {
            Some(Format::Png)
        } else if bytes.starts_with(b"BM") {
            Some(Format::Bmp)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Format::Webp)
        } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            Some(Format::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Format::Gif)
        } else {
            None
        }
    }

    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Bmp => "image/bmp",
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Gif => "image/gif",
        }
    }

    /// Can the backend's native alpha steganography embed into it (it has a Go decoder)?
    pub fn alpha_embeddable(self) -> bool {
        matches!(self, Format::Png | Format::Bmp | Format::Webp)
    }
}

/// The image a wish gets when none is sent (the backend uses `assets/quantum_lattice.png`).
pub fn placeholder() -> Vec<u8> {
    crate::png::pattern(32, 32, 2, crate::chain::SEED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_signatures() {
        assert_eq!(Format::sniff(&placeholder()), Some(Format::Png));
        assert_eq!(Format::sniff(b"BM\0\0"), Some(Format::Bmp));
        assert_eq!(Format::sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(Format::Webp));
        assert_eq!(Format::sniff(&[0xff, 0xd8, 0xff, 0xe0]), Some(Format::Jpeg));
        assert_eq!(Format::sniff(b"GIF89a"), Some(Format::Gif));
        assert_eq!(Format::sniff(b"<svg"), None);
        assert!(!Format::Jpeg.alpha_embeddable() && Format::Webp.alpha_embeddable());
    }
}
