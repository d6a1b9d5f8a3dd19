//! What a search box query is, decided on the host before any request, and inscription ids.

/// A classified search query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchQuery {
    /// Nothing to search.
    Empty,
    /// A block height (`840000`, `840,000`).
    Height(u64),
    /// 64 hex digits, lower-cased: a block hash or a transaction id (the backend's search
    /// tells which).
    Hex64(String),
    /// An inscription id, `<txid>_<n>` (the backend's form) or `<txid>i<n>` (ord's form).
    Inscription(InscriptionId),
    /// Anything else: free text for `/api/search`.
    Text(String),
}

impl SearchQuery {
    /// The query as text again, as the search page takes it: the height's digits, the
    /// inscription's canonical id, the hex or the text; `""` for [`SearchQuery::Empty`].
    pub fn text(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Height(h) => h.to_string(),
            Self::Hex64(q) | Self::Text(q) => q.clone(),
            Self::Inscription(id) => id.canonical(),
        }
    }
}

/// An inscription id: the transaction and the payload's index in the backend's numbering
/// (`input_index`); `index: None` = "the first payload of this transaction".
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InscriptionId {
    pub txid: String,
    pub index: Option<u64>,
}

impl InscriptionId {
    /// Parses `<txid>_<n>`, `<txid>i<n>` or a bare `<txid>` (64 hex digits, any case).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if is_hex64(text) {
            return Some(Self {
                txid: text.to_ascii_lowercase(),
                index: None,
            });
        }
        let (txid, rest) = (text.get(..64)?, text.get(64..)?);
        let number = rest.strip_prefix('_').or_else(|| rest.strip_prefix('i'))?;
        if !is_hex64(txid) || number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Self {
            txid: txid.to_ascii_lowercase(),
            index: Some(number.parse().ok()?),
        })
    }

    /// The backend's id (`<txid>_<n>`), or the bare txid when the index is unknown.
    pub fn canonical(&self) -> String {
        match self.index {
            Some(n) => format!("{}_{n}", self.txid),
            None => self.txid.clone(),
        }
    }

    /// Whether a backend inscription (`tx_id`, `input_index`) is this one.
    pub fn matches(&self, tx_id: &str, input_index: i64) -> bool {
        tx_id.eq_ignore_ascii_case(&self.txid)
            && self
                .index
                .is_none_or(|n| u64::try_from(input_index).ok() == Some(n))
    }
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Classifies what was typed in the search box.
pub fn classify(query: &str) -> SearchQuery {
    let q = query.trim();
    if q.is_empty() {
        return SearchQuery::Empty;
    }
    if is_hex64(q) {
        return SearchQuery::Hex64(q.to_ascii_lowercase());
    }
    if let Some(id) = InscriptionId::parse(q) {
        return SearchQuery::Inscription(id);
    }
    if let Some(height) = parse_height(q) {
        return SearchQuery::Height(height);
    }
    SearchQuery::Text(q.to_owned())
}

/// `"840000"`, `"840,000"`, `"840_000"` → 840000. Separators only between digit groups of 3.
pub fn parse_height(text: &str) -> Option<u64> {
    let t = text.trim();
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'_')
    {
        return None;
    }
    let groups: Vec<&str> = t.split([',', '_']).collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    groups.concat().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TX: &str = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";

    #[test]
    fn classifies() {
        assert_eq!(classify("  "), SearchQuery::Empty);
        assert_eq!(classify("840000"), SearchQuery::Height(840_000));
        assert_eq!(classify("840,000"), SearchQuery::Height(840_000));
        assert_eq!(classify(" 0 "), SearchQuery::Height(0));
        assert_eq!(classify(TX), SearchQuery::Hex64(TX.into()));
        assert_eq!(classify(&TX.to_uppercase()), SearchQuery::Hex64(TX.into()));
        let id = InscriptionId {
            txid: TX.into(),
            index: Some(3),
        };
        assert_eq!(
            classify(&format!("{TX}_3")),
            SearchQuery::Inscription(id.clone())
        );
        assert_eq!(
            classify(&format!("{TX}i3")),
            SearchQuery::Inscription(id.clone())
        );
        assert_eq!(id.canonical(), format!("{TX}_3"));
        assert_eq!(
            classify("bitcoin wish"),
            SearchQuery::Text("bitcoin wish".into())
        );
        assert_eq!(classify("84,00"), SearchQuery::Text("84,00".into()));
        assert_eq!(
            classify("99999999999999999999999"),
            SearchQuery::Text("99999999999999999999999".into())
        );
        assert_eq!(
            classify(&format!("{TX}_")),
            SearchQuery::Text(format!("{TX}_"))
        );
        assert_eq!(
            classify(&format!("{TX}x3")),
            SearchQuery::Text(format!("{TX}x3"))
        );
        assert_eq!(classify("<script>"), SearchQuery::Text("<script>".into()));
    }

    #[test]
    fn queries_as_text_again() {
        assert_eq!(classify("  ").text(), "");
        assert_eq!(classify("840,000").text(), "840000");
        assert_eq!(classify(&TX.to_uppercase()).text(), TX);
        assert_eq!(classify(&format!("{TX}i3")).text(), format!("{TX}_3"));
        assert_eq!(classify(" moon  pixel ").text(), "moon  pixel");
    }

    #[test]
    fn ids_match_backend_items() {
        let id = InscriptionId::parse(&format!("{TX}_3")).unwrap();
        assert!(id.matches(&TX.to_uppercase(), 3));
        assert!(!id.matches(TX, 4));
        let any = InscriptionId::parse(TX).unwrap();
        assert!(any.matches(TX, 9));
        assert_eq!(any.canonical(), TX);
        assert_eq!(InscriptionId::parse("é".repeat(40).as_str()), None);
    }

    proptest! {
        #[test]
        fn heights_round_trip(n in any::<u64>()) {
            prop_assert_eq!(classify(&n.to_string()), SearchQuery::Height(n));
            prop_assert_eq!(classify(&crate::text::group_thousands(n)), SearchQuery::Height(n));
        }

        #[test]
        fn inscription_ids_round_trip(tx in "[0-9a-fA-F]{64}", n in any::<u64>(), ord_form in any::<bool>()) {
            let text = if ord_form { format!("{tx}i{n}") } else { format!("{tx}_{n}") };
            let id = InscriptionId::parse(&text).unwrap();
            prop_assert_eq!(&id.txid, &tx.to_ascii_lowercase());
            prop_assert_eq!(id.index, Some(n));
            prop_assert_eq!(InscriptionId::parse(&id.canonical()).unwrap(), id);
        }

        #[test]
        fn classify_never_panics(q in "\\PC{0,80}") {
            let _ = classify(&q);
        }
    }
}
