//! The rail's cards in the DOM: one per slot of the rendered window, in slot order, and a card
//! that stays in the window is never touched.
//!
//! Leptos' keyed `<For>` does this too, except in the one case the rail meets at every step
//! towards the tip: when items come in at the front, tachys 0.2's keyed diff moves every item
//! that stays (it groups a run of moves under the first one's "move in the DOM" flag, and after
//! a prepend the first one is flagged). Each step would re-insert the whole window: style,
//! layout and paint for every card again, and a focused card would lose its focus. Here the
//! cards that leave are unmounted and the new ones inserted before their right-hand
//! neighbour; [`plan`] is the pure part.

use leptos::prelude::*;
use leptos::tachys::reactive_graph::OwnedView;
use leptos::tachys::view::{Mountable, Render};

/// Where each item of the new list comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The old list's item at this index, left where it is.
    Kept(usize),
    /// A new item, to build.
    New,
}

/// From the old list to the new: which old items stay (`keep[i]`), and where each new item
/// comes from. An item that stays keeps its DOM node, so only items in the same relative order
/// in both lists can stay; one that changed places (never on the rail, whose lists are in
/// slot order) is rebuilt rather than moved.
#[derive(Debug, PartialEq, Eq)]
pub struct Plan {
    pub keep: Vec<bool>,
    pub sources: Vec<Source>,
}

/// Each new key is looked for among the old ones after the last kept: a linear search, since the
/// rail's lists hold about 23 keys and a step moves a few (no hash map code in the bundle).
pub fn plan<K: Eq>(old: &[K], new: &[K]) -> Plan {
    let mut keep = vec![false; old.len()];
    let mut next_old = 0;
    let sources = new
        .iter()
        .map(|key| {
            let found = old[next_old..].iter().position(|k| k == key);
            match found.map(|offset| next_old + offset) {
                Some(i) => {
                    keep[i] = true;
                    next_old = i + 1;
                    Source::Kept(i)
                }
                None => Source::New,
            }
        })
        .collect();
    Plan { keep, sources }
}

type CardState = <OwnedView<AnyView> as Render>::State;

/// Keeps `track`'s children in step with `keys`, one card per key built by `render` (each
/// with a reactive owner of its own, as `<For>` gives its rows), until the caller's owner is
/// cleaned up.
pub fn mount_cards<K>(
    track: NodeRef<leptos::html::Div>,
    keys: Memo<Vec<K>>,
    render: impl Fn(K) -> AnyView + 'static,
) where
    K: Copy + Eq + Send + Sync + 'static,
{
    let Some(parent) = Owner::current() else {
        return;
    };
    let mounted = StoredValue::new_local(Vec::<(K, CardState)>::new());
    Effect::new(move |_| {
        let Some(track) = track.get() else {
            return;
        };
        keys.with(|new| {
            mounted.update_value(|cards| {
                let old = std::mem::take(cards);
                *cards = update(&track, old, new, |key| {
                    let owner = parent.with(Owner::new);
                    let view = owner.with(|| render(key));
                    OwnedView::new_with_owner(view, owner).build()
                });
            });
        });
    });
    on_cleanup(move || {
        mounted.update_value(|cards| {
            for (_, card) in cards.iter_mut() {
                card.unmount();
            }
            cards.clear();
        });
    });
}

/// Applies [`plan`]: unmounts what leaves, then builds the new cards from the right, each
/// inserted before the card that follows it (or appended at the end).
fn update<K: Copy + Eq>(
    track: &web_sys::HtmlDivElement,
    old: Vec<(K, CardState)>,
    new: &[K],
    build: impl Fn(K) -> CardState,
) -> Vec<(K, CardState)> {
    let old_keys: Vec<K> = old.iter().map(|(key, _)| *key).collect();
    let Plan { keep, sources } = plan(&old_keys, new);
    let mut old: Vec<Option<CardState>> = old
        .into_iter()
        .zip(keep)
        .map(|((_, mut card), keep)| {
            if !keep {
                card.unmount();
            }
            keep.then_some(card)
        })
        .collect();
    let mut placed: Vec<(K, CardState)> = Vec::with_capacity(new.len());
    for (&key, source) in new.iter().zip(sources).rev() {
        let kept = match source {
            Source::Kept(i) => old.get_mut(i).and_then(Option::take),
            Source::New => None,
        };
        let card = kept.unwrap_or_else(|| {
            let mut card = build(key);
            match placed.last() {
                Some((_, next)) => next.insert_before_this_or_marker(track, &mut card, None),
                None => card.mount(track, None),
            }
            card
        });
        placed.push((key, card));
    }
    placed.reverse();
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plan applied to the old list: the kept items, in place, and the new ones.
    fn apply(old: &[u32], plan: &Plan, new: &[u32]) -> Vec<u32> {
        plan.sources
            .iter()
            .zip(new)
            .map(|(source, key)| match source {
                Source::Kept(i) => old[*i],
                Source::New => *key,
            })
            .collect()
    }

    fn built(plan: &Plan) -> usize {
        plan.sources.iter().filter(|s| **s == Source::New).count()
    }

    #[test]
    fn a_step_towards_the_tip_keeps_every_card_that_stays() {
        let old: Vec<u32> = (10..50).collect();
        let new: Vec<u32> = (7..47).collect();
        let plan = plan(&old, &new);
        assert_eq!(built(&plan), 3);
        assert_eq!(plan.keep.iter().filter(|k| !**k).count(), 3);
        assert_eq!(plan.sources[3], Source::Kept(0));
    }

    #[test]
    fn a_step_towards_genesis_keeps_every_card_that_stays() {
        let old: Vec<u32> = (10..50).collect();
        let new: Vec<u32> = (13..53).collect();
        let plan = plan(&old, &new);
        assert_eq!(plan.sources[0], Source::Kept(3));
        assert_eq!(built(&plan), 3);
    }

    #[test]
    fn an_item_that_changed_places_is_rebuilt() {
        let plan = plan(&[1, 2, 3], &[3, 1, 2]);
        assert_eq!(
            plan.sources,
            vec![Source::Kept(2), Source::New, Source::New]
        );
        assert_eq!(plan.keep, vec![false, false, true]);
    }

    proptest! {
        #[test]
        fn the_plan_gives_the_new_list_and_keeps_what_it_can(
            old in proptest::collection::btree_set(0u32..60, 0..40),
            new in proptest::collection::btree_set(0u32..60, 0..40),
        ) {
            let old: Vec<u32> = old.into_iter().collect();
            let new: Vec<u32> = new.into_iter().collect();
            let plan = plan(&old, &new);
            prop_assert_eq!(apply(&old, &plan, &new), new.clone());
            // sorted lists (the rail's): every item in both stays
            let both = old.iter().filter(|k| new.contains(k)).count();
            prop_assert_eq!(plan.keep.iter().filter(|k| **k).count(), both);
            // each kept item is used once, in order
            let kept: Vec<usize> = plan.sources.iter().filter_map(|s| match s {
                Source::Kept(i) => Some(*i),
                Source::New => None,
            }).collect();
            prop_assert!(kept.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
