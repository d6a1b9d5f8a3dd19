//! Discover, the task marketplace: which tasks the page lists (`filter`: what the URL says),
//! and how they come from the backend's proposals listing without its paging quirks
//! (`listing`), the contributor's claims and submissions (`work`), and the events feed in
//! words (`activity`). Pure: tested on the host.

pub mod activity;
pub mod filter;
pub mod listing;
pub mod work;

#[cfg(test)]
mod tests;

pub use filter::{StatusFilter, TaskFilter, PAGE_SIZE};
pub use listing::{listing_notes, page, request, skills_seen, task_rows, Page, TaskRow};

/// The GETs the page sends first for the URL's `skills` value (the listing for those skills
/// and the activity feed), below the API `base`: sent while the page's code downloads
/// (`pages::lazy`), so that the page's first requests take their answers. The listing only
/// for an ASCII value (the rest would need Unicode's case tables in the first load).
pub fn first_requests(base: &str, skills: Option<&str>) -> Vec<String> {
    let skills = match skills {
        None => Some(Vec::new()),
        Some(value) => filter::ascii_skills_param(value),
    };
    let listing = skills.map(|skills| {
        let filter = TaskFilter {
            skills,
            ..Default::default()
        };
        stargate_api::paths::list_proposals(base, &request(&filter))
    });
    listing
        .into_iter()
        .chain([stargate_api::paths::list_events(
            base,
            &activity::feed_query(),
        )])
        .collect()
}
