//! The one poll helper: live data (the tip, the pending block's wishes) asked for again every
//! few seconds while the tab is visible, at once when it becomes visible again, and with a
//! growing, jittered back-off while the backend fails (never sooner than a 429's
//! `Retry-After`). Stops, and cancels its timer, when the component that started it goes away.
//!
//! [`PollClock`] is the pure decision (host-tested); [`use_poll`] wires it to timers and the
//! page's `visibilitychange` event. No loop ticks in the background: a poll is either running,
//! or waiting on one timer, or (hidden tab) waiting for the page to be shown.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::ApiError;

/// Longest wait between tries while the backend fails.
pub const MAX_BACKOFF_MS: f64 = 10_000.0;

/// Poll timing: every `interval_ms` while the tab is visible, at once when it becomes visible
/// again, and with a growing back-off (capped) while the backend is failing.
#[derive(Clone, Debug, PartialEq)]
pub struct PollClock {
    interval_ms: f64,
    max_backoff_ms: f64,
    last_attempt_ms: Option<f64>,
    failures: u32,
    was_visible: bool,
    /// The last failure's `Retry-After`, in milliseconds.
    retry_after_ms: Option<f64>,
    /// A fraction in `0..1` drawn at each failure: spreads the clients' retries.
    jitter: f64,
}

/// How much of a back-off step the jitter may add (a quarter).
pub const JITTER_SHARE: f64 = 0.25;

/// How a poll ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    Ok,
    /// Failed; `retry_after_ms` when the server said how long to wait (a 429).
    Failed {
        retry_after_ms: Option<f64>,
    },
}

impl Outcome {
    /// The outcome of a task's result.
    pub fn of(result: &Result<(), ApiError>) -> Self {
        match result {
            Ok(()) => Outcome::Ok,
            Err(e) => Outcome::Failed {
                retry_after_ms: e.retry_after_ms().map(|ms| ms as f64),
            },
        }
    }
}

impl PollClock {
    pub fn new(interval_ms: f64, max_backoff_ms: f64) -> Self {
        Self {
            interval_ms,
            max_backoff_ms,
            last_attempt_ms: None,
            failures: 0,
            was_visible: true,
            retry_after_ms: None,
            jitter: 0.0,
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

    /// How long from `now_ms` until the next poll is due (0 when it is due already).
    pub fn remaining_ms(&self, now_ms: f64) -> f64 {
        match self.last_attempt_ms {
            None => 0.0,
            Some(last) => (last + self.wait_ms() - now_ms).max(0.0),
        }
    }

    /// Records that a poll started at `now_ms`.
    pub fn started(&mut self, now_ms: f64) {
        self.last_attempt_ms = Some(now_ms);
    }

    /// Records how the poll ended; `jitter` is a random fraction in `0..1` (used on failure).
    pub fn finished(&mut self, outcome: Outcome, jitter: f64) {
        match outcome {
            Outcome::Ok => {
                self.failures = 0;
                self.retry_after_ms = None;
            }
            Outcome::Failed { retry_after_ms } => {
                self.failures = self.failures.saturating_add(1);
                self.retry_after_ms = retry_after_ms.filter(|ms| ms.is_finite() && *ms > 0.0);
                self.jitter = jitter.clamp(0.0, 1.0);
            }
        }
    }

    /// Time to wait after the last attempt: the interval when healthy; while failing 2 s, 4 s,
    /// 8 s … up to the cap, each plus up to [`JITTER_SHARE`] of itself at random (so many tabs
    /// do not come back at the same instant), and never less than the server's `Retry-After`.
    pub fn wait_ms(&self) -> f64 {
        if self.failures == 0 {
            return self.interval_ms;
        }
        let exp = (self.failures - 1).min(16);
        let step = (2000.0 * f64::from(1u32 << exp)).min(self.max_backoff_ms);
        let backoff = step * (1.0 + JITTER_SHARE * self.jitter);
        backoff.max(self.retry_after_ms.unwrap_or(0.0))
    }
}

/// What a poll shows: the last failure (cleared by the next success), whether a try is under
/// way, and a way to try at once (the error banner's Retry).
#[derive(Clone, Copy)]
pub struct Poll {
    pub error: Signal<Option<ApiError>>,
    pub busy: Signal<bool>,
    pub retry: Callback<()>,
}

type Task = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Result<(), ApiError>>>>>;

struct Poller {
    task: Task,
    clock: RefCell<PollClock>,
    timer: RefCell<Option<Timeout>>,
    stopped: Cell<bool>,
    error: RwSignal<Option<ApiError>>,
    /// A try is under way (also what keeps a second one from starting).
    busy: RwSignal<bool>,
}

impl Poller {
    /// Neither stopped nor in the middle of a try.
    fn idle(&self) -> bool {
        !self.stopped.get() && self.busy.try_get_untracked() == Some(false)
    }
}

/// Runs `task` now, then every `interval_ms` while the tab is visible (see [`PollClock`]).
/// `task` reports only success or failure; it puts what it read where the view reads it.
pub fn use_poll<F, Fut>(interval_ms: u32, task: F) -> Poll
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<(), ApiError>> + 'static,
{
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let poller = Rc::new(Poller {
        task: Box::new(move || Box::pin(task())),
        clock: RefCell::new(PollClock::new(f64::from(interval_ms), MAX_BACKOFF_MS)),
        timer: RefCell::new(None),
        stopped: Cell::new(false),
        error,
        busy,
    });
    let listener = on_visibility_change({
        let poller = Rc::clone(&poller);
        move || tick(&poller)
    });
    let retry = {
        let poller = SendWrapper::new(Rc::clone(&poller));
        Callback::new(move |()| run(&poller))
    };
    {
        let poller = SendWrapper::new(Rc::clone(&poller));
        let listener = SendWrapper::new(listener);
        on_cleanup(move || {
            if let Some((document, callback)) = listener.take() {
                let _ = document.remove_event_listener_with_callback(
                    "visibilitychange",
                    callback.as_ref().unchecked_ref(),
                );
            }
            poller.stopped.set(true);
            poller.timer.borrow_mut().take();
        });
    }
    tick(&poller);
    Poll {
        error: error.into(),
        busy: busy.into(),
        retry,
    }
}

/// Calls `on_change` on the document's `visibilitychange` (the event is fired at the document;
/// it does not always reach the window). Returns what removes the listener.
fn on_visibility_change(
    on_change: impl Fn() + 'static,
) -> Option<(web_sys::Document, Closure<dyn Fn()>)> {
    let document = web_sys::window()?.document()?;
    let callback = Closure::<dyn Fn()>::new(on_change);
    document
        .add_event_listener_with_callback("visibilitychange", callback.as_ref().unchecked_ref())
        .ok()?;
    Some((document, callback))
}

/// Polls if due; otherwise waits for the time left (a hidden tab waits for the page to show).
fn tick(poller: &Rc<Poller>) {
    if !poller.idle() {
        return;
    }
    let now = now_ms();
    let visible = page_visible();
    let due = poller.clock.borrow_mut().due(now, visible);
    if due {
        run(poller);
    } else if visible {
        let wait = poller.clock.borrow().remaining_ms(now);
        schedule(poller, wait);
    } else {
        poller.timer.borrow_mut().take();
    }
}

/// Runs the task now (unless it is running already), then schedules the next poll.
fn run(poller: &Rc<Poller>) {
    if !poller.idle() {
        return;
    }
    poller.timer.borrow_mut().take();
    poller.clock.borrow_mut().started(now_ms());
    poller.busy.set(true);
    let poller = Rc::clone(poller);
    spawn_local(async move {
        let result = (poller.task)().await;
        if poller.stopped.get() {
            return;
        }
        poller.busy.set(false);
        let wait = {
            let mut clock = poller.clock.borrow_mut();
            clock.finished(Outcome::of(&result), js_sys::Math::random());
            clock.wait_ms()
        };
        poller.error.set(result.err());
        schedule(&poller, wait);
    });
}

fn schedule(poller: &Rc<Poller>, wait_ms: f64) {
    let next = Rc::clone(poller);
    // Whole milliseconds; a wait is never longer than a poll interval.
    let timeout = Timeout::new(wait_ms.ceil() as u32, move || tick(&next));
    *poller.timer.borrow_mut() = Some(timeout);
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// How far east of UTC the reader's clock is at unix second `ts`, in seconds (their time
/// zone's offset then, summer time included); 0 when the browser cannot say.
pub fn local_offset_secs(ts: i64) -> i32 {
    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ts as f64 * 1000.0));
    let minutes_behind = at.get_timezone_offset();
    if minutes_behind.is_finite() {
        (-minutes_behind * 60.0) as i32
    } else {
        0
    }
}

/// Whole seconds since the epoch, from the browser's clock (ages, claims' time left).
pub fn now_secs() -> i64 {
    (now_ms() / 1000.0) as i64
}

/// Whether the page is shown (a background tab is not); `true` outside a browser document.
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
        .unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAILED: Outcome = Outcome::Failed {
        retry_after_ms: None,
    };

    #[test]
    fn poll_clock_waits_pauses_and_backs_off() {
        let mut clock = PollClock::new(30_000.0, 15_000.0);
        assert!(clock.due(0.0, true));
        clock.started(0.0);
        clock.finished(Outcome::Ok, 0.0);
        assert!(!clock.due(29_000.0, true));
        assert_eq!(clock.remaining_ms(29_000.0), 1_000.0);
        assert!(clock.due(30_000.0, true));
        assert_eq!(clock.remaining_ms(30_500.0), 0.0);
        // Hidden: never; visible again: at once.
        assert!(!clock.due(60_000.0, false));
        assert!(clock.due(60_001.0, true));
        clock.started(60_001.0);
        clock.finished(FAILED, 0.0);
        assert_eq!(clock.wait_ms(), 2_000.0);
        assert_eq!(clock.remaining_ms(60_001.0), 2_000.0);
        clock.finished(FAILED, 0.0);
        assert_eq!(clock.wait_ms(), 4_000.0);
        for _ in 0..10 {
            clock.finished(FAILED, 0.0);
        }
        assert_eq!(clock.wait_ms(), 15_000.0);
        clock.finished(Outcome::Ok, 0.0);
        assert_eq!(clock.wait_ms(), 30_000.0);
    }

    #[test]
    fn back_off_is_jittered_within_a_quarter() {
        let wait = |jitter: f64| {
            let mut clock = PollClock::new(10_000.0, 10_000.0);
            clock.finished(FAILED, jitter);
            clock.finished(FAILED, jitter);
            clock.wait_ms()
        };
        assert_eq!(wait(0.0), 4_000.0);
        assert_eq!(wait(0.5), 4_500.0);
        assert!(wait(0.999) < 5_000.0);
        assert_ne!(wait(0.1), wait(0.9), "two tabs wait differently");
        // a healthy clock is not jittered
        let mut clock = PollClock::new(10_000.0, 10_000.0);
        clock.finished(FAILED, 0.7);
        clock.finished(Outcome::Ok, 0.7);
        assert_eq!(clock.wait_ms(), 10_000.0);
    }

    #[test]
    fn retry_after_is_honoured() {
        let mut clock = PollClock::new(1_000.0, 10_000.0);
        clock.started(0.0);
        let outcome = Outcome::of(&Err(ApiError::TooManyRequests {
            retry_after_s: Some(30),
        }));
        assert_eq!(
            outcome,
            Outcome::Failed {
                retry_after_ms: Some(30_000.0)
            }
        );
        clock.finished(outcome, 0.3);
        assert_eq!(clock.wait_ms(), 30_000.0, "longer than the back-off cap");
        assert!(!clock.due(29_999.0, true));
        assert!(clock.due(30_000.0, true));
        // a short Retry-After does not shorten the back-off
        clock.finished(
            Outcome::Failed {
                retry_after_ms: Some(1_000.0),
            },
            0.0,
        );
        assert_eq!(clock.wait_ms(), 4_000.0);
        // the next success forgets it
        clock.finished(Outcome::Ok, 0.0);
        assert_eq!(clock.wait_ms(), 1_000.0);
    }

    #[test]
    fn a_first_poll_is_due_at_once() {
        let clock = PollClock::new(10_000.0, 10_000.0);
        assert_eq!(clock.remaining_ms(123.0), 0.0);
    }
}
