//! `/discover`: the tasks of approved proposals, filtered by skill, least budget and state,
//! twelve a page. The filter and the page live in the URL (`discover::TaskFilter`), so a view
//! is a link and survives a reload; the listing is asked for once per skill choice and
//! filtered here (`discover::listing` says why). Beside it, the activity feed of the events
//! across contracts.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use stargate_api::Submission;

use crate::api::poll::now_secs;
use crate::api::{last_answer, refresh_every, use_load, Answer, PAGE_REFRESH_MS};
use crate::auth::Session;
use crate::components::activity_feed::use_feed;
use crate::components::{ActivityFeed, LoadStatus, TaskCard};
use crate::contract::fill_reasons;
use crate::discover::activity::EntityIndex;
use crate::discover::filter::normalise_skills;
use crate::discover::work::{my_work, same_wallet, submitted_by, Claims};
use crate::discover::{
    listing_notes, page, request, skills_seen, task_rows, StatusFilter, TaskFilter, TaskRow,
};
use crate::routes::{self, History};
use crate::text::count_noun;

const KEYS: [&str; 4] = ["skills", "min_budget", "status", "page"];

/// The tasks' listing for the chosen skills, with the rejection reasons when signed in, asked
/// for again every 30 s.
fn use_tasks(skills: Memo<Vec<String>>) -> LocalResource<Answer<(Vec<TaskRow>, Vec<String>)>> {
    let session = Session::use_or_provide();
    let listing = use_load(move |client| {
        let wanted = TaskFilter {
            skills: skills.get(),
            ..Default::default()
        };
        let keyed = session.has_key().then(|| session.authorize(&client));
        let wallet = session.wallet().unwrap_or_default();
        async move {
            let mut list = client.list_proposals_partial(&request(&wanted)).await?;
            // why my work was rejected: only `GET …/submissions/{id}` says it, with a key
            if let Some(keyed) = keyed {
                let mine =
                    |s: &Submission| submitted_by(s).is_some_and(|by| same_wallet(by, &wallet));
                fill_reasons(&keyed, &mut list.submissions.items, mine).await;
            }
            Ok((task_rows(&list), listing_notes(&list)))
        }
    });
    refresh_every(listing, PAGE_REFRESH_MS);
    listing
}

#[component]
pub fn DiscoverPage() -> impl IntoView {
    let query = use_query_map();
    let parsed = Memo::new(move |_| {
        let pairs: Vec<(&str, String)> = query.with(|q| {
            KEYS.iter()
                .filter_map(|k| q.get(k).map(|v| (*k, v)))
                .collect()
        });
        TaskFilter::from_query(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    });
    let filter = Memo::new(move |_| parsed.with(|(f, _)| f.clone()));
    let problems = Memo::new(move |_| parsed.with(|(_, p)| p.clone()));
    // the listing depends on the skills only; budget, state and page are applied here
    let skills = Memo::new(move |_| filter.with(|f| f.skills.clone()));
    let listing = use_tasks(skills);
    // the last answer (none before the first): the form, My work and the task cards are drawn
    // from its rows, so a new answer neither resets what is being typed in the form nor redraws
    // a card whose task did not change (a half-typed hand-in stays)
    let last = last_answer(listing);
    let rows = Memo::new(move |_| last.with(|l| l.as_ref().map(|(rows, _)| rows.clone())));
    // what the last answer left out (unreadable proposals, the cap), in words
    let notes = Memo::new(move |_| {
        last.with(|l| {
            l.as_ref()
                .map(|(_, notes)| notes.join(" "))
                .unwrap_or_default()
        })
    });
    let choices = Memo::new(move |_| {
        let seen = rows.with(|rows| skills_seen(rows.as_deref().unwrap_or_default()));
        // a skill from the URL stays a choice even when no task asks for it any more
        filter.with(|f| normalise_skills(seen.iter().chain(&f.skills).map(String::as_str)))
    });
    let now = RwSignal::new(now_secs());
    let tick = set_interval_with_handle(
        move || now.set(now_secs()),
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(tick) = tick {
            tick.clear();
        }
    });
    // the claims this tab made (their ids are needed to hand in the work)
    let claims = RwSignal::new(Claims::default());
    let feed = use_feed();
    let index = Memo::new(move |_| {
        rows.with(|rows| claims.with(|c| EntityIndex::new(rows.as_deref().unwrap_or_default(), c)))
    });
    // a claim or a hand-in changed the task and made an event: read both again
    let reload = Callback::new(move |()| {
        listing.refetch();
        feed.poll.retry.run(());
    });
    // busy while an answer for a new filter is on its way (the old page stays in view)
    let (pending, set_pending) = signal(false);
    view! {
        <section class="discover-page">
            <h1 class="page-title">"Discover"</h1>
            <p class="note">"Tasks of approved proposals: claim one, do the work, hand it in."</p>
            {move || {
                problems.with(|p| (!p.is_empty()).then(|| view! { <p class="note" role="status">{p.join(". ")}</p> }))
            }}
            <div class="discover-page__layout">
                <div class="discover-page__main" aria-busy=move || pending.get().to_string()>
                    <MyWork rows now claims on_changed=reload />
                    <h2 class="discover-page__tasks">"Tasks"</h2>
                    <TaskFilterForm filter choices />
                    // the tasks themselves are drawn from `rows`, below
                    <LoadStatus
                        resource=listing
                        what="Could not load the tasks"
                        loading="Loading tasks…"
                        set_pending
                    />
                    <Show when=move || notes.with(|n| !n.is_empty())>
                        <p class="note" data-listing-notes="" role="status">{move || notes.get()}</p>
                    </Show>
                    <TaskPage rows filter now claims on_changed=reload />
                </div>
                <ActivityFeed feed index now />
            </div>
        </section>
    }
}

/// The tasks the signed-in wallet holds a claim on or handed in work for, whatever the filter.
#[component]
fn MyWork(
    rows: Memo<Option<Vec<TaskRow>>>,
    now: RwSignal<i64>,
    claims: RwSignal<Claims>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let session = Session::use_or_provide();
    let held = Memo::new(move |_| {
        let wallet = session.wallet().unwrap_or_default();
        rows.with(|rows| {
            my_work(rows.as_deref().unwrap_or_default(), &wallet)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || held.with(|held| !held.is_empty())>
            <section class="my-work" aria-labelledby="my-work-title">
                <h2 id="my-work-title">"My work"</h2>
                <ul class="task-cards">
                    <For each=move || held.get() key=TaskRow::state_key let:row>
                        <TaskCard row now claims on_changed />
                    </For>
                </ul>
            </section>
        </Show>
    }
}

/// One page of the tasks the filter lists, its count and the links to the other pages (nothing
/// before the first answer). Keyed cards: a new answer redraws only the tasks that changed.
#[component]
fn TaskPage(
    rows: Memo<Option<Vec<TaskRow>>>,
    filter: Memo<TaskFilter>,
    now: RwSignal<i64>,
    claims: RwSignal<Claims>,
    on_changed: Callback<()>,
) -> impl IntoView {
    // the page as of the last answer or filter change (the clock does not move tasks between
    // pages while they are read)
    let shown = Memo::new(move |_| {
        let f = filter.get();
        rows.with(|rows| {
            rows.as_deref().map(|rows| {
                let view = page(rows, &f, now.get_untracked());
                let cards: Vec<TaskRow> = view.rows.into_iter().cloned().collect();
                (cards, view.index, view.count, view.matching)
            })
        })
    });
    let cards = move || {
        shown.with(|s| {
            s.as_ref()
                .map(|(cards, ..)| cards.clone())
                .unwrap_or_default()
        })
    };
    let pager = move || {
        let (index, count) = shown.with(|s| {
            s.as_ref()
                .map_or((0, 1), |(_, index, count, _)| (*index, *count))
        });
        let f = filter.get();
        view! {
            <nav class="pager" aria-label="Pages">
                {(index > 0).then(|| view! {
                    <a class="button" rel="prev" href=routes::discover(&TaskFilter { page: index - 1, ..f.clone() }).href()>"← Previous"</a>
                })}
                {(index + 1 < count).then(|| view! {
                    <a class="button" rel="next" href=routes::discover(&TaskFilter { page: index + 1, ..f.clone() }).href()>"Next →"</a>
                })}
            </nav>
        }
    };
    view! {
        <Show when=move || shown.with(Option::is_some)>
            <p class="note" role="status" data-discover-count="">
                {move || shown.with(|s| s.as_ref().map(|(_, index, count, matching)| {
                    format!("{} · page {} of {}", count_noun(*matching as u64, "task", "tasks"), index + 1, count)
                }))}
            </p>
            <Show
                when=move || shown.with(|s| s.as_ref().is_some_and(|(cards, ..)| !cards.is_empty()))
                fallback=|| view! { <p class="empty-state">"No task matches these filters."</p> }
            >
                <ul class="task-cards">
                    <For each=cards key=TaskRow::state_key let:row>
                        <TaskCard row now claims on_changed />
                    </For>
                </ul>
            </Show>
            {pager}
        </Show>
    }
}

/// Skills (from the tasks listed), least budget and state; each change is a new URL.
#[component]
fn TaskFilterForm(filter: Memo<TaskFilter>, choices: Memo<Vec<String>>) -> impl IntoView {
    let go = routes::use_go();
    let apply = move |next: TaskFilter| go(&routes::discover(&next.first_page()), History::Push);
    let toggle_skill = {
        let apply = apply.clone();
        move |skill: String, on: bool| {
            let mut next = filter.get_untracked();
            next.skills.retain(|s| *s != skill);
            if on {
                next.skills.push(skill);
            }
            next.skills = normalise_skills(next.skills.iter().map(String::as_str));
            apply(next);
        }
    };
    let set_budget = {
        let apply = apply.clone();
        move |text: String| {
            let sats = text.trim().parse::<i64>().unwrap_or(0).max(0);
            apply(TaskFilter {
                min_budget_sats: sats,
                ..filter.get_untracked()
            });
        }
    };
    let set_status = move |word: String| {
        let status = StatusFilter::ALL
            .into_iter()
            .find(|s| s.as_str() == word)
            .unwrap_or_default();
        apply(TaskFilter {
            status,
            ..filter.get_untracked()
        });
    };
    view! {
        <form class="task-filter" on:submit=|ev| ev.prevent_default()>
            <fieldset class="task-filter__skills">
                <legend>"Skills"</legend>
                <For each=move || choices.get() key=String::clone let:skill>
                    {
                        let checked = { let skill = skill.clone(); move || filter.with(|f| f.skills.contains(&skill)) };
                        let toggle = toggle_skill.clone();
                        let name = skill.clone();
                        view! {
                            <label class="chip chip--choice">
                                <input type="checkbox" prop:checked=checked on:change=move |ev| toggle(name.clone(), event_target_checked(&ev)) />
                                {skill}
                            </label>
                        }
                    }
                </For>
            </fieldset>
            <label class="task-filter__field">
                "Least budget (sats)"
                <input type="number" min="0" step="1000" inputmode="numeric"
                    prop:value=move || filter.with(|f| if f.min_budget_sats > 0 { f.min_budget_sats.to_string() } else { String::new() })
                    on:change=move |ev| set_budget(event_target_value(&ev)) />
            </label>
            <label class="task-filter__field">
                "State"
                <select on:change=move |ev| set_status(event_target_value(&ev))>
                    {StatusFilter::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || filter.with(|f| f.status == s)>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
        </form>
    }
}
