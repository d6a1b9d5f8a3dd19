//! The generated chain's contracts: proposals, tasks, submissions and rework requests in every
//! status, some hostile (script tags, `javascript:` links, event handler attributes, raw HTML,
//! images from other origins, bidi overrides, zero-width characters). Deterministic: ids and
//! times derive from the chain's anchor, never from the clock; only the live claims are moved
//! to "expiring soon" when a server opens the file ([`rearm_claims`]).
//!
//! Hostile rows are written past the backend's checks (`write_row`): its pattern list refuses
//! some of them at `POST`, but rows replicated from peers and the patterns it misses reach the
//! explorer all the same.

use bitcoin::hashes::Hash as _;
use rusqlite::{params, Connection};
use serde_json::{json, Map};
use stargate_api::Proposal;

use super::proposal_writes::write_row;
use super::proposals::read_in;
use super::publish::publish_tasks;
use super::store::record_event;
use crate::chain;
use crate::compat::Outcome;
use activity::{claim, confirm, rework, submission, SeedClaim};

mod activity;
pub mod states;
pub use activity::rearm_claims;

/// The wallet that made the seeded wishes 0, 1, 3, 4 and 5 (bind a key to it to approve).
pub const CREATOR_WALLET: &str = "bc1qseedcreator0000000000000000000000000wish";
/// Another wallet: it made seeded rework requests, and it is not a wish creator.
pub const OTHER_WALLET: &str = "bc1qseedagent00000000000000000000000000other";
/// The fixture wallet of `devserver sign-message` (P2WPKH, a public TEST key): seeded claims
/// and a submission are its "work". One claim spells it in capitals (wallets compare ignoring
/// case).
pub const FIXTURE_WALLET: &str = "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v";

/// A hostile markdown plan; every line is something the explorer must neutralise.
pub const HOSTILE_PLAN: &str = "## Plan <script>alert('plan')</script>\n\
Read [the brief](javascript:alert('link')) or [this](JaVaScRiPt:alert(1)).\n\
<img src=\"https://evil.example/pixel.png\" onerror=\"alert('img')\">\n\
![tracker](https://evil.example/track.png)\n\
<div onmouseover=\"alert('div')\" style=\"position:fixed;inset:0\">raw html</div>\n\
<iframe src=\"https://evil.example/\"></iframe>\n\
<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data link</a>\n\
Pay to \u{202e}gnp.exe\u{202c} and z\u{200b}e\u{200d}ro\u{2060}width.\n\
<svg><script>alert('svg')</script></svg><style>body{display:none}</style>\n\
### Task 1: Design <b onclick=\"alert('task')\">the moon</b>\n\
<script>\nalert('multi-line')\n</script>\n\
### Task 2: Build the \u{202e}page\u{202c} <img src=x onerror=alert('t2')>\n\
Ship it to [home](https://example.com/ok).\n\
Raw paths: [art](/content/abc123i0), [upload](/uploads/x.svg), [box](/%73andbox/x), \
[out](/b/../api/auth/logout), [node](/bitcoin/v1/health); [all wishes](/contracts).\n";

const SAFE_PLAN: &str =
    "## Plan\nA clean, small plan.\n\n### Task 1: Design the artwork\nSketch it in orange.\n\
### Task 2: Build the inscription\nEncode it as PNG.\n### Task 3: Testing on testnet\nCheck it.\n";

/// The extra seeded wishes (text, price in sats, image style): 3 approved, 4 published,
/// 5 confirmed. Wishes 0–2 are the ones `generate` writes first.
const MORE_WISHES: &[(&str, i64, u8)] = &[
    ("Render the genesis block as a mosaic", 300_000, 3),
    ("A <i>tiny</i> lighthouse for every block", 120_000, 4),
    ("Archive the first thousand wishes", 800_000, 5),
    ("A bounty board for pixel tools", 900_000, 6),
];

struct Wish {
    hash: String,
    created: i64,
}

fn wishes(conn: &Connection) -> rusqlite::Result<Vec<Wish>> {
    let mut stmt =
        conn.prepare("SELECT id, created_at FROM wishes ORDER BY created_at DESC, id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Wish {
            hash: r.get(0)?,
            created: r.get(1)?,
        })
    })?;
    rows.collect()
}

fn insert_more_wishes(conn: &Connection) -> rusqlite::Result<()> {
    for (i, (text, price, style)) in MORE_WISHES.iter().enumerate() {
        let image = crate::png::pattern(
            48,
            48,
            *style,
            crate::payloads::splitmix(chain::SEED + 100 + i as u64),
        );
        let id = bitcoin::hashes::sha256::Hash::hash(&image).to_string();
        let created = chain::ANCHOR as i64 - 3600 * (4 + i as i64);
        conn.execute(
            "INSERT INTO wishes(id, text, price_sats, address, funding_mode, image, created_at, status, creator_wallet)
             VALUES (?1, ?2, ?3, ?4, 'payout', ?5, ?6, 'pending', ?7)",
            params![id, text, price, format!("bc1p{}", &id[..38]), image, created, CREATOR_WALLET],
        )?;
    }
    Ok(())
}

fn proposal(id: &str, hash: &str, title: &str, plan: &str, budget: i64, status: &str) -> Proposal {
    let mut metadata = Map::new();
    metadata.insert("visible_pixel_hash".into(), hash.into());
    metadata.insert("contract_id".into(), hash.into());
    metadata.insert("creator_wallet".into(), OTHER_WALLET.into());
    Proposal {
        id: id.into(),
        title: title.into(),
        description_md: plan.into(),
        visible_pixel_hash: Some(hash.into()),
        budget_sats: budget,
        status: status.into(),
        created_at: String::new(),
        tasks: Vec::new(),
        metadata,
    }
}

/// Seeded agent proposal `n` (see [`agent_id`]) for wish `w`, without tasks.
fn agent_proposal(
    n: u64,
    w: &Wish,
    title: &str,
    plan: &str,
    budget: i64,
    status: &str,
) -> Proposal {
    proposal(&agent_id(n), &w.hash, title, plan, budget, status)
}

/// Gives `p` the explicit `tasks` (JSON as an agent sends them), numbered under its id.
fn set_tasks(p: &mut Proposal, tasks: serde_json::Value) -> Outcome<()> {
    p.tasks = serde_json::from_value(tasks)?;
    for (i, t) in p.tasks.iter_mut().enumerate() {
        t.task_id = format!("{}-task-{}", p.id, i + 1);
        t.contract_id = p.id.clone();
    }
    Ok(())
}

/// The proposal `/api/inscribe` creates for every wish (id = the hash).
fn wish_as_proposal(conn: &Connection, w: &Wish, status: &str) -> Outcome<()> {
    let (text, price, creator): (String, i64, Option<String>) = conn.query_row(
        "SELECT text, price_sats, creator_wallet FROM wishes WHERE id = ?1",
        [&w.hash],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut p = proposal(
        &w.hash,
        &w.hash,
        &super::store::wish_title(&text, &w.hash),
        &text,
        price,
        status,
    );
    p.metadata.remove("contract_id");
    p.metadata
        .insert("creator_wallet".into(), creator.unwrap_or_default().into());
    write_row(conn, &p, w.created)
}

/// The id of seeded agent proposal `n` (1–10): `proposal-<anchor × 10⁹ + n>`.
pub fn agent_id(n: u64) -> String {
    format!("proposal-{}", chain::ANCHOR as u64 * 1_000_000_000 + n)
}

/// Approves a stored proposal the way `approve` ends (tasks published, wish superseded),
/// without the checks (seeded plans are hostile on purpose).
fn approve_seeded(conn: &Connection, id: &str, hash: &str, status: &str, at: i64) -> Outcome<()> {
    conn.execute(
        "UPDATE sc_proposals SET status = 'approved' WHERE id = ?1",
        [id],
    )?;
    if let Some(p) = read_in(conn, id)? {
        publish_tasks(conn, &p, at)?;
    }
    conn.execute(
        "UPDATE sc_proposals SET status = ?1 WHERE id = ?2",
        params![status, id],
    )?;
    conn.execute(
        "UPDATE wishes SET status = 'superseded' WHERE id = ?1",
        [hash],
    )?;
    record_event(conn, "approve", id, "approver", "proposal approved", at)?;
    Ok(())
}

fn set_task(conn: &Connection, task_id: &str, status: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sc_tasks SET status = ?1 WHERE task_id = ?2",
        params![status, task_id],
    )?;
    Ok(())
}

/// Seeds everything; `generate` calls it once, after the blocks and the first three wishes.
pub fn seed(conn: &Connection) -> Outcome<()> {
    insert_more_wishes(conn)?;
    let w = wishes(conn)?;
    for (i, wish) in w.iter().enumerate() {
        let creator = (i != 2).then_some(CREATOR_WALLET);
        conn.execute(
            "UPDATE wishes SET creator_wallet = ?1 WHERE id = ?2",
            params![creator, wish.hash],
        )?;
        let status = if i < 3 { "pending" } else { "rejected" };
        wish_as_proposal(conn, wish, status)?;
    }
    seed_open_wishes(conn, &w)?;
    seed_decided_wishes(conn, &w)?;
    states::seed_states(conn, |conn, hash, created, title, n| {
        let wish = Wish {
            hash: hash.to_string(),
            created,
        };
        wish_as_proposal(conn, &wish, "rejected")?;
        let id = agent_id(n);
        let mut p = proposal(&id, hash, title, SAFE_PLAN, 150_000, "pending");
        p.metadata
            .insert("creator_wallet".into(), FIXTURE_WALLET.into());
        write_row(conn, &p, created + 60)?;
        approve_seeded(conn, &id, hash, "approved", created + 300)?;
        Ok(id)
    })
}

/// Wishes 0–2 stay pending: agent proposals to approve, one hostile, one already rejected.
fn seed_open_wishes(conn: &Connection, w: &[Wish]) -> Outcome<()> {
    let moon = &w[0];
    let title = "Pixel moon in three steps";
    let p = agent_proposal(1, moon, title, SAFE_PLAN, 10_000, "pending");
    write_row(conn, &p, moon.created + 60)?;
    let title =
        "<script>alert('title')</script>Moon \u{202e}plan\u{202c} <img src=x onerror=alert(1)>";
    let p = agent_proposal(2, moon, title, HOSTILE_PLAN, 9_000, "pending");
    write_row(conn, &p, moon.created + 120)?;
    // As MCP `create_proposal` stores it: metadata.contract_id = "wish-<hash>".
    let plan = "### Task 1: Write the moon guide\nOne page.";
    let mut mcp = agent_proposal(10, moon, "Moon via MCP", plan, 5_000, "pending");
    mcp.metadata
        .insert("contract_id".into(), format!("wish-{}", moon.hash).into());
    write_row(conn, &mcp, moon.created + 180)?;
    let fund = &w[1];
    let title = "Community node fundraising";
    let mut p = agent_proposal(3, fund, title, SAFE_PLAN, 250_000, "pending");
    p.metadata
        .insert("funding_mode".into(), "raise_fund".into());
    write_row(conn, &p, fund.created + 60)?;
    let (title, plan) = ("An abandoned idea", "Not this one.");
    let p = agent_proposal(4, fund, title, plan, 1_000, "rejected");
    write_row(conn, &p, fund.created + 120)?;
    let (title, plan) = ("Checkerboard, tasks given", "See the tasks.");
    let mut explicit = agent_proposal(5, &w[2], title, plan, 0, "pending");
    let tasks = json!([
        {"task_id": "", "contract_id": "", "goal_id": "g1", "title": "Draw the squares", "description": "64 of them",
         "budget_sats": 600000, "skills_required": ["design"], "status": "available"},
        {"task_id": "", "contract_id": "", "goal_id": "g1", "title": "Inscribe it", "description": "one PNG",
         "budget_sats": 400000, "skills_required": null, "status": "available"}
    ]);
    set_tasks(&mut explicit, tasks)?;
    write_row(conn, &explicit, w[2].created + 60)?;
    Ok(())
}

/// Wishes 3–5: approved (tasks available, claimed, submitted; rework open and resolved),
/// published (tasks published, approved, rejected), confirmed; wish 6: the bounty board.
fn seed_decided_wishes(conn: &Connection, w: &[Wish]) -> Outcome<()> {
    let (mosaic, lighthouse, archive) = (&w[3], &w[4], &w[5]);
    let title = "Mosaic \u{200b}of <u>genesis</u>";
    let p = agent_proposal(6, mosaic, title, SAFE_PLAN, 300_000, "pending");
    write_row(conn, &p, mosaic.created + 60)?;
    let id = p.id;
    let title = "Mosaic, the slow way";
    let loser = agent_proposal(7, mosaic, title, SAFE_PLAN, 200_000, "rejected");
    write_row(conn, &loser, mosaic.created + 90)?;
    approve_seeded(conn, &id, &mosaic.hash, "approved", mosaic.created + 300)?;
    let at = mosaic.created + 600;
    let task = format!("{id}-task-2");
    let live = SeedClaim::new(101, &task, OTHER_WALLET, "active", at);
    claim(conn, &live)?;
    let task = format!("{id}-task-3");
    let work = SeedClaim::new(1, &task, OTHER_WALLET, "submitted", at);
    submission(conn, &work, "pending_review", "https://example.com/proof")?;
    // On contract <hash>, which holds none of the markdown tasks (they live under wish-<hash>).
    let notes = "Colours are off <script>alert('rework')</script> \u{202e}fix\u{202c}";
    rework(conn, &mosaic.hash, OTHER_WALLET, 1, notes, true, at)?;
    let notes = "Bigger tiles, please. <img src=x onerror=alert('note')> z\u{200b}w";
    rework(conn, &mosaic.hash, OTHER_WALLET, 2, notes, false, at + 60)?;

    let title = "Lighthouse, published";
    let p = agent_proposal(8, lighthouse, title, SAFE_PLAN, 120_000, "pending");
    write_row(conn, &p, lighthouse.created + 60)?;
    let id = p.id;
    approve_seeded(
        conn,
        &id,
        &lighthouse.hash,
        "published",
        lighthouse.created + 300,
    )?;
    let at = lighthouse.created + 400;
    rework(
        conn,
        &format!("wish-{}", lighthouse.hash),
        OTHER_WALLET,
        3,
        "Redo the light.",
        true,
        at,
    )?;
    set_task(conn, &format!("{id}-task-1"), "published")?;
    let task = format!("{id}-task-2");
    let done = SeedClaim::new(2, &task, OTHER_WALLET, "complete", at);
    submission(conn, &done, "approved", "https://example.com/proof")?;
    set_task(conn, &format!("{id}-task-3"), "rejected")?;

    let title = "Archive, confirmed on chain";
    let p = agent_proposal(9, archive, title, SAFE_PLAN, 800_000, "pending");
    write_row(conn, &p, archive.created + 60)?;
    let id = p.id;
    approve_seeded(conn, &id, &archive.hash, "approved", archive.created + 300)?;
    conn.execute(
        "UPDATE sc_tasks SET status = 'published' WHERE contract_id = ?1",
        [format!("wish-{}", archive.hash)],
    )?;
    confirm(conn, &archive.hash, &id)?;
    seed_bounty_board(conn, &w[6])
}

/// One explicit task as an agent sends it.
fn task_json(title: &str, description: &str, budget: i64, skills: &[&str]) -> serde_json::Value {
    json!({"task_id": "", "contract_id": "", "goal_id": "bounty", "title": title,
           "description": description, "budget_sats": budget, "skills_required": skills,
           "status": "available"})
}

/// Wish 6: an approved proposal with explicit tasks (under contract `<hash>`) in several
/// skills and budgets, some hostile, claimed (live claims re-armed at start, one long
/// expired), submitted (one by the fixture wallet with a `javascript:` proof link) and
/// rejected (the task available again).
fn seed_bounty_board(conn: &Connection, board: &Wish) -> Outcome<()> {
    let (title, plan) = ("Pixel tools bounty board", "Seven tasks, given explicitly.");
    let mut p = agent_proposal(11, board, title, plan, 900_000, "pending");
    let tasks = json!([
        task_json("Design the pixel font", "A 5x7 font for block numbers.", 40_000, &["design", "typography"]),
        task_json("Build the Rust indexer", "Index wishes by block.", 250_000, &["rust", "backend"]),
        task_json("Write the onboarding guide", "Two pages, with screenshots.", 15_000, &["writing", "documentation"]),
        task_json(
            "<img src=x onerror=alert('task')>Logo \u{202e}txet <script>alert('title')</script>",
            "Read [the brief](javascript:alert('desc')) <iframe src=\"https://evil.example/\"></iframe>\nz\u{200b}ero<b onclick=\"alert(1)\">bold</b>",
            120_000,
            &["design", "<script>alert('skill')</script>", "\u{202e}tsur", "<img src=x onerror=alert('skill')>"],
        ),
        task_json("Audit the PSBT flow", "Check every signature path.", 400_000, &["security", "rust"]),
        task_json("Test on signet", "Run the suite on signet.", 2_500, &["testing", "qa"]),
        task_json("Translate the README", "Into Spanish.", 8_000, &["writing", "translation"]),
    ]);
    set_tasks(&mut p, tasks)?;
    write_row(conn, &p, board.created + 60)?;
    let id = p.id;
    approve_seeded(conn, &id, &board.hash, "approved", board.created + 300)?;
    let at = board.created + 900;
    let task = |n: usize| format!("{id}-task-{n}");
    let (t2, t3, t5, t6, t7) = (task(2), task(3), task(5), task(6), task(7));
    let c = |n, task_id, wallet, status| SeedClaim::new(n, task_id, wallet, status, at);
    claim(conn, &c(102, &t2, OTHER_WALLET, "active"))?;
    let shouting = FIXTURE_WALLET.to_uppercase();
    claim(conn, &c(103, &t3, &shouting, "active"))?;
    let audit = c(3, &t5, FIXTURE_WALLET, "submitted");
    submission(conn, &audit, "pending_review", "javascript:alert('proof')")?;
    submission(
        conn,
        &c(4, &t6, FIXTURE_WALLET, "rejected"),
        "rejected",
        "https://example.com/signet",
    )?;
    // Long expired (not re-armed): the task still says `claimed`, and anyone may claim it.
    claim(conn, &c(104, &t7, OTHER_WALLET, "active"))?;
    Ok(())
}
