//! When to ask the backend for the tip again.
//!
//! Pure: the component feeds it the clock and the page visibility once a second.

/// Poll timing: every `interval_ms` while the tab is visible, at once when it becomes visible
/// again, and with a growing back-off (capped) while the backend is failing.
#[derive(Clone, Debug, PartialEq)]
pub struct PollClock {
    interval_ms: f64,
    max_backoff_ms: f64,
    last_attempt_ms: Option<f64>,
    failures: u32,
    was_visible: bool,
}

impl PollClock {
    pub fn new(interval_ms: f64, max_backoff_ms: f64) -> Self {
        Self {
            interval_ms,
            max_backoff_ms,
            last_attempt_ms: None,
            failures: 0,
            was_visible: true,
        }
    }

    /// Whether to poll now. Hidden tabs never poll; a tab that just became visible polls at once.
    pub fn due(&mut self, now_ms: f64, visible: bool) -> bool {
        let returned = visible && !self.was_visible;
        self.was_visible = visible;
        if !visible {
            return false;
        }
        match self.last_attempt_ms {
            None => true,
            Some(_) if returned => true,
            Some(last) => now_ms - last >= self.wait_ms(),
        }
    }

    /// Records that a poll started at `now_ms`.
    pub fn started(&mut self, now_ms: f64) {
        self.last_attempt_ms = Some(now_ms);
    }

    /// Records how the poll ended.
    pub fn finished(&mut self, ok: bool) {
        self.failures = if ok {
            0
        } else {
            self.failures.saturating_add(1)
        };
    }

    /// Time to wait after the last attempt: the interval when healthy; 2 s, 4 s, 8 s … up to
    /// the cap while failing, so a returning backend is noticed quickly.
    pub fn wait_ms(&self) -> f64 {
        if self.failures == 0 {
            return self.interval_ms;
        }
        let exp = (self.failures - 1).min(16);
        (2000.0 * f64::from(1u32 << exp)).min(self.max_backoff_ms)
    }
}
