//! The Discover page's view as it stands in its URL (`/discover?skills=rust,ux&min_budget=50000
//! &status=open&page=2`), so a filtered view is a link and a reload keeps it.

use stargate_api::Task;

use crate::text::parse_rfc3339;

/// Tasks per page.
pub const PAGE_SIZE: usize = 12;

/// Which tasks, by where they are in their life.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// Claimable now: `available`, or `claimed` with its claim expired (the SQLite store lets
    /// another wallet take an expired claim).
    #[default]
    Open,
    /// Held by an unexpired claim.
    Claimed,
    /// Work handed in, waiting for review.
    Submitted,
    /// Every task, done ones included.
    All,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 4] = [Self::Open, Self::Claimed, Self::Submitted, Self::All];

    /// The URL's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Claimed => "claimed",
            Self::Submitted => "submitted",
            Self::All => "all",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open for claiming",
            Self::Claimed => "Claimed",
            Self::Submitted => "Submitted, in review",
            Self::All => "Every task",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Whether `task` is in this state at `now` (unix seconds).
    pub fn matches(self, task: &Task, now: i64) -> bool {
        let claim_live = task
            .claim_expires_at
            .as_deref()
            .and_then(parse_rfc3339)
            .is_some_and(|expires| expires > now);
        match (self, task.status.to_ascii_lowercase().as_str()) {
            (Self::All, _) => true,
            (Self::Open, "available") => true,
            (Self::Open, "claimed") => !claim_live,
            (Self::Claimed, "claimed") => claim_live,
            (Self::Submitted, "submitted") => true,
            _ => false,
        }
    }
}

/// What the page lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskFilter {
    /// Lower case, sorted, each once; a task matches when it asks for any of them (none: any).
    pub skills: Vec<String>,
    /// The least budget of a task, in sats (0: any).
    pub min_budget_sats: i64,
    pub status: StatusFilter,
    /// From 0.
    pub page: usize,
}

/// What a URL asked for that makes no sense, in words (the rest of the filter still applies).
pub type QueryProblem = String;

impl TaskFilter {
    /// The filter a URL's query asks for. Unknown parameters are ignored; a value that makes no
    /// sense is left out and said (`min_budget=abc`), never a failure.
    pub fn from_query<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<QueryProblem>) {
        let mut filter = TaskFilter::default();
        let mut problems = Vec::new();
        for (key, value) in pairs {
            match key {
                "skills" => filter.skills = skills_param(value),
                "min_budget" => match value.trim().parse::<i64>() {
                    Ok(sats) if sats >= 0 => filter.min_budget_sats = sats,
                    _ => problems.push(format!(
                        "“{value}” is not a budget in sats; showing every budget"
                    )),
                },
                "status" => match StatusFilter::parse(value) {
                    Some(status) => filter.status = status,
                    None => {
                        problems.push(format!("“{value}” is not a task state; showing open tasks"))
                    }
                },
                "page" => match value.trim().parse::<usize>() {
                    Ok(page) if page >= 1 => filter.page = page - 1,
                    _ => problems.push(format!("“{value}” is not a page number; showing page 1")),
                },
                _ => {}
            }
        }
        (filter, problems)
    }

    /// The query of this view (defaults left out, pages counted from 1), for the URL.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.skills.is_empty() {
            pairs.push(("skills", self.skills.join(",")));
        }
        if self.min_budget_sats > 0 {
            pairs.push(("min_budget", self.min_budget_sats.to_string()));
        }
        if self.status != StatusFilter::default() {
            pairs.push(("status", self.status.as_str().to_string()));
        }
        if self.page > 0 {
            pairs.push(("page", (self.page + 1).to_string()));
        }
        pairs
    }

    /// The same view from its first page (a changed filter starts again at page 1).
    pub fn first_page(mut self) -> Self {
        self.page = 0;
        self
    }

    /// Whether `task` is listed at `now` (unix seconds): any of the skills, at least the
    /// budget, in the state.
    pub fn matches(&self, task: &Task, now: i64) -> bool {
        let skills_match = self.skills.is_empty()
            || task.skills_required.iter().flatten().any(|skill| {
                let skill = skill.trim().to_lowercase();
                self.skills.contains(&skill)
            });
        skills_match && task.budget_sats >= self.min_budget_sats && self.status.matches(task, now)
    }
}

/// The skills a URL's `skills` value names (comma separated).
pub fn skills_param(value: &str) -> Vec<String> {
    normalise_skills(value.split(','))
}

/// [`skills_param`] of an ASCII value (`None` for any other): the same skills, lower-cased
/// without Unicode's tables, which are not in the first load (`discover::first_requests`).
pub fn ascii_skills_param(value: &str) -> Option<Vec<String>> {
    value
        .is_ascii()
        .then(|| normalise_with(value.split(','), str::to_ascii_lowercase))
}

/// Skills as the filter keeps them: trimmed, lower case, sorted, each once, none empty.
pub fn normalise_skills<'a>(skills: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    normalise_with(skills, str::to_lowercase)
}

fn normalise_with<'a>(
    skills: impl IntoIterator<Item = &'a str>,
    lower: fn(&str) -> String,
) -> Vec<String> {
    let mut skills: Vec<String> = skills
        .into_iter()
        .map(|s| lower(s.trim()))
        .filter(|s| !s.is_empty())
        .collect();
    skills.sort();
    skills.dedup();
    skills
}
