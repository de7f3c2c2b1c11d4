// The registration desk's page: today's transactions from this desk with their status, a capture
// form, and for a capture the ten fingers with their quality and a clear mark on each finger to
// recapture. Every call goes through the public API with the desk's key.
import { FINGER_NAMES, ApiError, alterationSigns, api, apiImage, announce, drawAlterationRegions, el, explain, formatScore, setUpSignIn, toTime } from './common.js';

const POSITIONS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const FORMATS = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', tif: 'tiff', tiff: 'tiff', bmp: 'bmp', wsq: 'wsq' };
const BROWSER_SHOWS = new Set(['png', 'jpeg', 'bmp']);

const $ = (id) => document.getElementById(id);
const state = { today: [], selected: undefined, urls: [] };

const dayKey = () => `afis.desk.${new Date().toISOString().slice(0, 10)}`;

/**
 * Transaction ids this desk sent or opened today, newest first: ids only, kept in the tab's
 * sessionStorage like the key (gone when the tab closes; another user of the browser sees none).
 */
function rememberedIds() {
  try {
    const v = JSON.parse(sessionStorage.getItem(dayKey()) ?? '[]');
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function remember(id) {
  const ids = [id, ...rememberedIds().filter((x) => x !== id)].slice(0, 500);
  sessionStorage.setItem(dayKey(), JSON.stringify(ids));
}

/**
 * Per-finger quality from any answer that carries it: the 202 of a capture (`quality`), the 422
 * of a refused one (`details`), or a transaction (`quality`, `fingers`).
 */
export function readQuality(body) {
  const d = body?.details ?? body ?? {};
  const list = d.quality ?? d.fingers ?? body?.quality ?? body?.fingers ?? [];
  const byPos = new Map();
  if (Array.isArray(list)) {
    for (const q of list) {
      if (q && Number.isInteger(q.position)) {
        const score = q.score ?? q.quality;
        byPos.set(q.position, { position: q.position, score: typeof score === 'number' ? score : undefined, accepted: q.accepted, reason: q.reason });
      }
    }
  }
  const recapture = new Set();
  for (const p of d.recapture ?? d.positions ?? d.recapturePositions ?? []) {
    const pos = typeof p === 'number' ? p : p?.position;
    if (Number.isInteger(pos)) recapture.add(pos);
  }
  for (const q of byPos.values()) if (q.accepted === false) recapture.add(q.position);
  const missing = new Map();
  for (const m of d.missingFingers ?? body?.missingFingers ?? body?.request?.missingFingers ?? []) {
    if (m && Number.isInteger(m.position)) missing.set(m.position, m.reason ?? 'declared missing');
  }
  return { byPos, recapture, missing };
}

function normaliseTransaction(raw, id) {
  return {
    id: raw.transactionId ?? raw.id ?? id,
    referenceNumber: raw.referenceNumber ?? raw.request?.referenceNumber,
    category: raw.category ?? raw.request?.category,
    status: raw.status,
    createdAt: toTime(raw.createdAt ?? raw.receivedAt),
    result: raw.result,
    raw,
  };
}

async function loadToday() {
  const since = new Date();
  since.setUTCHours(0, 0, 0, 0);
  let list;
  try {
    // The desk's own transactions of today, when the API offers a list.
    const data = await api(`/v1/transactions?since=${encodeURIComponent(since.toISOString())}`);
    const items = Array.isArray(data) ? data : data?.transactions ?? data?.items;
    if (Array.isArray(items)) list = items.map((t) => normaliseTransaction(t));
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 405 && err.status !== 400)) {
      announce(explain(err), 'error');
      state.today = [];
      renderToday();
      return;
    }
  }
  if (!list) {
    // No list route: the transactions this browser sent today, each asked by id.
    const answers = await Promise.allSettled(rememberedIds().map((id) => api(`/v1/transactions/${encodeURIComponent(id)}`).then((t) => normaliseTransaction(t, id))));
    list = answers.filter((a) => a.status === 'fulfilled').map((a) => a.value);
    const refused = answers.find((a) => a.status === 'rejected' && a.reason instanceof ApiError && (a.reason.status === 401 || a.reason.status === 403));
    if (refused) announce(explain(refused.reason), 'error');
  }
  state.today = list.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
  renderToday();
}

function resultText(t) {
  const r = t.result;
  if (!r) return t.status === 'awaiting-examiner' ? 'hit to verify' : '–';
  const hits = Array.isArray(r.hits) ? r.hits.length : 0;
  return [r.outcome, hits ? `${hits} hit${hits > 1 ? 's' : ''}` : '', r.route ? `→ ${r.route}` : ''].filter(Boolean).join(' ');
}

function renderToday() {
  const rows = $('today-rows');
  rows.replaceChildren();
  $('today-count').textContent = `(${state.today.length})`;
  $('today-empty').hidden = state.today.length > 0;
  for (const t of state.today) {
    const time = t.createdAt ? new Date(t.createdAt).toISOString().slice(11, 16) : '–';
    rows.append(el('tr', { class: state.selected === t.id ? 'selected' : undefined, dataset: { id: t.id } },
      el('td', {}, el('a', { href: `#${encodeURIComponent(t.id)}`, onclick: (e) => { e.preventDefault(); void openTransaction(t.id); } }, time)),
      el('td', {}, t.referenceNumber ?? t.id),
      el('td', {}, t.category ?? '–'),
      el('td', {}, el('span', { class: `badge ${t.status ?? ''}` }, t.status ?? '–')),
      el('td', {}, resultText(t)),
    ));
  }
}

function clearUrls() {
  for (const u of state.urls) URL.revokeObjectURL(u);
  state.urls = [];
}

/**
 * Shows ten tiles: a thumbnail (or why there is none), the quality 0–100 with a bar, and a mark:
 * RECAPTURE (red, thick border), OK, or MISSING (dashed) for declared missing fingers.
 */
function renderFingers({ quality, recapture, missing, thumb, heading, notes = new Map() }) {
  clearUrls();
  $('detail-none').hidden = true;
  $('detail-body').hidden = false;
  const result = $('detail-result');
  result.replaceChildren(...heading.filter(Boolean));
  const box = $('thumbs');
  box.replaceChildren();
  for (const p of POSITIONS) {
    const q = quality.get(p);
    const isMissing = missing.has(p);
    const bad = recapture.has(p);
    const note = notes.get(p);
    const kind = isMissing ? 'missing' : note?.state ?? (bad ? 'recapture' : q ? 'ok' : 'none');
    const flag = isMissing ? `MISSING: ${missing.get(p)}` : note?.flag ?? (bad ? 'RECAPTURE' : q ? 'OK' : 'not captured');
    const pic = el('div', { class: 'pic' }, isMissing ? 'declared missing' : '…');
    const score = q?.score;
    const bar = el('span');
    // CSSOM, not a style attribute: the page's CSP allows styles from our CSS file only.
    bar.style.width = `${Math.max(0, Math.min(100, score ?? 0))}%`;
    const tile = el('div', {
      class: `thumb ${kind}`, role: 'listitem', dataset: { position: String(p), state: kind },
      'aria-label': `Finger ${p} ${FINGER_NAMES[p]}: ${isMissing ? 'declared missing' : `quality ${score ?? 'unknown'}`}${bad ? ', recapture' : ''}`,
    },
    el('div', { class: 'pos' }, `${p} · ${FINGER_NAMES[p]}`),
    pic,
    el('div', { class: 'q' }, isMissing ? '–' : score !== undefined ? `${Math.round(score)}` : '–'),
    el('div', { class: 'meter', 'aria-hidden': 'true' }, bar),
    el('div', { class: 'flag' }, flag));
    box.append(tile);
    if (!isMissing) void thumb(p).then((shown) => {
      if (shown === undefined) { pic.textContent = 'no preview'; return; }
      const { src, quality: measured } = typeof shown === 'string' ? { src: shown, quality: undefined } : shown;
      if (src.startsWith('blob:')) state.urls.push(src);
      const img = el('img', { src, alt: `Finger ${p} ${FINGER_NAMES[p]}` });
      const finding = typeof shown === 'object' && shown.stored ? note?.finding : undefined;
      if (finding) {
        // the stored image is the one the check read: its regions outlined over it
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('class', 'regions');
        svg.setAttribute('aria-hidden', 'true');
        img.addEventListener('load', () => svg.toggleAttribute('hidden', !drawAlterationRegions(svg, finding, img.naturalWidth, img.naturalHeight, false)));
        pic.replaceChildren(el('span', { class: 'stage' }, img, svg));
      } else pic.replaceChildren(img);
      if (score === undefined && measured !== undefined) {
        // The quality measured at intake, sent with the stored image.
        tile.querySelector('.q').textContent = String(measured);
        bar.style.width = `${Math.max(0, Math.min(100, measured))}%`;
        tile.setAttribute('aria-label', `Finger ${p} ${FINGER_NAMES[p]}: quality ${measured}${bad ? ', recapture' : ''}`);
        if (kind === 'none') { tile.classList.replace('none', 'ok'); tile.dataset.state = 'ok'; tile.querySelector('.flag').textContent = 'OK'; }
      }
    }, () => { pic.textContent = 'no image'; });
  }
}

const FLAGS = {
  'quality-below-minimum': 'RECAPTURE',
  'no-fingerprint': 'RECAPTURE: NO PRINT',
  'low-quality': 'RECAPTURE ADVISED',
  'not-confirmed-by-slap': 'NOT CONFIRMED BY SLAP',
  'latent-residue': 'WIPE PLATEN, RECAPTURE',
  'finger-slid': 'SLID: HOLD STILL, RECAPTURE',
};

/**
 * The capture's recapture advice (`recapture` of a 202, `details.advice` of a 422): one list of
 * every finger and slap to capture again and why, and a mark on each finger's tile.
 */
function readAdvice(list, notes) {
  const advice = Array.isArray(list) ? list.filter((a) => a && Number.isInteger(a.position)) : [];
  for (const a of advice) {
    if (a.target !== 'finger') continue;
    notes.set(a.position, { state: 'recapture', flag: FLAGS[a.reasons?.[0]] ?? (a.required ? 'RECAPTURE' : 'RECAPTURE ADVISED') });
  }
  if (advice.length === 0) return null;
  return el('div', { class: 'advice', id: 'advice' },
    el('h4', {}, 'Capture again while the person is here'),
    el('ul', {}, ...advice.map((a) => el('li', {
      class: a.required ? 'required' : 'advised', dataset: { target: a.target, position: String(a.position), reasons: (a.reasons ?? []).join(' ') },
    }, `${a.required ? 'Required' : 'Advised'}: ${a.message}`))));
}

async function openTransaction(id) {
  announce('');
  state.selected = id;
  renderToday();
  let t;
  try {
    t = normaliseTransaction(await api(`/v1/transactions/${encodeURIComponent(id)}`), id);
  } catch (err) {
    announce(explain(err), 'error');
    return;
  }
  remember(t.id);
  const { byPos, recapture, missing } = readQuality(t.raw);
  const known = state.today.find((x) => x.id === t.id);
  if (known) Object.assign(known, t);
  else { state.today.unshift(t); renderToday(); }
  const r = t.result;
  // Fingers that looked altered at intake, as the capture's answer said: named, and outlined on the stored images.
  const notes = new Map();
  for (const a of t.raw?.alteration ?? []) if (a?.altered) notes.set(a.position, { state: 'altered', flag: `LOOKS ALTERED (${alterationSigns(a)})`, finding: a });
  renderFingers({
    quality: byPos, recapture, missing, notes,
    heading: [
      el('h3', {}, `Transaction ${t.id}`),
      el('dl', {},
        el('div', {}, el('dt', {}, 'Reference'), el('dd', {}, t.referenceNumber ?? '–')),
        el('div', {}, el('dt', {}, 'Status'), el('dd', {}, el('span', { class: `badge ${t.status ?? ''}` }, t.status ?? '–'))),
        r ? el('div', {}, el('dt', {}, 'Outcome'), el('dd', {}, r.outcome ?? '–')) : null,
        r?.route ? el('div', {}, el('dt', {}, 'Route'), el('dd', { id: 'route' }, r.route)) : null,
        Array.isArray(r?.hits) && r.hits.length ? el('div', {}, el('dt', {}, 'Hits'), el('dd', {}, r.hits.map((h) => `${h.referenceNumber} (${h.memberState}, cat. ${h.category}, ${formatScore(h.score)}${h.confirmed ? ', confirmed' : ''})`).join('; '))) : null,
      ),
    ],
    thumb: async (p) => {
      const { url, headers } = await apiImage(`/v1/transactions/${encodeURIComponent(t.id)}/fingers/${p}/image`);
      const q = Number(headers.get('x-finger-quality') ?? NaN);
      return { src: url, quality: Number.isFinite(q) ? q : undefined, stored: true };
    },
  });
}

/** Each segmented slap's confidence, one line: the desk sees how sure the cut was. */
function slapLine(slaps) {
  if (!Array.isArray(slaps) || slaps.length === 0) return null;
  const names = { 13: 'right four', 14: 'left four', 15: 'thumbs' };
  return el('p', { class: 'slap-line', id: 'slap-confidence' }, `Slaps segmented: ${slaps.map((s) =>
    `${names[s.position] ?? s.position} ${Math.round((s.confidence ?? 0) * 100)} %${s.missing?.length ? ` (not found: ${s.missing.join(', ')})` : ''}`).join(' · ')}`);
}

function buildSlots() {
  const box = $('slots');
  for (const p of POSITIONS) {
    const fileId = `file-${p}`;
    box.append(el('div', { class: 'slot' },
      el('label', { class: 'title', for: fileId }, `${p} · ${FINGER_NAMES[p]}`),
      el('input', { type: 'file', id: fileId, name: fileId, accept: '.png,.jpg,.jpeg,.bmp,.tif,.tiff,.wsq,image/*' }),
      el('div', { class: 'missing-row' },
        el('input', { type: 'checkbox', id: `missing-${p}`, name: `missing-${p}` }),
        el('label', { for: `missing-${p}` }, 'missing'),
        el('input', { type: 'text', id: `reason-${p}`, name: `reason-${p}`, placeholder: 'reason', 'aria-label': `Why finger ${p} is missing`, maxlength: '200' }),
      ),
    ));
  }
}

function readBase64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

async function sendCapture(e) {
  e.preventDefault();
  announce('');
  const fingers = [];
  const missingFingers = [];
  const local = new Map();
  for (const p of POSITIONS) {
    const file = $(`file-${p}`).files?.[0];
    if ($(`missing-${p}`).checked) {
      missingFingers.push({ position: p, reason: $(`reason-${p}`).value.trim() || 'not given' });
      continue;
    }
    if (!file) continue;
    const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
    const format = FORMATS[ext];
    fingers.push({ position: p, impression: 'rolled', image: await readBase64(file), ...(format ? { format } : {}) });
    local.set(p, { file, format });
  }
  if (!fingers.length) {
    announce('Choose at least one finger image.', 'error');
    return;
  }
  // Slaps go as plain impressions at 13 (right four), 14 (left four), 15 (thumbs).
  for (const s of [13, 14, 15]) {
    const file = $(`slap-${s}`).files?.[0];
    if (!file) continue;
    const format = FORMATS[file.name.split('.').pop()?.toLowerCase() ?? ''];
    fingers.push({ position: s, impression: 'plain', image: await readBase64(file), ...(format ? { format } : {}) });
  }
  const body = {
    category: Number($('category').value),
    memberState: $('memberState').value.trim().toUpperCase(),
    fingers,
    missingFingers,
    capturedAt: new Date().toISOString(),
  };
  const operatorId = $('operatorId').value.trim();
  const referenceNumber = $('referenceNumber').value.trim();
  if (operatorId) body.operatorId = operatorId;
  if (referenceNumber) body.referenceNumber = referenceNumber;
  const overrideReason = $('sequence-override').value.trim();
  if (overrideReason) body.sequenceOverride = { reason: overrideReason };
  const thumb = async (p) => {
    const l = local.get(p);
    if (!l || !BROWSER_SHOWS.has(l.format)) return undefined;
    return URL.createObjectURL(l.file);
  };
  $('send').disabled = true;
  try {
    const answer = await api('/v1/transactions', { method: 'POST', body, headers: { 'idempotency-key': crypto.randomUUID() } });
    const { byPos, recapture } = readQuality(answer);
    const missing = new Map(missingFingers.map((m) => [m.position, m.reason]));
    // Prints that look altered, and rolled prints no plain print confirms: told while the person is here.
    const notes = new Map();
    for (const p of answer?.sequence?.unconfirmed ?? []) notes.set(p, { state: 'recapture', flag: 'NOT CONFIRMED BY SLAP' });
    const advice = readAdvice(answer?.recapture, notes);
    for (const a of answer?.alteration ?? []) if (a.altered) notes.set(a.position, { state: 'altered', flag: `LOOKS ALTERED (${alterationSigns(a)})` });
    if (answer?.transactionId) remember(answer.transactionId);
    announce(`Capture accepted: transaction ${answer?.transactionId ?? ''}${answer?.referenceNumber ? `, reference ${answer.referenceNumber}` : ''}.`, 'ok');
    renderFingers({
      quality: byPos, recapture, missing, thumb, notes,
      heading: [el('h3', {}, `Accepted · ${answer?.referenceNumber ?? answer?.transactionId ?? ''}`), el('p', {}, `Status: ${answer?.status ?? '–'}`), slapLine(answer?.slaps), advice],
    });
    state.selected = answer?.transactionId;
    await loadToday();
  } catch (err) {
    if (err instanceof ApiError && err.code === 'AFIS_SEQUENCE_MISMATCH') {
      // Rolled prints in each other's boxes: show which boxes to swap (or recapture).
      const pairs = (err.details?.positions ?? []).filter((p) => Array.isArray(p) && p.length === 2);
      const notes = new Map([...local.keys()].map((p) => [p, { state: 'ok', flag: 'OK' }]));
      for (const [a, b] of pairs) {
        notes.set(a, { state: 'recapture', flag: `SWAP WITH ${b}` });
        notes.set(b, { state: 'recapture', flag: `SWAP WITH ${a}` });
      }
      const text = pairs.map(([a, b]) => `${a} (${FINGER_NAMES[a]}) and ${b} (${FINGER_NAMES[b]})`).join('; ');
      announce(`Capture refused: rolled fingers in the wrong boxes: ${text}. Swap or recapture them, or give a reason to keep them.`, 'error');
      renderFingers({
        quality: new Map(), recapture: new Set(), missing: new Map(missingFingers.map((m) => [m.position, m.reason])), thumb, notes,
        heading: [el('h3', {}, 'Refused · fingers in the wrong boxes'), el('p', {}, `${err.message} (${err.code})`)],
      });
    } else if (err instanceof ApiError && err.status === 422) {
      const { byPos, recapture, missing } = readQuality({ details: err.details ?? {} });
      for (const m of missingFingers) missing.set(m.position, m.reason);
      const positions = [...recapture].sort((a, b) => a - b);
      announce(positions.length
        ? `Capture refused: recapture finger${positions.length > 1 ? 's' : ''} ${positions.map((p) => `${p} (${FINGER_NAMES[p]})`).join(', ')}.`
        : `Capture refused: ${err.message}`, 'error');
      const notes = new Map();
      const advice = readAdvice(err.details?.advice, notes);
      renderFingers({
        quality: byPos, recapture, missing, thumb, notes,
        heading: [el('h3', {}, 'Refused · recapture the marked fingers'), el('p', {}, `${err.message} (${err.code})`), slapLine(err.details?.slaps), advice],
      });
    } else {
      announce(explain(err), 'error');
    }
  } finally {
    $('send').disabled = false;
  }
}

let started = false;
setUpSignIn(() => {
  if (!started) {
    started = true;
    buildSlots();
    $('capture').addEventListener('submit', (e) => void sendCapture(e));
    $('refresh').addEventListener('click', () => void loadToday());
    $('open-form').addEventListener('submit', (e) => { e.preventDefault(); const id = $('open-id').value.trim(); if (id) void openTransaction(id); });
  }
  void loadToday();
});
