//! A QR code as one SVG path (pure, host-tested): the `qrcode` crate makes the module matrix,
//! and each run of dark modules in a row becomes one rectangle of the path, so the code is a
//! single `<path>` element whatever its size (no canvas, no markup from strings).

use qrcode::{Color, EcLevel, QrCode};

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

/// The QR code of `text` (error correction M: survives a smudged screen), or `None` when it is
/// too long for any QR version.
pub fn qr_path(text: &str) -> Option<QrPath> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let modules = code.width();
    let colors = code.to_colors();
    let mut d = String::new();
    for (y, row) in colors.chunks(modules).enumerate() {
        let mut x = 0;
        while x < modules {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < modules && row[x] == Color::Dark {
                x += 1;
            }
            let run = x - start;
            d.push_str(&format!(
                "M{} {}h{run}v1h-{run}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE
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
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap();
        let w = code.width();
        (0..w * w)
            .filter(|i| code.to_colors()[*i] == Color::Dark)
            .map(|i| (i % w + QUIET_ZONE, i / w + QUIET_ZONE))
            .collect()
    }

    #[test]
    fn a_known_input_has_the_known_size() {
        // "HELLO WORLD" fits version 1 (21 modules) at level M
        let qr = qr_path("HELLO WORLD").unwrap();
        assert_eq!(qr.modules, 21);
        assert_eq!(qr.size(), 29);
        // this 32-hex text is 32 bytes (lower case is not QR alphanumeric; its digit runs are too
        // short for numeric segments): version 3, 29 modules
        assert_eq!(qr_path(&"9f1c".repeat(8)).unwrap().modules, 29);
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
