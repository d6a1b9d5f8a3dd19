//! `web/first-screen.js` draws the rail's first cards before the app runs, from the templates
//! the page ships (`first_screen::template_views`, the app's components, rendered to HTML by
//! the build and mounted here): for
//! generated blocks, the cards it fills in must be the app's, element for element (tag,
//! attributes, text).

use leptos::prelude::*;
use stargate_api::BlockSummary;
use stargate_explorer::chain::BlockInfo;
use stargate_explorer::components::{BlockCard, PendingCard};
use stargate_explorer::first_screen;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

#[wasm_bindgen(module = "/web/first-screen.js")]
extern "C" {
    #[wasm_bindgen(js_name = blockCard)]
    fn js_block_card(summary: &JsValue, now: f64) -> web_sys::Element;
    #[wasm_bindgen(js_name = pendingCard)]
    fn js_pending_card(height: f64) -> web_sys::Element;
    fn drawable(summary: &JsValue) -> bool;
}

#[wasm_bindgen(inline_js = r#"
// The templates of `page` (the first screen the build puts in the page) into this document, once.
export function installTemplates(page) {
  const parsed = new DOMParser().parseFromString(page, 'text/html');
  for (const template of parsed.body.querySelectorAll('template')) {
    if (!document.getElementById(template.id)) document.body.append(document.importNode(template, true));
  }
}

// An element as markup with its attributes sorted (and class names sorted), comments left out:
// what a user and the stylesheet see, whichever way the DOM was built.
export function normalized(node) {
  if (node.nodeType === 3) return node.data.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  if (node.nodeType !== 1) return '';
  const value = (a) => (a.name === 'class' ? a.value.split(/\s+/).filter(Boolean).sort().join(' ') : a.value);
  const attributes = [...node.attributes]
    .map((a) => [a.name, value(a)])
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, v]) => ` ${name}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .join('');
  return `<${node.localName}${attributes}>${[...node.childNodes].map(normalized).join('')}</${node.localName}>`;
}
"#)]
extern "C" {
    fn normalized(node: &web_sys::Node) -> String;
    #[wasm_bindgen(js_name = installTemplates)]
    fn install_templates(page: &str);
}

/// A small deterministic generator (xorshift64*): the same cases on every run.
struct Cases(u64);

impl Cases {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn pick<T: Clone>(&mut self, from: &[T]) -> T {
        from[(self.next() % from.len() as u64) as usize].clone()
    }
}

const NOW: i64 = 1_790_000_000;
const DAY: i64 = 86_400;

fn summary(cases: &mut Cases) -> BlockSummary {
    let height = cases.pick(&[0, 1, 9, 999, 1_000, 840_000, 1_234_567_890]);
    let hash_len = cases.pick(&[0, 5, 24, 25, 64]);
    let hash: String = (0..hash_len)
        .map(|_| cases.pick(&['0', '9', 'a', 'f', 'é', '🦀', '<', '"', '&']))
        .collect();
    // ages on both sides of every step of the age line, the future, unknown, and any time
    let ago = cases.pick(&[
        0,
        59,
        60,
        3_599,
        3_600,
        DAY - 1,
        DAY,
        2 * DAY - 1,
        2 * DAY,
        365 * DAY - 1,
        365 * DAY,
        730 * DAY - 1,
        730 * DAY,
        20 * 365 * DAY,
        -100,
    ]);
    let timestamp = match cases.next() % 8 {
        0 => 0,
        1 => (cases.next() % 253_402_300_799) as i64,
        _ => NOW - ago,
    };
    let count = |cases: &mut Cases| cases.pick(&[0, 1, 2, 999, 1_000, 3_050, 1_234_567]);
    BlockSummary {
        block_hash: hash,
        block_height: height,
        has_images: false,
        inscription_count: count(cases),
        preview_inscriptions: None,
        smart_contract_count: 0,
        steganography_summary: None,
        thumbnail_url: cases
            .pick(&["", "/content/ab12?witness=1", "https://img.example/a b.png"])
            .to_owned(),
        timestamp,
        tx_count: count(cases),
    }
}

/// The first screen's card templates as the browser draws their components: the build renders
/// the same views to HTML (`first_screen::html`, host only), checked against the app on the
/// page by e2e `first-load.spec.ts`.
fn browser_templates() -> String {
    let mut page = String::from("<body>");
    for (name, view) in first_screen::template_views() {
        let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
        let mounted = leptos::mount::mount_to(host.clone(), move || view);
        page.push_str(&first_screen::template(name, &host.inner_html()));
        drop(mounted);
    }
    page + "</body>"
}

/// The app's card, mounted, as normalised markup.
fn app_card(view: impl FnOnce() -> AnyView + 'static) -> String {
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let mounted = leptos::mount::mount_to(host.clone(), view);
    let card = host
        .first_element_child()
        .expect("the component drew a card");
    let markup = normalized(&card);
    drop(mounted);
    host.remove();
    markup
}

#[wasm_bindgen_test]
fn block_cards_are_the_apps() {
    install_templates(&browser_templates());
    let mut cases = Cases(0x5eed_1234_abcd_ef01);
    for _ in 0..400 {
        let summary = summary(&mut cases);
        let json = js_sys::JSON::parse(&serde_json::to_string(&summary).unwrap()).unwrap();
        assert!(
            drawable(&json),
            "a summary the app reads is drawable: {summary:?}"
        );
        let info = BlockInfo::from_summary(&summary).unwrap();
        let height = info.height;
        let app =
            app_card(move || view! { <BlockCard height info=Some(info) now=NOW /> }.into_any());
        let script = normalized(&js_block_card(&json, NOW as f64));
        assert_eq!(script, app, "{summary:?}");
    }
}

#[wasm_bindgen_test]
fn the_pending_card_is_the_apps() {
    install_templates(&browser_templates());
    for height in [1u64, 901, 1_000, 840_001, 9_007_199_254_740_991] {
        let app = app_card(move || {
            view! { <PendingCard height selected=Signal::from(true) /> }.into_any()
        });
        assert_eq!(normalized(&js_pending_card(height as f64)), app);
    }
}

#[wasm_bindgen_test]
fn what_the_app_would_read_otherwise_is_not_drawn() {
    let mut cases = Cases(7);
    let good = summary(&mut cases);
    let broken = [
        BlockSummary {
            block_height: -1,
            ..good.clone()
        },
        BlockSummary {
            tx_count: -3,
            ..good.clone()
        },
        BlockSummary {
            inscription_count: -1,
            ..good.clone()
        },
        BlockSummary {
            timestamp: 253_402_300_800,
            ..good.clone()
        },
    ];
    for summary in broken {
        let json = js_sys::JSON::parse(&serde_json::to_string(&summary).unwrap()).unwrap();
        assert!(!drawable(&json), "{summary:?}");
    }
    // fields the backend always sends, missing or of another type
    for text in [
        r#"{"block_height": 5}"#,
        r#"{"block_height": "5", "block_hash": ""}"#,
        "null",
    ] {
        assert!(!drawable(&js_sys::JSON::parse(text).unwrap()), "{text}");
    }
}
