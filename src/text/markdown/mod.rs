//! Markdown written by anyone (proposal plans, task descriptions) → a tree of safe nodes.
//!
//! `pulldown-cmark` parses; this module keeps only what it knows to be harmless, and
//! `components::markdown` renders the tree as elements and text nodes (never as HTML):
//! - raw HTML (blocks and inline) is dropped, text inside it with it;
//! - links keep a target only for `http(s)://`, a fragment, or a path of the app (`/x`, not
//!   `//x`; see [`crate::routes::written`]), which is shown under the deployment's base path;
//!   a link to the backend's raw paths (`/content/<id>` becomes the app's inscription page,
//!   `/uploads/`, `/sandbox/`, `/api/`, `/bitcoin/` plain text) or to any other target
//!   (`javascript:`, `data:`, …) leaves the link text alone;
//! - images are never loaded: their alt text is shown in a marked span;
//! - every text is sanitised (controls, bidi overrides, invisible characters) like all
//!   untrusted text;
//! - nesting is capped at [`MAX_DEPTH`] and input at [`MAX_INPUT_BYTES`], so a hostile plan
//!   cannot make the renderer recurse without end.
//!
//! There are no attributes besides `href`: no `on*` handler, no `style` can appear.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};

use super::preview::sanitize;
use crate::routes::{self, AppPath};

/// Deepest nesting of elements kept; deeper content joins its ancestor at this depth.
pub const MAX_DEPTH: usize = 24;
/// Longest input parsed (the backend refuses plans over 10,000 characters; peers' rows may
/// be longer): the rest is cut with a note.
pub const MAX_INPUT_BYTES: usize = 64 * 1024;

/// What an element is; each kind has one tag (see [`Kind::tag`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Paragraph,
    /// A heading, shifted so a plan's `#` sits below the page's own headings (h3..h6).
    Heading(u8),
    BlockQuote,
    CodeBlock,
    List {
        ordered: bool,
    },
    Item,
    Emphasis,
    Strong,
    Strikethrough,
    Code,
    Link,
    /// An image that is not loaded: its alt text.
    Image,
    Rule,
    LineBreak,
}

impl Kind {
    /// The element's tag name.
    pub fn tag(self) -> &'static str {
        match self {
            Kind::Paragraph => "p",
            Kind::Heading(3) => "h3",
            Kind::Heading(4) => "h4",
            Kind::Heading(5) => "h5",
            Kind::Heading(_) => "h6",
            Kind::BlockQuote => "blockquote",
            Kind::CodeBlock => "pre",
            Kind::List { ordered: true } => "ol",
            Kind::List { ordered: false } => "ul",
            Kind::Item => "li",
            Kind::Emphasis => "em",
            Kind::Strong => "strong",
            Kind::Strikethrough => "del",
            Kind::Code => "code",
            Kind::Link => "a",
            Kind::Image => "span",
            Kind::Rule => "hr",
            Kind::LineBreak => "br",
        }
    }
}

/// A node of the safe tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Text(String),
    Element {
        kind: Kind,
        /// Only on links, and only a safe target (see [`safe_href`]).
        href: Option<Href>,
        children: Vec<Node>,
    },
}

/// Where a kept link goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Href {
    /// `http(s)://…` or `#fragment`, as written.
    External(String),
    /// A page of the app: shown under the base path, opened in the app.
    App(AppPath),
}

impl Href {
    /// The `href` attribute under the base path `base` (`""` or `"/explorer"`).
    pub fn href_under(&self, base: &str) -> String {
        match self {
            Href::External(url) => url.clone(),
            Href::App(path) => path.href_under(base),
        }
    }
}

/// A link target that is safe to follow: `http(s)://…`, `#frag`, or a path of the app
/// ([`routes::written`]: never the backend's raw paths), without controls, spaces or
/// backslashes. `None` for anything else.
pub fn safe_href(url: &str) -> Option<Href> {
    let url = url.trim();
    if url.is_empty()
        || url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || url.starts_with('#') {
        return Some(Href::External(url.to_owned()));
    }
    routes::written(url).map(Href::App)
}

/// An element under construction.
struct Open {
    kind: Kind,
    href: Option<Href>,
    children: Vec<Node>,
}

/// Builds the tree: a stack of open elements; text goes to the innermost.
struct Builder {
    stack: Vec<Open>,
    /// Ends to ignore: elements not opened because of the depth cap.
    skipped: usize,
}

impl Builder {
    fn push_node(&mut self, node: Node) {
        if let Some(top) = self.stack.last_mut() {
            top.children.push(node);
        }
    }

    fn push_text(&mut self, text: &str) {
        let clean = sanitize(text);
        if clean.is_empty() {
            return;
        }
        // Neighbouring texts merge (fewer nodes to render).
        if let Some(Open { children, .. }) = self.stack.last_mut() {
            if let Some(Node::Text(last)) = children.last_mut() {
                last.push_str(&clean);
                return;
            }
            children.push(Node::Text(clean));
        }
    }

    fn open(&mut self, kind: Kind, href: Option<Href>) {
        // The root is stack[0]: depth counts the elements inside it.
        if self.stack.len() > MAX_DEPTH {
            self.skipped += 1;
            return;
        }
        self.stack.push(Open {
            kind,
            href,
            children: Vec::new(),
        });
    }

    fn close(&mut self) {
        if self.skipped > 0 {
            self.skipped -= 1;
            return;
        }
        if self.stack.len() < 2 {
            return; // never pop the root
        }
        if let Some(open) = self.stack.pop() {
            self.push_node(Node::Element {
                kind: open.kind,
                href: open.href,
                children: open.children,
            });
        }
    }

    fn leaf(&mut self, kind: Kind) {
        self.push_node(Node::Element {
            kind,
            href: None,
            children: Vec::new(),
        });
    }
}

fn heading(level: HeadingLevel) -> Kind {
    let shifted = match level {
        HeadingLevel::H1 => 3,
        HeadingLevel::H2 => 4,
        HeadingLevel::H3 => 5,
        _ => 6,
    };
    Kind::Heading(shifted)
}

/// The kind of a start tag, or `None` for what is not shown as an element (HTML blocks,
/// tables, footnotes, metadata: none is enabled, but the parser's types name them).
fn kind_of(tag: &Tag) -> Option<(Kind, Option<Href>)> {
    Some(match tag {
        Tag::Paragraph => (Kind::Paragraph, None),
        Tag::Heading { level, .. } => (heading(*level), None),
        Tag::BlockQuote(_) => (Kind::BlockQuote, None),
        Tag::CodeBlock(_) => (Kind::CodeBlock, None),
        Tag::List(start) => (
            Kind::List {
                ordered: start.is_some(),
            },
            None,
        ),
        Tag::Item => (Kind::Item, None),
        Tag::Emphasis => (Kind::Emphasis, None),
        Tag::Strong => (Kind::Strong, None),
        Tag::Strikethrough => (Kind::Strikethrough, None),
        Tag::Link { dest_url, .. } => (Kind::Link, safe_href(dest_url)),
        Tag::Image { .. } => (Kind::Image, None),
        _ => return None,
    })
}

/// Parses `markdown` into the safe tree's top-level nodes.
pub fn parse(markdown: &str) -> Vec<Node> {
    let mut end = markdown.len().min(MAX_INPUT_BYTES);
    while !markdown.is_char_boundary(end) {
        end -= 1;
    }
    let (input, cut) = (&markdown[..end], end < markdown.len());
    let mut b = Builder {
        stack: vec![Open {
            kind: Kind::Paragraph,
            href: None,
            children: Vec::new(),
        }],
        skipped: 0,
    };
    // Elements the parser opened that we do not show: their ends are ignored, their text kept.
    let mut hidden = Vec::<bool>::new();
    for event in Parser::new_ext(input, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(tag) => match kind_of(&tag) {
                Some((kind, href)) => {
                    hidden.push(false);
                    b.open(kind, href);
                }
                None => hidden.push(true),
            },
            Event::End(_) if hidden.pop() != Some(true) => b.close(),
            Event::Text(t) => b.push_text(&t),
            Event::Code(t) => {
                b.open(Kind::Code, None);
                b.push_text(&t);
                b.close();
            }
            Event::SoftBreak => b.push_text(" "),
            Event::HardBreak => b.leaf(Kind::LineBreak),
            Event::Rule => b.leaf(Kind::Rule),
            // Raw HTML is dropped, with everything inside it; so are math, footnote references
            // and task-list markers (none is enabled).
            _ => {}
        }
    }
    while b.stack.len() > 1 {
        b.close();
    }
    let mut nodes = b.stack.pop().map(|root| root.children).unwrap_or_default();
    if cut {
        nodes.push(Node::Element {
            kind: Kind::Paragraph,
            href: None,
            children: vec![Node::Text(format!(
                "(The plan is longer than {} kB; the rest is not shown.)",
                MAX_INPUT_BYTES / 1024
            ))],
        });
    }
    nodes
}

/// The tree as HTML text, escaped, with app links under the base path `""`: for tests and
/// for a plain-text summary's checks.
pub fn to_html(nodes: &[Node]) -> String {
    fn escape(text: &str, out: &mut String) {
        for c in text.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '"' => out.push_str("&quot;"),
                c => out.push(c),
            }
        }
    }
    fn walk(nodes: &[Node], out: &mut String) {
        for node in nodes {
            match node {
                Node::Text(t) => escape(t, out),
                Node::Element {
                    kind,
                    href,
                    children,
                } => {
                    out.push('<');
                    out.push_str(kind.tag());
                    if let Some(h) = href {
                        out.push_str(" href=\"");
                        escape(&h.href_under(""), out);
                        out.push('"');
                    }
                    out.push('>');
                    walk(children, out);
                    out.push_str("</");
                    out.push_str(kind.tag());
                    out.push('>');
                }
            }
        }
    }
    let mut out = String::new();
    walk(nodes, &mut out);
    out
}

/// The text of the tree, without markup (for a card's one-line summary).
pub fn plain_text(nodes: &[Node]) -> String {
    fn walk(nodes: &[Node], out: &mut String) {
        for node in nodes {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Element { kind, children, .. } => {
                    walk(children, out);
                    if !matches!(
                        kind,
                        Kind::Emphasis
                            | Kind::Strong
                            | Kind::Code
                            | Kind::Link
                            | Kind::Strikethrough
                            | Kind::Image
                    ) {
                        out.push(' ');
                    }
                }
            }
        }
    }
    let mut out = String::new();
    walk(nodes, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
