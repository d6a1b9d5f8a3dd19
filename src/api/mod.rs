//! The explorer's thin layer over the generated client: runtime configuration, the scoped
//! `Client` every view loads through ([`load`]), the poll helper ([`poll`]), a lazy page's
//! first requests sent while its code downloads ([`prefetch`]) and the block cache service. Views never build URLs or run requests by hand.

mod block_cache;
pub mod load;
pub mod poll;
pub mod prefetch;

pub use block_cache::{BlockCache, CACHE_CAP};
pub use load::{last_answer, refresh_every, use_load, use_paged, Answer, Paged, PAGE_REFRESH_MS};
pub use poll::{use_poll, Poll};
pub use prefetch::Prefetch;
use serde::Deserialize;
pub use stargate_api::{ApiError, Client};

/// `/config.json`, read once at start so one build serves any deployment.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct RuntimeConfig {
    /// Base URL of the Stargate backend; empty = the page's own origin.
    pub api_base: String,
    /// Path the explorer is served under behind an ingress (`/explorer`); empty = `/`.
    pub base_path: String,
    /// How often live data (the tip, the pending block) is asked for again, in milliseconds;
    /// absent = [`DEFAULT_POLL_MS`]. Kept within [`MIN_POLL_MS`]..=[`MAX_POLL_MS`].
    pub poll_ms: Option<u32>,
    /// How long a request may wait for its whole answer, in milliseconds; absent =
    /// [`stargate_api::limits::DEFAULT_TIMEOUT_MS`] (30 s). Kept within
    /// [`MIN_TIMEOUT_MS`]..=[`MAX_TIMEOUT_MS`].
    pub request_timeout_ms: Option<u32>,
}

/// The poll interval when `config.json` names none (see `docs/decisions.md`, "Poll interval").
pub const DEFAULT_POLL_MS: u32 = 10_000;
/// Bounds of a configured interval: never hammer the backend, never go stale for long.
pub const MIN_POLL_MS: u32 = 200;
pub const MAX_POLL_MS: u32 = 600_000;

/// Bounds of a configured request timeout.
pub const MIN_TIMEOUT_MS: u32 = 1_000;
pub const MAX_TIMEOUT_MS: u32 = 120_000;

impl RuntimeConfig {
    /// Parses the file's text; a missing or broken file falls back to the same origin, so a
    /// bad deployment still shows something (and says why in the console).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut config: Self =
            serde_json::from_str(text).map_err(|e| format!("config.json is not valid: {e}"))?;
        config.base_path = normalize_base_path(&config.base_path);
        Ok(config)
    }

    /// The request timeout to use, in milliseconds.
    pub fn request_timeout_ms(&self) -> u32 {
        self.request_timeout_ms
            .map_or(stargate_api::limits::DEFAULT_TIMEOUT_MS, |ms| {
                ms.clamp(MIN_TIMEOUT_MS, MAX_TIMEOUT_MS)
            })
    }

    /// A client of the configured backend, with the configured timeout.
    pub fn client(&self) -> Client {
        Client::new(self.api_base.clone()).with_timeout_ms(self.request_timeout_ms())
    }

    /// The poll interval to use, in milliseconds.
    pub fn poll_interval_ms(&self) -> u32 {
        self.poll_ms
            .map_or(DEFAULT_POLL_MS, |ms| ms.clamp(MIN_POLL_MS, MAX_POLL_MS))
    }
}

/// `"explorer/"` → `"/explorer"`, `"/"` → `""`: the router's base has a leading slash and no
/// trailing one.
pub fn normalize_base_path(path: &str) -> String {
    let trimmed = path.trim().trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

const CONFIG_TIMEOUT_MS: u32 = 5_000;

/// Fetches `config.json` next to `index.html` (relative, so it follows the document's
/// `<base href>` under a sub-path). Never fails: the same-origin default is used on any error.
pub async fn load_config() -> RuntimeConfig {
    // A hung request must not keep the app from starting: give up after a few seconds.
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    let _timeout = controller
        .map(|c| gloo_timers::callback::Timeout::new(CONFIG_TIMEOUT_MS, move || c.abort()));
    let result = async {
        let response = gloo_net::http::Request::get("config.json")
            .abort_signal(signal.as_ref())
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.ok() {
            return Err(format!("config.json answered {}", response.status()));
        }
        RuntimeConfig::parse(&response.text().await.map_err(|e| e.to_string())?)
    }
    .await;
    result.unwrap_or_else(|why| {
        web_sys::console::warn_1(&format!("{why}; using the page's origin as API base").into());
        RuntimeConfig::default()
    })
}

/// Makes a backend-relative URL (thumbnails are relative in the backend's answers) absolute
/// against the API base, leaving absolute URLs as they are.
pub fn resolve_url(api_base: &str, url: &str) -> String {
    if url.is_empty() || url.contains("://") || api_base.is_empty() {
        return url.to_owned();
    }
    format!(
        "{}/{}",
        api_base.trim_end_matches('/'),
        url.trim_start_matches('/')
    )
}

/// A media URL from the backend made safe to put in `src`: relative paths (resolved against
/// the API base) and http(s) URLs only; anything else (`javascript:`, `data:`, `//host`)
/// gives `None`. A URL holding a control character, whitespace or a backslash is refused
/// whole: browsers drop tabs and line breaks and read `\` as `/`, so `/\host`, `/<TAB>/host`
/// and `/\t\\host` would all name another host.
pub fn safe_media_url(api_base: &str, url: &str) -> Option<String> {
    let url = url.trim();
    if url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    let ok = (url.starts_with('/') && !url.starts_with("//"))
        || lower.starts_with("https://")
        || lower.starts_with("http://");
    ok.then(|| resolve_url(api_base, url))
}

/// The URL of an inscription's bytes: its `image_url` when that is safe, else
/// `/content/<txid>?witness=<input_index>`.
pub fn inscription_content_url(api_base: &str, ins: &stargate_api::BlockInscription) -> String {
    ins.image_url
        .as_deref()
        .and_then(|u| safe_media_url(api_base, u))
        .unwrap_or_else(|| {
            Client::new(api_base.to_owned()).get_content_url(
                &ins.tx_id,
                &stargate_api::ContentQuery {
                    witness: Some(ins.input_index),
                },
            )
        })
}

/// The config from context (the default in tests that mount without one).
pub fn config() -> RuntimeConfig {
    leptos::prelude::use_context::<RuntimeConfig>().unwrap_or_default()
}

/// The client of the configured backend: the one way a client is made. Writes use it as it
/// is (a write is not abandoned when the view that sent it goes away); loads use
/// [`scoped_client`] (through `use_load`).
pub fn client() -> Client {
    config().client()
}

/// A client whose requests are aborted when the calling component goes away.
pub fn scoped_client() -> Client {
    let controller = web_sys::AbortController::new().ok();
    let client = match &controller {
        Some(c) => client().with_signal(c.signal()),
        None => client(),
    };
    let controller = send_wrapper::SendWrapper::new(controller);
    leptos::prelude::on_cleanup(move || {
        if let Some(c) = controller.take() {
            c.abort();
        }
    });
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_media_urls() {
        assert_eq!(
            safe_media_url("http://api", "/content/ab?witness=1").as_deref(),
            Some("http://api/content/ab?witness=1")
        );
        assert_eq!(
            safe_media_url("", "https://cdn/x.png").as_deref(),
            Some("https://cdn/x.png")
        );
        assert_eq!(safe_media_url("", "javascript:alert(1)"), None);
        assert_eq!(safe_media_url("", " JavaScript:alert(1)"), None);
        assert_eq!(safe_media_url("", "data:text/html,<script>"), None);
        assert_eq!(safe_media_url("", "//evil.example/x"), None);
        assert_eq!(safe_media_url("", ""), None);
    }

    /// Paths a browser reads as another host: a backslash is a slash to the URL parser, and
    /// tabs and line breaks are removed before parsing.
    #[test]
    fn media_urls_that_name_another_host_are_refused() {
        for url in [
            "/\\evil.example/x.png",
            "\\\\evil.example/x.png",
            "/\t/evil.example/x.png",
            "/\n/evil.example/x.png",
            "/\r/evil.example/x.png",
            "/\t\\evil.example/x.png",
            "https:\\\\evil.example/x.png",
            "/content/a b",
            "/con\u{0}tent/x",
        ] {
            assert_eq!(safe_media_url("", url), None, "{url:?}");
            assert_eq!(safe_media_url("http://api", url), None, "{url:?}");
        }
        assert_eq!(
            safe_media_url("", "/api/block-image/5/thumb.png").as_deref(),
            Some("/api/block-image/5/thumb.png")
        );
    }

    #[test]
    fn config_parses_and_defaults() {
        assert_eq!(
            RuntimeConfig::parse(r#"{"api_base":"http://api:3001"}"#)
                .unwrap()
                .api_base,
            "http://api:3001"
        );
        assert_eq!(
            RuntimeConfig::parse("{}").unwrap(),
            RuntimeConfig::default()
        );
        assert!(RuntimeConfig::parse("<html>")
            .unwrap_err()
            .contains("not valid"));
    }

    #[test]
    fn poll_interval_is_configurable_within_bounds() {
        let interval = |text: &str| RuntimeConfig::parse(text).unwrap().poll_interval_ms();
        assert_eq!(interval("{}"), DEFAULT_POLL_MS);
        assert_eq!(interval(r#"{"poll_ms":500}"#), 500);
        assert_eq!(interval(r#"{"poll_ms":1}"#), MIN_POLL_MS);
        assert_eq!(interval(r#"{"poll_ms":99999999}"#), MAX_POLL_MS);
    }

    #[test]
    fn request_timeout_is_configurable_within_bounds() {
        let timeout = |text: &str| RuntimeConfig::parse(text).unwrap().request_timeout_ms();
        assert_eq!(timeout("{}"), 30_000);
        assert_eq!(timeout(r#"{"request_timeout_ms":1500}"#), 1_500);
        assert_eq!(timeout(r#"{"request_timeout_ms":0}"#), MIN_TIMEOUT_MS);
        assert_eq!(timeout(r#"{"request_timeout_ms":4000000}"#), MAX_TIMEOUT_MS);
    }

    #[test]
    fn relative_urls_follow_the_api_base() {
        assert_eq!(
            resolve_url("", "/content/ab?witness=1"),
            "/content/ab?witness=1"
        );
        assert_eq!(
            resolve_url("http://api:3001/", "/content/ab?witness=1"),
            "http://api:3001/content/ab?witness=1"
        );
        assert_eq!(
            resolve_url("http://api", "https://cdn/x.png"),
            "https://cdn/x.png"
        );
        assert_eq!(resolve_url("http://api", ""), "");
    }
}
