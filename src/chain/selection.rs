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
    /// What the selected `height` is, against the tip.
    pub fn at(height: u64, tip: Option<u64>) -> Self {
        match tip {
            _ if height == 0 => Self::Genesis,
            Some(t) if height == t.saturating_add(1) => Self::Pending(height),
            Some(t) if height > t.saturating_add(1) => Self::Future(height),
            _ => Self::Block(height),
        }
    }

    pub fn height(self) -> u64 {
        match self {
            Self::Pending(h) | Self::Block(h) | Self::Future(h) => h,
            Self::Genesis => 0,
        }
    }
}

/// Reads the `:height` route parameter: a height (`840000`, `840,000`), `pending`
/// (= `tip + 1`, for links made without knowing the tip) or `latest` (= the tip, as the old
/// frontend's `/block/latest`). `None` when absent or invalid, or a word before the tip is
/// known.
pub fn selected_height(param: Option<&str>, tip: Option<u64>) -> Option<u64> {
    let param = param?.trim();
    if param.eq_ignore_ascii_case("pending") {
        return tip.map(|t| t.saturating_add(1));
    }
    if param.eq_ignore_ascii_case("latest") {
        return tip;
    }
    crate::text::query::parse_height(param)
}

/// What the explorer's path selects: the `:height` of `/block/:height`, else (`/`) the
/// pending block, so the first screen shows the open wishes without a click.
pub fn explorer_param(pathname: &str) -> &str {
    block_param(pathname).unwrap_or("pending")
}

/// The `:height` segment of a `/block/:height` path (under any base path), decoded loosely:
/// `"/explorer/block/12"` → `Some("12")`; `None` for other paths.
pub fn block_param(pathname: &str) -> Option<&str> {
    let (_, rest) = pathname.rsplit_once("/block/")?;
    let segment = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (!segment.is_empty()).then_some(segment)
}

/// Reads the jump box: a height at most the pending block's.
pub fn jump_target(text: &str, tip: Option<u64>) -> Result<u64, String> {
    let height = crate::text::query::parse_height(text.trim())
        .ok_or_else(|| format!("“{}” is not a block height.", text.trim()))?;
    match tip {
        Some(tip) if height > tip + 1 => Err(format!(
            "Block {} is not mined yet: the next block is {}.",
            crate::text::group_thousands(height),
            crate::text::group_thousands(tip + 1)
        )),
        None => Err("The chain is still loading.".to_owned()),
        _ => Ok(height),
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
        assert_eq!(selected_height(Some("latest"), Some(300)), Some(300));
        assert_eq!(selected_height(Some("Latest"), None), None);
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
        assert_eq!(explorer_param("/explorer/"), "pending");
        assert_eq!(explorer_param("/explorer/block/7"), "7");
        assert_eq!(explorer_param("/explorer/pending"), "pending");
    }

    #[test]
    fn jump_box() {
        assert_eq!(jump_target(" 840,000 ", Some(900_000)), Ok(840_000));
        assert_eq!(jump_target("900001", Some(900_000)), Ok(900_001));
        assert!(jump_target("900002", Some(900_000))
            .unwrap_err()
            .contains("not mined yet: the next block is 900,001"));
        assert!(jump_target("abc", Some(1))
            .unwrap_err()
            .contains("not a block height"));
        assert!(jump_target("5", None).is_err());
    }

    #[test]
    fn kinds() {
        assert_eq!(Selected::at(0, Some(300)), Selected::Genesis);
        assert_eq!(Selected::at(301, Some(300)), Selected::Pending(301));
        assert_eq!(Selected::at(300, Some(300)), Selected::Block(300));
        assert_eq!(Selected::at(400, Some(300)), Selected::Future(400));
        assert_eq!(Selected::at(5, None), Selected::Block(5));
    }

    proptest! {
        #[test]
        fn height_is_kept(h in any::<u64>(), tip in proptest::option::of(any::<u64>())) {
            prop_assert_eq!(Selected::at(h, tip).height(), h);
        }
    }
}
