//! A QR code as one SVG path (pure, host-tested): `qrcodegen` makes the module matrix,
//! and each run of dark modules in a row becomes one rectangle of the path, so the code is a
//! single `<path>` element whatever its size (no canvas, no markup from strings).

use qrcodegen::{QrCode, QrCodeEcc};

/// Light modules around the code, as the QR specification asks (4).
pub const QUIET_ZONE: usize = 4;

/// A QR code ready for `<svg viewBox="0 0 {size} {size}"><path d={d}/></svg>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrPath {
    /// Modules per side of the code itself (21 for version 1, +4 per version).
    pub modules: usize,
    /// The path of the dark modules, offset by the quiet zone.
    pub d: String,
}

impl QrPath {
    /// The side of the view box: the code and its quiet zone.
    pub fn size(&self) -> usize {
        self.modules + 2 * QUIET_ZONE
    }
}

/// The QR code of `text` (error correction at least M: survives a smudged screen; the encoder
/// raises it when the same size allows), or `None` when it is too long for any QR version.
pub fn qr_path(text: &str) -> Option<QrPath> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let modules = usize::try_from(code.size()).ok()?;
    let mut d = String::new();
    for y in 0..code.size() {
        let mut x = 0;
        while x < code.size() {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while code.get_module(x, y) {
                x += 1;
            }
            let run = x - start;
            d.push_str(&format!(
                "M{} {}h{run}v1h-{run}z",
                start as usize + QUIET_ZONE,
                y as usize + QUIET_ZONE
            ));
        }
    }
    Some(QrPath { modules, d })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    /// The dark cells a path draws (reads back what [`qr_path`] writes).
    fn cells(d: &str) -> BTreeSet<(usize, usize)> {
        let mut out = BTreeSet::new();
        for rect in d.split('M').filter(|r| !r.is_empty()) {
            let (xy, rest) = rect.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let run: usize = rest.split_once('v').unwrap().0.parse().unwrap();
            assert!(rest.ends_with(&format!("v1h-{run}z")), "{rect}");
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            for dx in 0..run {
                assert!(out.insert((x + dx, y)), "cell drawn twice in {rect}");
            }
        }
        out
    }

    fn matrix_cells(text: &str) -> BTreeSet<(usize, usize)> {
        let code = QrCode::encode_text(text, QrCodeEcc::Medium).unwrap();
        let w = code.size();
        (0..w * w)
            .filter(|i| code.get_module(i % w, i / w))
            .map(|i| ((i % w) as usize + QUIET_ZONE, (i / w) as usize + QUIET_ZONE))
            .collect()
    }

    #[test]
    fn a_known_input_has_the_known_size() {
        // "HELLO WORLD" fits version 1 (21 modules) at level M
        let qr = qr_path("HELLO WORLD").unwrap();
        assert_eq!(qr.modules, 21);
        assert_eq!(qr.size(), 29);
        // a 32-hex nonce is 32 bytes (lower case is not QR alphanumeric): version 3, 29 modules;
        // all digits would be numeric: version 1
        assert_eq!(qr_path(&"9f1c".repeat(8)).unwrap().modules, 29);
        assert_eq!(qr_path(&"1234".repeat(8)).unwrap().modules, 21);
    }

    #[test]
    fn the_finder_patterns_are_drawn() {
        let drawn = cells(&qr_path("HELLO WORLD").unwrap().d);
        let q = QUIET_ZONE;
        // top-left finder: a 7×7 dark ring around a light ring around a 3×3 dark centre
        for i in 0..7 {
            assert!(drawn.contains(&(q + i, q)) && drawn.contains(&(q, q + i)));
            assert!(drawn.contains(&(q + i, q + 6)) && drawn.contains(&(q + 6, q + i)));
        }
        assert!(!drawn.contains(&(q + 1, q + 1)));
        assert!(drawn.contains(&(q + 3, q + 3)));
        // nothing in the quiet zone
        assert!(drawn
            .iter()
            .all(|&(x, y)| x >= q && y >= q && x < q + 21 && y < q + 21));
    }

    #[test]
    fn too_long_for_any_version_is_none() {
        assert_eq!(qr_path(&"x".repeat(5000)), None);
    }

    proptest! {
        /// The path draws exactly the dark modules of the matrix, each once.
        #[test]
        fn the_path_is_the_matrix(text in "[ -~]{0,60}") {
            let qr = qr_path(&text).unwrap();
            prop_assert_eq!(cells(&qr.d), matrix_cells(&text));
        }
    }
}
