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
