//! Which block the route selects, and what kind of view it gets.

/// What the selected height is, relative to the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Selected {
    /// `tip + 1`: the open contracts / wishes.
    Pending(u64),
    /// Height 0: the coinbase message.
    Genesis,
    /// A mined block: its inscriptions.
    Block(u64),
    /// Above the pending block: nothing there yet.
    Future(u64),
}

impl Selected {
    pub fn height(self) -> u64 {
        match self {
            Self::Pending(h) | Self::Block(h) | Self::Future(h) => h,
            Self::Genesis => 0,
        }
    }
}

/// Reads the `:height` route parameter: a height (`840000`, `840,000`) or `pending`
/// (= `tip + 1`, for links made without knowing the tip). `None` when absent or invalid,
/// or `pending` before the tip is known.
pub fn selected_height(param: Option<&str>, tip: Option<u64>) -> Option<u64> {
    let param = param?.trim();
    if param.eq_ignore_ascii_case("pending") {
        return tip.map(|t| t.saturating_add(1));
    }
    crate::text::query::parse_height(param)
}

/// The `:height` segment of a `/block/:height` path (under any base path), decoded loosely:
/// `"/explorer/block/12"` → `Some("12")`; `None` for other paths.
pub fn block_param(pathname: &str) -> Option<&str> {
    let (_, rest) = pathname.rsplit_once("/block/")?;
    let segment = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (!segment.is_empty()).then_some(segment)
}

/// Classifies a selected height against the tip.
pub fn classify(height: u64, tip: Option<u64>) -> Selected {
    match tip {
        _ if height == 0 => Selected::Genesis,
        Some(t) if height == t.saturating_add(1) => Selected::Pending(height),
        Some(t) if height > t.saturating_add(1) => Selected::Future(height),
        _ => Selected::Block(height),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn params() {
        assert_eq!(selected_height(Some("12"), None), Some(12));
        assert_eq!(selected_height(Some("1,000"), None), Some(1000));
        assert_eq!(selected_height(Some("pending"), Some(300)), Some(301));
        assert_eq!(selected_height(Some("pending"), None), None);
        assert_eq!(selected_height(Some("abc"), Some(1)), None);
        assert_eq!(selected_height(None, Some(1)), None);
    }

    #[test]
    fn block_params() {
        assert_eq!(block_param("/block/12"), Some("12"));
        assert_eq!(block_param("/explorer/block/pending"), Some("pending"));
        assert_eq!(block_param("/block/12/"), Some("12"));
        assert_eq!(block_param("/"), None);
        assert_eq!(block_param("/block/"), None);
        assert_eq!(block_param("/inscription/ab"), None);
    }

    #[test]
    fn kinds() {
        assert_eq!(classify(0, Some(300)), Selected::Genesis);
        assert_eq!(classify(301, Some(300)), Selected::Pending(301));
        assert_eq!(classify(300, Some(300)), Selected::Block(300));
        assert_eq!(classify(400, Some(300)), Selected::Future(400));
        assert_eq!(classify(5, None), Selected::Block(5));
    }

    proptest! {
        #[test]
        fn height_is_kept(h in any::<u64>(), tip in proptest::option::of(any::<u64>())) {
            prop_assert_eq!(classify(h, tip).height(), h);
        }
    }
}
