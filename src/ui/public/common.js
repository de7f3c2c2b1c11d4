// Shared by the examiner's and the desk's pages: sign-in with an API key kept in this browser
// tab's session, calls to the afis API with `Authorization: Bearer`, and small DOM helpers.
// Plain ES module, no dependencies, nothing fetched from elsewhere.

const KEY_STORAGE = 'afis.apiKey';

/** ANSI/NIST finger positions 1–10 (and the plain/slap positions 11–15). */
export const FINGER_NAMES = Object.freeze({
  1: 'right thumb', 2: 'right index', 3: 'right middle', 4: 'right ring', 5: 'right little',
  6: 'left thumb', 7: 'left index', 8: 'left middle', 9: 'left ring', 10: 'left little',
  11: 'plain right thumb', 12: 'plain left thumb', 13: 'right four-finger slap', 14: 'left four-finger slap', 15: 'plain thumbs',
});

/** The alteration check's signs (src/quality detectAlteration) as the pages name them. */
export const ALTERATION_SIGNS = Object.freeze({
  'orientation-discontinuity': 'ridges cut',
  'ridge-flow': 'ridge flow unlike a finger',
  scar: 'scar-like skin',
  'minutia-density': 'dense minutiae',
});

/** A finding's signs in words (a sign the page does not know by its identifier), or its score. */
export function alterationSigns(finding) {
  const signs = (finding?.signs ?? []).map((s) => ALTERATION_SIGNS[s] ?? s);
  return signs.length > 0 ? signs.join(', ') : `score ${finding?.score ?? '–'}`;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The outline of a region's blocks (`blocks`: top-left corners, each `blockSize` px square) as an
 * SVG path in image pixels: every block side that no other block of the region shares.
 */
function regionOutline(region) {
  const s = region.blockSize;
  const blocks = Array.isArray(region.blocks) ? region.blocks : [];
  const inside = new Set(blocks.map(([x, y]) => `${x},${y}`));
  const has = (x, y) => inside.has(`${x},${y}`);
  let d = '';
  for (const [x, y] of blocks) {
    if (!has(x, y - s)) d += `M${x} ${y}h${s}`;
    if (!has(x, y + s)) d += `M${x} ${y + s}h${s}`;
    if (!has(x - s, y)) d += `M${x} ${y}v${s}`;
    if (!has(x + s, y)) d += `M${x + s} ${y}v${s}`;
  }
  return d;
}

/**
 * Fills `svg` (laid over a print of `width` × `height` image pixels, the stored 500 ppi image) with
 * where an alteration finding's signs were read: each region outlined (class `altered`, or
 * `withheld` for a finding withheld for the platen's residue) and, with `labels`, named in words.
 * Sets `data-signs`; returns whether anything was drawn (a finding neither flagged nor withheld,
 * or without regions, draws nothing).
 */
export function drawAlterationRegions(svg, finding, width, height, labels) {
  svg.replaceChildren();
  const regions = Array.isArray(finding?.regions) ? finding.regions : [];
  const shown = regions.length > 0 && (finding.altered === true || Boolean(finding.withheld)) && width > 0 && height > 0;
  svg.dataset.signs = shown ? regions.map((r) => r.sign).join(',') : '';
  if (!shown) return false;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  for (const r of regions) {
    const g = document.createElementNS(SVG_NS, 'g');
    g.setAttribute('class', finding.altered ? 'altered' : 'withheld');
    g.dataset.sign = r.sign;
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', regionOutline(r));
    g.append(path);
    if (labels) {
      const label = document.createElementNS(SVG_NS, 'text');
      label.setAttribute('x', String(r.x + 2));
      // above the outline, or inside it at the image's top
      label.setAttribute('y', String(r.y >= 14 ? r.y - 3 : r.y + 12));
      label.textContent = alterationSigns({ signs: [r.sign] });
      g.append(label);
    }
    svg.append(g);
  }
  return true;
}

/** An answer of the API that was not 2xx, with its stable code. */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) ?? '';
}

export function signOut() {
  sessionStorage.removeItem(KEY_STORAGE);
  location.reload();
}

/** Calls the API; resolves with the parsed JSON body, rejects with an ApiError. */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const init = { method, headers: { authorization: `Bearer ${apiKey()}`, accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'NETWORK', 'The service cannot be reached.');
  }
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    throw new ApiError(res.status, data?.code ?? `HTTP_${res.status}`, data?.message ?? res.statusText, data?.details);
  }
  return data;
}

/** Fetches an image with the API key and returns an object URL for an <img> (revoke it when replaced). */
export async function apiImage(path) {
  const res = await fetch(path, { headers: { authorization: `Bearer ${apiKey()}` } });
  if (!res.ok) {
    let data;
    try { data = await res.json(); } catch { data = undefined; }
    throw new ApiError(res.status, data?.code ?? `HTTP_${res.status}`, data?.message ?? res.statusText);
  }
  return { url: URL.createObjectURL(await res.blob()), headers: res.headers };
}

/** A sentence for a person from an ApiError: what happened and what to do. */
export function explain(err) {
  if (!(err instanceof ApiError)) return `Unexpected error: ${err?.message ?? err}`;
  if (err.status === 401) return 'Your API key was not accepted. Sign out and sign in with a valid key.';
  if (err.status === 403) return `Access refused: ${err.message}. This page needs a key with the right role.`;
  if (err.status === 0) return err.message;
  return `${err.message} (${err.code})`;
}

/** Creates an element: el('button', { class: 'x', onclick: f }, 'text', child). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Shows a message in the page's live status region (read out by screen readers). */
export function announce(text, kind = 'info') {
  const box = document.getElementById('status');
  if (!box) return;
  box.textContent = text;
  box.dataset.kind = kind;
  box.hidden = !text;
}

/**
 * Wires the sign-in form and the sign-out button of a page. Calls `start()` when a key is held;
 * otherwise shows the form. The key stays in sessionStorage: gone when the tab closes.
 */
export function setUpSignIn(start) {
  const form = document.getElementById('signin');
  const app = document.getElementById('app');
  const who = document.getElementById('who');
  document.getElementById('signout')?.addEventListener('click', signOut);
  const show = () => {
    const signedIn = apiKey() !== '';
    form.hidden = signedIn;
    app.hidden = !signedIn;
    who.hidden = !signedIn;
    if (signedIn) start();
    else form.querySelector('input')?.focus();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const key = new FormData(form).get('apiKey')?.toString().trim() ?? '';
    if (!key) return;
    sessionStorage.setItem(KEY_STORAGE, key);
    form.reset();
    show();
  });
  show();
}

/** "3 h 12 min" from milliseconds. */
export function formatAge(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const min = Math.floor(ms / 60000);
  if (min < 1) return '< 1 min';
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d`;
}

/** Accepts epoch milliseconds or an ISO string. */
export function toTime(v) {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

export function formatTime(v) {
  const t = toTime(v);
  return t === undefined ? '–' : new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

export function formatScore(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(1) : '–';
}
