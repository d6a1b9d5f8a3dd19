//! The inscription grid's model, pure: the inscriptions loaded so far for one filter, the
//! cursor of the next page, and what the next request is. Answers carry the request they
//! answer, so an answer for another filter is ignored here, whatever order they arrive in.

use stargate_api::{BlockInscription, BlockInscriptionsPage};

/// One page request of a block's inscriptions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageKey {
    /// Images only (`filter=image`).
    pub images_only: bool,
    /// The backend's offset cursor; `None` = the first page.
    pub cursor: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct InscriptionList {
    images_only: bool,
    pub items: Vec<BlockInscription>,
    /// The next page's cursor, when the backend says there is one.
    pub next: Option<String>,
    /// At least one answer arrived for this filter.
    pub answered: bool,
}

/// The stored "Hide text" preference: `"1"` hides text inscriptions; anything else (or
/// nothing) shows every inscription, the default: the previews are inert text, and hiding them
/// by default would make most blocks look empty (docs/adr/0030).
pub fn images_only_from_stored(value: Option<&str>) -> bool {
    value.map(str::trim) == Some("1")
}

/// The value stored for a choice (read back by [`images_only_from_stored`]).
pub fn images_only_to_stored(images_only: bool) -> &'static str {
    if images_only {
        "1"
    } else {
        "0"
    }
}

impl InscriptionList {
    /// An empty list for a filter; its first request is [`Self::first_page`].
    pub fn new(images_only: bool) -> Self {
        Self {
            images_only,
            ..Self::default()
        }
    }

    pub fn images_only(&self) -> bool {
        self.images_only
    }

    pub fn first_page(&self) -> PageKey {
        PageKey {
            images_only: self.images_only,
            cursor: None,
        }
    }

    /// The request for the page after the loaded ones, if there is one.
    pub fn next_page(&self) -> Option<PageKey> {
        self.next.clone().map(|cursor| PageKey {
            images_only: self.images_only,
            cursor: Some(cursor),
        })
    }

    /// Nothing to show and nothing more to ask for.
    pub fn is_empty(&self) -> bool {
        self.answered && self.items.is_empty() && self.next.is_none()
    }

    /// Merges the answer to `key`. `None` is the backend's 404 (nothing indexed for the block).
    /// An answer for another filter is ignored; an item seen before is not added twice (the
    /// offset cursor repeats items when the block's list changed between pages).
    pub fn apply(&mut self, key: &PageKey, page: Option<BlockInscriptionsPage>) {
        if key.images_only != self.images_only {
            return;
        }
        if key.cursor.is_none() {
            self.items.clear();
        }
        self.answered = true;
        let Some(page) = page else {
            self.next = None;
            return;
        };
        for ins in page.inscriptions.unwrap_or_default() {
            if !self.items.iter().any(|i| i.id == ins.id) {
                self.items.push(ins);
            }
        }
        // A cursor that does not move would ask for the same page forever.
        self.next = page
            .next_cursor
            .filter(|c| page.has_more && !c.is_empty() && Some(c) != key.cursor.as_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hide_text_is_remembered_and_off_by_default() {
        assert!(!images_only_from_stored(None));
        assert!(!images_only_from_stored(Some("0")));
        assert!(!images_only_from_stored(Some("yes")));
        for choice in [true, false] {
            assert_eq!(
                images_only_from_stored(Some(images_only_to_stored(choice))),
                choice
            );
        }
    }

    fn page(ids: &[&str], next: Option<&str>, has_more: bool) -> BlockInscriptionsPage {
        let inscriptions: Vec<_> = ids
            .iter()
            .map(|id| {
                json!({"id": id, "tx_id": "ab", "input_index": 0, "content_type": "text/plain",
                       "size_bytes": 1, "block_height": 5})
            })
            .collect();
        serde_json::from_value(json!({
            "block_height": 5, "inscriptions": inscriptions, "total": 9,
            "next_cursor": next, "has_more": has_more,
        }))
        .unwrap()
    }

    fn ids(list: &InscriptionList) -> Vec<&str> {
        list.items.iter().map(|i| i.id.as_str()).collect()
    }

    #[test]
    fn pages_add_up_without_repeats() {
        let mut list = InscriptionList::new(false);
        let first = list.first_page();
        list.apply(&first, Some(page(&["a", "b"], Some("2"), true)));
        assert_eq!(ids(&list), ["a", "b"]);
        let second = list.next_page().unwrap();
        assert_eq!(second.cursor.as_deref(), Some("2"));
        list.apply(&second, Some(page(&["b", "c"], Some("4"), false)));
        assert_eq!(ids(&list), ["a", "b", "c"]);
        assert_eq!(list.next_page(), None, "has_more false ends the list");
    }

    #[test]
    fn a_cursor_that_does_not_move_ends_the_list() {
        let mut list = InscriptionList::new(false);
        let key = PageKey {
            images_only: false,
            cursor: Some("2".into()),
        };
        list.apply(&key, Some(page(&["a"], Some("2"), true)));
        assert_eq!(list.next, None);
    }

    #[test]
    fn an_answer_for_another_filter_is_ignored() {
        let mut list = InscriptionList::new(true);
        list.apply(&PageKey::default(), Some(page(&["text"], Some("2"), true)));
        assert!(list.items.is_empty());
        assert!(!list.answered);
        list.apply(&list.first_page(), Some(page(&["img"], None, false)));
        assert_eq!(ids(&list), ["img"]);
    }

    #[test]
    fn not_found_is_an_empty_block() {
        let mut list = InscriptionList::new(false);
        assert!(
            !list.is_empty(),
            "nothing answered yet: not known to be empty"
        );
        list.apply(&list.first_page(), None);
        assert!(list.is_empty());
    }
}
