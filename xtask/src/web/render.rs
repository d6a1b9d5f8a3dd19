//! Stage `render`: the page, from the template `web/index.html` (minijinja; its includes beside
//! it), with named slots: the code's names and integrity values (`wasm`, `script`, `style`),
//! `first_screen` (the app's components rendered to HTML, `src/first_screen.rs`), `base_href`,
//! `api_preloads` (`web/api-preloads.html`). An undefined slot stops the build.
//! Nothing is escaped: every value is the build's own (file names, hashes, base64, markup it
//! rendered), none comes from outside, and minijinja's HTML escaping would write each `/` of
//! a URL or an integrity value as `&#x2f;`.
//!
//! Writes, in the staging directory:
//! - `index.html`: the page at `/` with the API on this origin (the devserver serves it so);
//! - `.deploy/index.html.in`: the same page with `${BASE_HREF}` and `${API_PRELOADS}` in the two
//!   slots only the container knows, and `.deploy/api-preloads.html`, the preloads' markup:
//!   `deploy/entrypoint.sh` fills the slots with `envsubst` at start.

use std::path::Path;

use anyhow::{ensure, Context, Result};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use super::Asset;

/// Where the container's template goes in the staging directory.
pub const DEPLOY_DIR: &str = ".deploy";

/// The page's code.
pub struct Page {
    /// the URL the code's names are relative to (Trunk's `public_url`)
    pub public_url: String,
    pub wasm: Asset,
    pub script: Asset,
    pub style: Asset,
    /// the shell and the card templates (`stargate_explorer::first_screen::html`)
    pub first_screen: String,
}

/// The values of the runtime slots.
struct Slots {
    base_href: Value,
    api_preloads: Value,
}

pub fn render(web: &Path, page: &Page, stage: &Path) -> Result<()> {
    let templates = Templates::load(web)?;
    let preloads = templates.render("api-preloads.html", Value::UNDEFINED)?;
    let served = templates.page(
        page,
        Slots {
            base_href: Value::from("/"),
            api_preloads: Value::from_safe_string(preloads.clone()),
        },
    )?;
    let deploy = templates.page(
        page,
        Slots {
            base_href: Value::from("${BASE_HREF}"),
            api_preloads: Value::from_safe_string("${API_PRELOADS}".into()),
        },
    )?;
    std::fs::write(stage.join("index.html"), served)?;
    let dir = stage.join(DEPLOY_DIR);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("index.html.in"), deploy)?;
    std::fs::write(dir.join("api-preloads.html"), preloads)?;
    Ok(())
}

/// `web/`'s templates, read once.
struct Templates {
    env: Environment<'static>,
}

impl Templates {
    fn load(web: &Path) -> Result<Templates> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::None);
        for name in ["index.html", "api-preloads.html"] {
            let path = web.join(name);
            let source = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            env.add_template_owned(name, source)
                .with_context(|| format!("parsing {}", path.display()))?;
        }
        Ok(Templates { env })
    }

    fn render(&self, name: &str, context: Value) -> Result<String> {
        let template = self.env.get_template(name)?;
        template
            .render(context)
            .map_err(|error| anyhow::anyhow!("rendering web/{name}: {error:#}"))
    }

    fn page(&self, page: &Page, slots: Slots) -> Result<String> {
        let html = self.render(
            "index.html",
            minijinja::context! {
                public_url => &page.public_url,
                wasm => asset(&page.wasm),
                script => asset(&page.script),
                style => asset(&page.style),
                first_screen => indented(&page.first_screen),
                base_href => slots.base_href,
                api_preloads => slots.api_preloads,
            },
        )?;
        ensure!(
            !has_inline_script(&html),
            "web/index.html has an inline <script>, which the Content-Security-Policy blocks"
        );
        Ok(html)
    }
}

/// `html`, one element a line, indented as the body's children.
fn indented(html: &str) -> String {
    html.lines().map(|line| format!("    {line}\n")).collect()
}

/// An asset as the template reads it: `name` and `integrity`.
fn asset(asset: &Asset) -> Value {
    minijinja::context! { name => &asset.name, integrity => &asset.integrity }
}

/// Whether `html` has a `<script>` without a `src` (its code in the page).
fn has_inline_script(html: &str) -> bool {
    html.match_indices("<script")
        .filter_map(|(at, _)| html[at..].find('>').map(|end| &html[at..at + end]))
        .any(|tag| !tag.contains(" src="))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Page {
        Page {
            public_url: "./".into(),
            wasm: Asset::new("stargate-explorer", "_bg.wasm", b"wasm"),
            script: Asset::new("boot", ".js", b"js"),
            style: Asset::new("main", ".css", b"css"),
            first_screen: stargate_explorer::first_screen::html(),
        }
    }

    fn rendered() -> (String, String, String) {
        let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web");
        let stage = std::env::temp_dir().join(format!("web-render-{}", std::process::id()));
        std::fs::create_dir_all(&stage).unwrap();
        render(&web, &page(), &stage).unwrap();
        let read = |p: &str| std::fs::read_to_string(stage.join(p)).unwrap();
        let out = (
            read("index.html"),
            read(".deploy/index.html.in"),
            read(".deploy/api-preloads.html"),
        );
        std::fs::remove_dir_all(&stage).unwrap();
        out
    }

    #[test]
    fn the_page_links_the_code_by_name_and_integrity() {
        let (served, _, _) = rendered();
        let page = page();
        for asset in [&page.wasm, &page.script, &page.style] {
            assert!(
                served.contains(&format!("href=\"./{}\"", asset.name))
                    || served.contains(&format!("src=\"./{}\"", asset.name)),
                "{}",
                asset.name
            );
            assert!(served.contains(&format!("integrity=\"{}\"", asset.integrity)));
        }
        assert!(served.contains("<base href=\"/\" />"));
        assert_eq!(served.matches("data-same-origin-api").count(), 2);
        assert!(
            !served.contains("{#") && !served.contains("{{"),
            "a template tag was left"
        );
        assert!(!has_inline_script(&served));
    }

    #[test]
    fn the_page_ships_the_first_screen_the_components_render() {
        let (served, _, _) = rendered();
        let body = &served[served.find("<body>").unwrap()..];
        let first_screen = stargate_explorer::first_screen::html();
        assert!(
            first_screen.starts_with("<div id=\"boot\""),
            "{first_screen}"
        );
        assert!(
            body.contains(&indented(&first_screen)),
            "the page's body lacks first_screen::html()"
        );
        let boot = body.find("id=\"boot\"").unwrap();
        assert!(
            boot < body.find("id=\"boot-status\"").unwrap(),
            "the shell comes before the status line"
        );
        assert_eq!(body.matches("<template id=\"first-screen-").count(), 5);
    }

    #[test]
    fn the_container_s_template_fills_to_the_served_page() {
        let (served, deploy, preloads) = rendered();
        assert_eq!(deploy.matches("${BASE_HREF}").count(), 1);
        assert_eq!(deploy.matches("${API_PRELOADS}").count(), 1);
        assert_eq!(
            deploy.matches('$').count(),
            2,
            "envsubst would fill another $"
        );
        let filled = deploy
            .replace("${BASE_HREF}", "/")
            .replace("${API_PRELOADS}", &preloads);
        assert_eq!(filled, served);
        let cross_origin = deploy
            .replace("${BASE_HREF}", "/explorer/")
            .replace("${API_PRELOADS}", "");
        assert!(!cross_origin.contains("data-same-origin-api"));
        assert!(cross_origin.contains("<base href=\"/explorer/\" />"));
    }

    #[test]
    fn inline_scripts_are_found_and_linked_ones_are_not() {
        assert!(has_inline_script(
            "<head><script type=\"module\">import x</script>"
        ));
        assert!(has_inline_script("<script>alert(1)</script>"));
        assert!(!has_inline_script(
            "<script type=\"module\" src=\"./boot.js\"></script>"
        ));
        assert!(!has_inline_script("<p>no script</p>"));
    }
}
