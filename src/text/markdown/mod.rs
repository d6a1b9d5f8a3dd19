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
//! There are no attributes besides `href` and, on a table's cells, a `class` from a fixed set
//! (the column's alignment): no `on*` handler, no `style` can appear.
//!
//! What a text may use depends on who wrote it, its [`Flavor`]: [`Flavor::UNTRUSTED`] (plans,
//! task descriptions, notes: anyone's text) has no tables, shifts `#` below the page's own
//! headings and keeps no relative link; [`Flavor::GUIDE`] (the app's own guide, compiled in)
//! has tables, `#` as the page's title, and links relative to `/docs/` that stay in the app.
//! Tables stay off for anyone's text because pulldown-cmark fills every short row with empty
//! cells (up to 262,144 per table): 64 kB of hostile text would become a quarter of a million
//! cells in the page.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::preview::sanitize;
use crate::routes::{self, AppPath};

/// Deepest nesting of elements kept; deeper content joins its ancestor at this depth.
pub const MAX_DEPTH: usize = 24;
/// Longest input parsed (the backend refuses plans over 10,000 characters; peers' rows may
/// be longer): the rest is cut with a note.
pub const MAX_INPUT_BYTES: usize = 64 * 1024;

/// What a text may use, by who wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flavor {
    /// GitHub's pipe tables.
    pub tables: bool,
    /// The heading level `#` becomes (1..=6); deeper levels follow, down to h6.
    pub top_heading: u8,
    /// The app path a relative link (`discover.md`) is read under (`/docs/`); `None` keeps no
    /// relative link.
    pub relative_to: Option<&'static str>,
}

impl Flavor {
    /// Anyone's text: proposals, task descriptions, notes.
    pub const UNTRUSTED: Flavor = Flavor {
        tables: false,
        top_heading: 3,
        relative_to: None,
    };
    /// The app's own guide pages (`/docs/<name>.md`).
    pub const GUIDE: Flavor = Flavor {
        tables: true,
        top_heading: 1,
        relative_to: Some("/docs/"),
    };
}

/// A table column's alignment, shown as a class (the CSP allows no inline style).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

impl Align {
    fn of(alignment: &Alignment) -> Self {
        match alignment {
            Alignment::None => Align::None,
            Alignment::Left => Align::Left,
            Alignment::Center => Align::Center,
            Alignment::Right => Align::Right,
        }
    }

    /// The cell's class, `None` for the default alignment.
    pub fn class(self) -> Option<&'static str> {
        match self {
            Align::None => None,
            Align::Left => Some("md-align-left"),
            Align::Center => Some("md-align-center"),
            Align::Right => Some("md-align-right"),
        }
    }
}

/// What an element is; each kind has one tag (see [`Kind::tag`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Paragraph,
    /// A heading, at the level its [`Flavor`] puts it (a plan's `#` is h3, below the page's own
    /// headings; the guide's is the page's h1).
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
    Table,
    TableHead,
    TableBody,
    TableRow,
    /// A cell of the table's head row.
    HeaderCell(Align),
    Cell(Align),
}

impl Kind {
    /// The element's tag name.
    pub fn tag(self) -> &'static str {
        match self {
            Kind::Paragraph => "p",
            Kind::Heading(1) => "h1",
            Kind::Heading(2) => "h2",
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
            Kind::Table => "table",
            Kind::TableHead => "thead",
            Kind::TableBody => "tbody",
            Kind::TableRow => "tr",
            Kind::HeaderCell(_) => "th",
            Kind::Cell(_) => "td",
        }
    }

    /// The element's class: a table cell's alignment, nothing else has one.
    pub fn class(self) -> Option<&'static str> {
        match self {
            Kind::HeaderCell(align) | Kind::Cell(align) => align.class(),
            _ => None,
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

/// [`safe_href`], and a relative link (`discover.md`, `../wish`) read under `relative_to`
/// (an app path ending in `/`) when the flavor keeps them. A relative link names no scheme
/// (`javascript:x` is not one), so it is a path of the app, with `written`'s rules.
fn safe_href_in(url: &str, relative_to: Option<&str>) -> Option<Href> {
    let url = url.trim();
    let relative = url
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        && !url
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("")
            .contains(':');
    match relative_to {
        Some(base) if relative => routes::written(&format!("{base}{url}")).map(Href::App),
        _ => safe_href(url),
    }
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
    /// The table being read (tables do not nest).
    table: Option<TableState>,
}

/// Where the builder is in a table: the parser gives the head's cells without a row and the
/// body's rows without a `tbody`; the tree has both.
struct TableState {
    aligns: Vec<Align>,
    column: usize,
    in_head: bool,
    body_open: bool,
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

fn heading(level: HeadingLevel, top: u8) -> Kind {
    let depth = match level {
        HeadingLevel::H1 => 0,
        HeadingLevel::H2 => 1,
        HeadingLevel::H3 => 2,
        HeadingLevel::H4 => 3,
        HeadingLevel::H5 => 4,
        HeadingLevel::H6 => 5,
    };
    Kind::Heading(top.clamp(1, 6).saturating_add(depth).min(6))
}

impl Builder {
    /// The elements a table's start tag opens (a head is a row too; the first body row opens
    /// the body), or `None` for a tag that is not part of a table.
    fn open_table_part(&mut self, tag: &Tag) -> Option<usize> {
        match tag {
            Tag::Table(alignments) => {
                self.table = Some(TableState {
                    aligns: alignments.iter().map(Align::of).collect(),
                    column: 0,
                    in_head: false,
                    body_open: false,
                });
                self.open(Kind::Table, None);
            }
            Tag::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.in_head = true;
                    t.column = 0;
                }
                self.open(Kind::TableHead, None);
                self.open(Kind::TableRow, None);
                return Some(2);
            }
            Tag::TableRow => {
                let first_body_row = self.table.as_mut().is_some_and(|t| {
                    t.column = 0;
                    !std::mem::replace(&mut t.body_open, true)
                });
                if first_body_row {
                    self.open(Kind::TableBody, None);
                }
                self.open(Kind::TableRow, None);
            }
            Tag::TableCell => {
                let (in_head, align) = self.table.as_mut().map_or((false, Align::None), |t| {
                    let align = t.aligns.get(t.column).copied().unwrap_or(Align::None);
                    t.column += 1;
                    (t.in_head, align)
                });
                self.open(
                    if in_head {
                        Kind::HeaderCell(align)
                    } else {
                        Kind::Cell(align)
                    },
                    None,
                );
            }
            _ => return None,
        }
        Some(1)
    }

    /// A table's end tag, before its own elements close: the body closes inside the table.
    fn close_table_part(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.in_head = false;
                }
            }
            TagEnd::Table => {
                let table = self.table.take();
                if table.is_some_and(|t| t.body_open) {
                    self.close();
                }
            }
            _ => {}
        }
    }
}

/// The kind of a start tag, or `None` for what is not shown as an element (HTML blocks,
/// footnotes, metadata: none is enabled, but the parser's types name them). Tables are
/// [`Builder::open_table_part`]'s.
fn kind_of(tag: &Tag, flavor: Flavor) -> Option<(Kind, Option<Href>)> {
    Some(match tag {
        Tag::Paragraph => (Kind::Paragraph, None),
        Tag::Heading { level, .. } => (heading(*level, flavor.top_heading), None),
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
        Tag::Link { dest_url, .. } => (Kind::Link, safe_href_in(dest_url, flavor.relative_to)),
        Tag::Image { .. } => (Kind::Image, None),
        _ => return None,
    })
}

/// Parses anyone's `markdown` ([`Flavor::UNTRUSTED`]) into the safe tree's top-level nodes.
pub fn parse(markdown: &str) -> Vec<Node> {
    parse_as(markdown, Flavor::UNTRUSTED)
}

/// Parses `markdown` written by whom `flavor` says into the safe tree's top-level nodes.
pub fn parse_as(markdown: &str, flavor: Flavor) -> Vec<Node> {
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
        table: None,
    };
    let mut options = Options::ENABLE_STRIKETHROUGH;
    if flavor.tables {
        options |= Options::ENABLE_TABLES;
    }
    // How many elements each open start tag opened: 0 for what we do not show (its end is
    // ignored, its text kept), 2 for a table's head (and its row).
    let mut opened = Vec::<usize>::new();
    for event in Parser::new_ext(input, options) {
        match event {
            Event::Start(tag) => match b.open_table_part(&tag) {
                Some(n) => opened.push(n),
                None => match kind_of(&tag, flavor) {
                    Some((kind, href)) => {
                        opened.push(1);
                        b.open(kind, href);
                    }
                    None => opened.push(0),
                },
            },
            Event::End(tag) => {
                b.close_table_part(tag);
                for _ in 0..opened.pop().unwrap_or(0) {
                    b.close();
                }
            }
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
                    if let Some(class) = kind.class() {
                        out.push_str(" class=\"");
                        out.push_str(class);
                        out.push('"');
                    }
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
