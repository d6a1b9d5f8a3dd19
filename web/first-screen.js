// The first screen before the app runs. index.html preloads the node's health and the newest
// block summaries; this script, loaded beside the wasm, takes those two answers, draws the
// rail's first cards into the page's shell (#boot) as the app draws them, and keeps the
// answers for the app, which takes them instead of asking again (crates/stargate-api,
// first_answers.rs). On Slow 4G the answers arrive about a second before the wasm.
//
// The cards are copies of the app's own, which index.html holds as templates (rendered from
// src/components/block_card by src/first_screen.rs); this script only fills in the block's
// values. The component tests (tests/components/first_screen.rs) compare its cards with the
// app's for generated blocks; e2e first-load.spec.ts checks that nothing changes when the app
// takes over. The data is from the network: text goes in as text nodes and attribute values,
// never as markup.
//
// Draws only what it is sure of: on the explorer's front page, when both answers are 200 and
// the newest blocks form an unbroken run below the tip. Anything else leaves the skeleton to
// the app.

/** Where the app looks for the answers this script took: absolute URL → Promise<Response>. */
const HANDOFF = 'stargateFirstAnswers';
/** Timestamps up to the year 9999 read the same here and in the app. */
const MAX_TIMESTAMP = 253402300799;

/** `1234567` → `"1,234,567"` (text::group_thousands). */
export function groupThousands(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `"1 transaction"` / `"3,050 transactions"` (text::count_noun). */
export function countNoun(n, singular, plural) {
  return `${groupThousands(n)} ${n === 1 ? singular : plural}`;
}

/** How long ago `then` was, as of `now`, both unix seconds (text::age). */
export function age(then, now) {
  const ago = now - then;
  if (ago < 60) return 'just now';
  if (ago < 3600) return `${Math.floor(ago / 60)} min ago`;
  if (ago < 86400) return `${Math.floor(ago / 3600)} h ago`;
  const days = Math.floor(ago / 86400);
  if (days < 2) return '1 day ago';
  if (days < 365) return `${days} days ago`;
  if (days < 730) return '1 year ago';
  return `${Math.floor(days / 365)} years ago`;
}

/** Unix seconds → `"2009-01-03 18:15 UTC"` (text::utc_datetime), years 1970 to 9999. */
export function utcDatetime(ts) {
  const iso = new Date(ts * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * Whether a thumbnail URL may go in `src` (api::safe_media_url): a path (not `//host`) or
 * http(s), and no control character, whitespace or backslash, which browsers drop or read as
 * `/` (`/\host`, `/<TAB>/host` name another host).
 */
export function safeMediaUrl(url) {
  if (/[\s\\\u0000-\u001f\u007f-\u009f]/.test(url)) return false;
  return (url.startsWith('/') && !url.startsWith('//')) || /^https?:\/\//i.test(url);
}

/** The first 16 and last 6 characters of a long hash (text::short_hash). */
export function shortHash(hash) {
  const chars = Array.from(hash);
  if (chars.length <= 24) return hash;
  return `${chars.slice(0, 16).join('')}…${chars.slice(-6).join('')}`;
}

const isCount = (n) => Number.isSafeInteger(n) && n >= 0;

/** Whether the app would read `summary` the same way this script does. */
export function drawable(summary) {
  return (
    summary !== null &&
    typeof summary === 'object' &&
    isCount(summary.block_height) &&
    typeof summary.block_hash === 'string' &&
    Number.isSafeInteger(summary.timestamp) &&
    summary.timestamp <= MAX_TIMESTAMP &&
    isCount(summary.tx_count) &&
    isCount(summary.inscription_count) &&
    typeof summary.thumbnail_url === 'string'
  );
}

/**
 * A copy of what index.html's `<template id="first-screen-NAME">` holds: the app's own element
 * for a sample block (src/first_screen.rs). Copied out of the template's inert document, so its
 * sample image is never fetched; it loads the block's once the card is in the page.
 */
function fromTemplate(name) {
  const template = document.getElementById(`first-screen-${name}`);
  return template.content.firstElementChild.cloneNode(true);
}

/** Sets the title before its spoken separator (the name ends before the counts). */
function setTitle(card, text) {
  card.querySelector('.card__title').firstChild.data = text;
}

/** The pending card: PendingCard, selected (the front page selects it). */
export function pendingCard(height) {
  const card = fromTemplate('pending');
  card.dataset.height = String(height);
  setTitle(card, `Block ${groupThousands(height)}`);
  return card;
}

/** A loaded block's card (BlockCard with its summary), not selected; `now` in unix seconds. */
export function blockCard(summary, now) {
  const height = summary.block_height;
  const genesis = height === 0;
  const card = fromTemplate(genesis ? 'genesis' : 'block');
  const glyph = () => fromTemplate(genesis ? 'genesis-glyph' : 'glyph');
  card.dataset.height = String(height);
  // genesis keeps the template's title
  if (!genesis) setTitle(card, `Block ${groupThousands(height)}`);
  const img = card.querySelector('.card__thumb img');
  if (!safeMediaUrl(summary.thumbnail_url)) {
    img.replaceWith(glyph());
  } else {
    // the preloads exist only when the API is this origin (api_base ""): the URL as it is
    img.setAttribute('src', summary.thumbnail_url);
    img.addEventListener('error', () => img.replaceWith(glyph()), { once: true });
  }
  card.querySelector('.card__counts').textContent =
    `${countNoun(summary.tx_count, 'transaction', 'transactions')}, ${countNoun(summary.inscription_count, 'inscription', 'inscriptions')}`;
  const when = card.querySelector('.card__age');
  const ts = summary.timestamp > 0 ? summary.timestamp : null;
  when.textContent = ts === null ? 'time unknown' : age(ts, now);
  if (ts === null) when.removeAttribute('title');
  else when.setAttribute('title', utcDatetime(ts));
  const hash = card.querySelector('.card__hash');
  hash.textContent = shortHash(summary.block_hash);
  hash.setAttribute('title', summary.block_hash);
  // the age and hash describe the card
  const details = `block-${height}-details`;
  when.parentElement.id = details;
  card.setAttribute('aria-describedby', details);
  return card;
}

/**
 * The cards of the first screen, left to right, at most `room`: the pending block, then the tip
 * and the blocks below it while the page holds each one (the app shows a gap card where it
 * does not).
 */
export function firstCards(health, page, now, room) {
  const networkTip = health?.bitcoin?.block_height;
  const blocks = Array.isArray(page?.blocks) ? page.blocks : [];
  if (!isCount(networkTip) || !blocks.every(drawable)) return [];
  const byHeight = new Map(blocks.map((b) => [b.block_height, b]));
  const tip = Math.max(networkTip, ...byHeight.keys());
  const cards = [pendingCard(tip + 1)];
  for (let height = tip; height >= 0 && cards.length < room && byHeight.has(height); height--) {
    cards.push(blockCard(byHeight.get(height), now));
  }
  return cards;
}

/** A 200 answer's JSON, or null (the app shows any other answer itself). */
async function json(response) {
  return response.ok ? response.json() : null;
}

async function drawFirstScreen(shell, health, summaries) {
  const track = shell.querySelector('.rail__track');
  const skeleton = track ? [...track.querySelectorAll('.skeleton-card')] : [];
  if (skeleton.length === 0) return;
  const [h, page] = await Promise.all([health.then(json), summaries.then(json)]);
  // the app has taken over meanwhile, or an answer was not one to draw from
  if (!shell.isConnected || h === null || page === null) return;
  const cards = firstCards(h, page, Math.floor(Date.now() / 1000), skeleton.length);
  if (cards.length === 0) return;
  cards.forEach((card, i) => skeleton[i].replaceWith(card));
  // a chain shorter than the shell: no empty cards after genesis
  if (cards.at(-1).dataset.height === '0') skeleton.slice(cards.length).forEach((card) => card.remove());
  // the shell now stays over the app until the app shows the same (src/shell.rs)
  shell.setAttribute('data-drawn', '');
}

/** Takes the two preloaded answers (same URL and credentials as the preloads) for both. */
function start() {
  const shell = document.getElementById('boot');
  const link = (name) => document.querySelector(`link[rel="preload"][data-same-origin-api="${name}"]`);
  const [healthLink, summariesLink] = [link('health'), link('summaries')];
  // another page than the front page, a cross-origin API (the preloads are gone), or the app
  // is already running (it removed the shell)
  const front = new URL(document.baseURI).pathname === location.pathname;
  if (!front || !shell || !healthLink || !summariesLink) return;
  const take = (url) => {
    const answer = fetch(url, { credentials: 'include', headers: { Accept: 'application/json' } });
    // one copy for the drawing, the answer itself for the app
    return [answer.then((r) => r.clone()), answer];
  };
  const [health, healthForApp] = take(healthLink.href);
  const [summaries, summariesForApp] = take(summariesLink.href);
  window[HANDOFF] = new Map([
    [healthLink.href, healthForApp],
    [summariesLink.href, summariesForApp],
  ]);
  drawFirstScreen(shell, health, summaries).catch(() => {
    // an answer that is not JSON, a network failure: the skeleton stays and the app reports it
  });
}

// in a page without the shell (the component tests import this module) start() does nothing
if (typeof document !== 'undefined') start();
