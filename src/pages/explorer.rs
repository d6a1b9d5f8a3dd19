//! The explorer page: the block rail from the pending block to genesis, kept fresh by the poll
//! helper, with the selected block's view below and the error banner whenever the backend
//! fails.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::poll::now_secs;
use crate::api::{config, use_poll, BlockCache};
use crate::chain::{selection, Selected};
use crate::components::{BlockView, ErrorBanner, Rail, RailSkeleton};
use crate::routes::{self, History};
use crate::shell;

#[component]
pub fn ExplorerPage() -> impl IntoView {
    let config = config();
    let cache = BlockCache::use_or_provide();
    let chain = cache.chain;
    // "5 min ago" on the cards moves on with every poll.
    let now = RwSignal::new(now_secs());
    let poll = {
        let cache = cache.clone();
        use_poll(config.poll_interval_ms(), move || {
            let cache = cache.clone();
            async move {
                let result = cache.refresh().await;
                now.try_set(now_secs());
                // the first answers are in the chain (or failed): the shell's cards give way
                shell::give_way();
                result
            }
        })
    };
    // leaving before the first answer: the shell's cards do not outlive the page
    on_cleanup(shell::give_way);
    // the chain stays in the app-wide cache for the way back; the rail's heights do not
    {
        let cache = cache.clone();
        on_cleanup(move || cache.leave());
    }
    let error = Signal::derive(move || poll.error.get().or_else(|| cache.error.get()));
    let retry = {
        let cache = cache.clone();
        Callback::new(move |()| {
            poll.retry.run(());
            cache.retry_now();
        })
    };

    // The selection is the route: `/block/:height` (`/block/pending`, `/block/latest`); `/` and
    // `/pending` select the pending block. Read from the location, since this page is the parent of both.
    let pathname = use_location().pathname;
    let selected_height = Memo::new(move |_| {
        pathname.with(|p| {
            selection::selected_height(Some(selection::explorer_param(p)), chain.with(|c| c.tip()))
        })
    });
    let selected = Memo::new(move |_| {
        selected_height
            .get()
            .map(|h| Selected::at(h, chain.with(|c| c.tip())))
    });
    let go = routes::use_go();
    // The URL follows the selection: a click or a jump is a history entry, an arrow key is not.
    let on_select =
        Callback::new(move |(height, history): (u64, History)| go(&routes::block(height), history));

    view! {
        <section class="explorer">
            <ErrorBanner
                what="Could not load the blocks"
                error
                on_retry=retry
                retrying=true
                busy=poll.busy
            />
            <Show
                when=move || chain.with(|c| c.tip().is_some())
                fallback=RailSkeleton
            >
                <Rail cache=cache.clone() selected=selected_height on_select now />
                {move || {
                    selected
                        .get()
                        .map(|sel| {
                            let height = sel.height();
                            let info = Signal::derive(move || chain.with(|c| c.block(height).cloned()));
                            let network = Signal::derive(move || chain.with(|c| c.network.clone()));
                            view! { <BlockView selected=sel info network /> }
                        })
                }}
            </Show>
        </section>
    }
}
