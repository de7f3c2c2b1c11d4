// The examiner's page: the queue of pending hits and, for one hit, the probe and candidate
// fingers side by side with their minutiae and paired minutiae, per-finger scores, and the
// decision. Every call goes through the public API with the examiner's key.
import {
  FINGER_NAMES, ApiError, alterationSigns, api, apiImage, announce, drawAlterationRegions, el, explain, formatAge, formatScore, formatTime, setUpSignIn, toTime,
} from './common.js';

const RENDER_SCALE = 2; // images are rendered server-side at 2× so marks stay sharp when zoomed
const POSITIONS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

const state = {
  queue: [],
  current: undefined, // normalised examination
  position: undefined,
  zoom: 1.5,
  fit: true, // zoom follows the panel size until the examiner zooms by hand
  contrast: 1,
  overlay: true,
  regions: true, // outline where the probe's fingers looked altered at intake
  alteration: new Map(), // position → the alteration check's finding on the probe's finger
  urls: { probe: undefined, cand: undefined },
  pendingDecision: undefined,
  shown: 0, // which finger request is current: a slower, older image must not replace a newer one
};

const $ = (id) => document.getElementById(id);

/**
 * One examination as the page uses it, whatever optional fields the API adds. The hit's data are
 * in `candidate` (reference number, member state, category, scores per finger, record dates).
 */
export function normaliseExamination(raw) {
  const c = raw.candidate ?? {};
  const fingerList = c.fingers ?? c.fingerScores ?? c.perFinger ?? raw.fingers ?? [];
  const fingers = new Map();
  if (Array.isArray(fingerList)) {
    for (const f of fingerList) {
      if (f && Number.isInteger(f.position)) fingers.set(f.position, f);
    }
  } else if (fingerList && typeof fingerList === 'object') {
    for (const [k, v] of Object.entries(fingerList)) {
      const position = Number(k);
      if (Number.isInteger(position)) fingers.set(position, typeof v === 'number' ? { position, score: v } : { position, ...v });
    }
  }
  const memberStates = new Set([c.memberState, raw.memberState, raw.probe?.memberState, raw.transaction?.memberState].filter(Boolean));
  return {
    id: raw.examinationId ?? raw.id,
    transactionId: raw.transactionId,
    createdAt: toTime(raw.createdAt),
    status: raw.status,
    referenceNumber: c.referenceNumber,
    memberState: c.memberState,
    memberStates: [...memberStates],
    category: c.category,
    score: c.score ?? c.fusedScore ?? raw.score,
    fmr: c.fmr ?? raw.fmr,
    fingers,
    record: c,
    probe: raw.probe ?? raw.transaction ?? {},
  };
}

function readQueue(data) {
  const list = Array.isArray(data) ? data : data?.examinations ?? data?.items ?? [];
  return list.map(normaliseExamination).sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || String(a.id).localeCompare(String(b.id)));
}

async function loadQueue(selectId) {
  try {
    state.queue = readQueue(await api('/v1/examinations?status=pending'));
  } catch (err) {
    state.queue = [];
    renderQueue();
    showExam(undefined);
    announce(explain(err), 'error');
    return;
  }
  renderQueue();
  const keep = state.queue.find((e) => e.id === (selectId ?? state.current?.id));
  if (keep) await openExam(keep, state.position);
  else if (state.queue.length > 0) await openExam(state.queue[0]);
  else showExam(undefined);
}

function renderQueue() {
  const rows = $('queue-rows');
  rows.replaceChildren();
  $('queue-count').textContent = `(${state.queue.length})`;
  $('queue-empty').hidden = state.queue.length > 0;
  const now = Date.now();
  for (const e of state.queue) {
    const selected = state.current?.id === e.id;
    const link = el('a', { href: `#${encodeURIComponent(e.id)}`, 'aria-current': selected ? 'true' : undefined, onclick: (ev) => { ev.preventDefault(); void openExam(e); } },
      formatAge(now - (e.createdAt ?? now)));
    rows.append(el('tr', { class: selected ? 'selected' : undefined, dataset: { id: e.id } },
      el('td', {}, link),
      el('td', {}, e.category ?? '–'),
      el('td', {}, e.memberStates.join(', ') || '–'),
      el('td', { class: 'num' }, formatScore(e.score)),
    ));
  }
}

function showExam(exam) {
  state.current = exam;
  $('exam-none').hidden = !!exam;
  $('exam-body').hidden = !exam;
  if (!exam) {
    $('exam-none').textContent = state.queue.length ? 'Choose a hit in the queue.' : 'No hit is waiting for an examiner.';
  }
}

const count = (n) => Math.round(n).toLocaleString('en');

/** "once in N", N rounded to what a reader takes in: once in 310 million, once in 4,200. */
function onceIn(p) {
  const n = 1 / p;
  if (n >= 1e15) return 'less than once in a million billion';
  if (n >= 1e9) return `once in ${(n / 1e9).toPrecision(2)} billion`;
  if (n >= 1e6) return `once in ${(n / 1e6).toPrecision(2)} million`;
  return `once in ${count(Number(n.toPrecision(2)))}`;
}

/**
 * What the fused score means, in the terms of the search's fusion model (src/index/fuse-finger-scores.ts):
 * the candidate's FPIR, how often a search of a gallery this size finds someone unrelated scoring
 * this high. Undefined when the search did not report it (hits of older transactions).
 */
export function describeScore(c) {
  if (typeof c?.fpir !== 'number' || !(c.fpir > 0 || c.fpir === 0)) return undefined;
  const size = typeof c.gallerySize === 'number' ? `a gallery of ${count(c.gallerySize)} subject${c.gallerySize === 1 ? '' : 's'}` : 'this gallery';
  const fingers = typeof c.fingersCompared === 'number' ? `${c.fingersCompared} fingers compared` : '';
  const target = typeof c.targetFpir === 'number' ? `a hit needs ${onceIn(c.targetFpir)} or rarer` : '';
  const fpir = c.fpir < 1e-15 ? '< 1e-15' : c.fpir.toExponential(1);
  const notes = [fingers, target].filter(Boolean).join('; ');
  return `FPIR ${fpir}: in ${size}, someone unrelated scores this high ${c.fpir > 0 ? onceIn(c.fpir) : onceIn(1e-16)} searches${notes ? ` (${notes})` : ''}`;
}

/** Record data an examiner may see under the Eurodac rules: no names under 603/2013, only what identifies the record. */
const RECORD_FIELDS = [
  ['referenceNumber', 'Candidate reference'],
  ['memberState', 'Member state of origin'],
  ['category', 'Category'],
  ['sex', 'Sex'],
  ['place', 'Place of application'],
  ['applicationAt', 'Date of application', formatTime],
  ['capturedAt', 'Prints taken', formatTime],
  ['sentAt', 'Sent', formatTime],
  ['markedAt', 'Marked (protection granted)', formatTime],
  ['marked', 'Marked', (v) => (v ? 'yes (protection granted elsewhere)' : 'no')],
];

async function openExam(exam, position) {
  announce('');
  cancelDecision();
  showExam(exam);
  renderQueue();
  $('exam-title').textContent = `Hit on ${exam.referenceNumber ?? 'record'}`;
  const dl = $('exam-summary');
  dl.replaceChildren();
  const add = (term, value) => { if (value !== undefined && value !== null && value !== '') dl.append(el('div', {}, el('dt', {}, term), el('dd', {}, value))); };
  add('Fused score', formatScore(exam.score));
  const meaning = describeScore(exam.record);
  if (meaning) add('What it means', el('span', { id: 'score-meaning', dataset: { fpir: String(exam.record.fpir) } }, meaning));
  if (typeof exam.fmr === 'number') add('False match rate', exam.fmr.toExponential(1));
  add('Waiting', formatAge(Date.now() - (exam.createdAt ?? Date.now())));
  add('Transaction', exam.transactionId);
  if (exam.probe.category !== undefined) add('Probe category', exam.probe.category);
  if (exam.probe.memberState) add('Probe member state', exam.probe.memberState);
  for (const [key, label, fmt] of RECORD_FIELDS) {
    const v = exam.record[key];
    if (v !== undefined && v !== null) add(label, fmt ? fmt(v) : String(v));
  }
  const detail = await loadComparison(exam);
  state.alteration = new Map((Array.isArray(detail?.alteration) ? detail.alteration : []).filter((a) => Number.isInteger(a?.position)).map((a) => [a.position, a]));
  // Prints that looked altered at intake (burns, cuts, abrasion): the examiner weighs the hit knowing it.
  const altered = Array.isArray(detail?.alteration) ? detail.alteration.filter((a) => a?.altered) : [];
  if (altered.length > 0) {
    add('Probe prints look altered', el('span', { class: 'badge altered', id: 'altered-flag' },
      altered.map((a) => `${a.position} ${FINGER_NAMES[a.position] ?? ''} (${alterationSigns(a)})`).join('; ')));
  }
  // Prints whose score reached the flag on a capture that showed the platen's residue: not
  // flagged (a latent's ridges read as cuts and scars), so the examiner knows alteration was not
  // judged on them rather than found absent.
  const withheld = Array.isArray(detail?.alteration) ? detail.alteration.filter((a) => a?.withheld === 'platen-residue') : [];
  if (withheld.length > 0) {
    add('Alteration not judged', el('span', { class: 'badge withheld', id: 'alteration-withheld', dataset: { positions: withheld.map((a) => a.position).join(',') } },
      `${withheld.map((a) => `${a.position} ${FINGER_NAMES[a.position] ?? ''} (score ${a.score})`).join('; ')}: the platen showed a residue at intake, so these scores are not taken as altered prints`));
  }
  // Minutiae that lie exactly where the candidate's do, without alignment: the candidate's latent
  // left on the platen, or one image submitted twice, not a finger placed again.
  const inPlace = Array.isArray(detail?.fingers) ? detail.fingers.filter((f) => f?.residueSuspected === true) : [];
  if (inPlace.length > 0) {
    add('Minutiae in place', el('span', { class: 'badge altered', id: 'in-place-flag' },
      `${inPlace.map((f) => `${f.position} ${FINGER_NAMES[f.position] ?? ''} (${f.inPlace})`).join('; ')}: lying where the candidate's do, unaligned — the candidate's residue on the platen or the same image twice`));
  }
  // Start on the best-scoring finger: that is where the examiner looks first.
  let start = position;
  if (!start || !POSITIONS.includes(start)) {
    let best = -1;
    for (const p of POSITIONS) {
      const s = exam.fingers.get(p)?.score;
      if (typeof s === 'number' && s > best) { best = s; start = p; }
    }
  }
  renderFingers(exam);
  await showFinger(start ?? 1);
}

/**
 * The 1:1 comparison of every finger position (`GET /v1/examinations/:id`): scores for all ten
 * fingers, not only those the search reported. Without it the search's per-finger scores stay.
 */
async function loadComparison(exam) {
  let detail;
  try {
    detail = await api(`/v1/examinations/${encodeURIComponent(exam.id)}`);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 405) && err.code !== 'AFIS_EXAMINATION_NOT_FOUND') return undefined;
    announce(explain(err), 'error');
    return undefined;
  }
  if (!Array.isArray(detail?.fingers)) return detail;
  for (const f of detail.fingers) {
    if (!f || !Number.isInteger(f.position)) continue;
    exam.fingers.set(f.position, {
      position: f.position,
      score: typeof f.score === 'number' ? f.score : undefined,
      probeMissing: !f.probe,
      candidateMissing: !f.candidate,
      pairs: Array.isArray(f.pairs) ? f.pairs.length : undefined,
    });
  }
  return detail;
}

function renderFingers(exam) {
  const box = $('fingers');
  box.querySelectorAll('button').forEach((b) => b.remove());
  for (const p of POSITIONS) {
    const f = exam.fingers.get(p);
    const score = f?.score;
    const label = `${p} ${FINGER_NAMES[p]}`;
    box.append(el('button', {
      type: 'button', class: 'finger', 'aria-pressed': 'false', dataset: { position: String(p) },
      title: label, onclick: () => void showFinger(p),
    }, el('span', { class: 'pos' }, String(p)), el('span', { class: 'name' }, FINGER_NAMES[p].replace('right', 'R').replace('left', 'L')),
    el('span', { class: 'score' }, f?.probeMissing && f?.candidateMissing ? 'none' : f?.probeMissing ? 'no probe' : f?.candidateMissing ? 'no record' : formatScore(score))));
  }
}

async function showFinger(position) {
  const exam = state.current;
  if (!exam) return;
  state.position = position;
  for (const b of $('fingers').querySelectorAll('button')) b.setAttribute('aria-pressed', String(Number(b.dataset.position) === position));
  const name = `${position} · ${FINGER_NAMES[position]}`;
  const f = exam.fingers.get(position);
  const score = f?.score !== undefined ? ` · score ${formatScore(f.score)}` : '';
  $('probe-caption').textContent = `Probe · transaction ${exam.transactionId} · finger ${name}`;
  $('cand-caption').textContent = `Candidate · ${exam.referenceNumber ?? ''} (${exam.memberState ?? '?'}, category ${exam.category ?? '?'}) · finger ${name}${score}`;
  const q = `?scale=${RENDER_SCALE}${state.overlay ? `&overlay=minutiae&pairedWith=${encodeURIComponent(exam.id)}` : ''}`;
  const probeUrl = `/v1/transactions/${encodeURIComponent(exam.transactionId)}/fingers/${position}/image${q}`;
  // a central Eurodac hit is not in our store: the examination brings its prints
  const candUrl = `/v1/records/${encodeURIComponent(exam.referenceNumber ?? '')}/fingers/${position}/image${q}&examination=${encodeURIComponent(exam.id)}`;
  const ticket = ++state.shown;
  await Promise.all([loadImage('probe', probeUrl, `Probe finger ${name}`, ticket), loadImage('cand', candUrl, `Candidate finger ${name}`, ticket)]);
  if (ticket !== state.shown) return;
  drawRegions(position);
  if (state.fit) fitZoom();
  else applyView();
}

async function loadImage(which, url, alt, ticket) {
  const img = $(`${which}-img`);
  const view = $(`${which}-view`);
  try {
    const { url: blobUrl, headers } = await apiImage(url);
    if (ticket !== state.shown) {
      URL.revokeObjectURL(blobUrl);
      return;
    }
    view.querySelector('.missing')?.remove();
    if (state.urls[which]) URL.revokeObjectURL(state.urls[which]);
    state.urls[which] = blobUrl;
    const paired = headers.get('x-paired-minutiae');
    const count = headers.get('x-minutiae-count');
    img.alt = `${alt}${count ? `, ${count} minutiae` : ''}${paired ? `, ${paired} paired` : ''}`;
    img.dataset.minutiae = count ?? '';
    img.dataset.paired = paired ?? '';
    await new Promise((resolve) => { img.onload = resolve; img.onerror = resolve; img.src = blobUrl; });
    img.hidden = false;
  } catch (err) {
    if (ticket !== state.shown) return;
    view.querySelector('.missing')?.remove();
    img.hidden = true;
    img.removeAttribute('src');
    const text = err instanceof ApiError && err.status === 404 ? 'No image for this finger (not captured or declared missing).' : explain(err);
    view.append(el('p', { class: 'missing' }, text));
  }
}

/**
 * Over the probe: where its finger looked altered at intake, each sign's stretch outlined and
 * named (grey and dashed where the finding was withheld for the platen's residue).
 */
function drawRegions(position) {
  const svg = $('probe-regions');
  const img = $('probe-img');
  const finding = state.regions && !img.hidden && img.naturalWidth > 0 ? state.alteration.get(position) : undefined;
  const shown = drawAlterationRegions(svg, finding, img.naturalWidth / RENDER_SCALE, img.naturalHeight / RENDER_SCALE, true);
  svg.toggleAttribute('hidden', !shown);
}

function applyView() {
  for (const which of ['probe', 'cand']) {
    const img = $(`${which}-img`);
    if (img.naturalWidth) {
      // Same scale on both sides: natural pixels (rendered at RENDER_SCALE) × zoom.
      img.style.width = `${Math.round((img.naturalWidth / RENDER_SCALE) * state.zoom)}px`;
      img.style.height = `${Math.round((img.naturalHeight / RENDER_SCALE) * state.zoom)}px`;
    }
    img.style.filter = `contrast(${state.contrast})`;
  }
  $('zoom').value = String(state.zoom);
  $('zoom-value').textContent = `${Math.round(state.zoom * 100)} %`;
  $('contrast').value = String(state.contrast);
  $('contrast-value').textContent = `${Math.round(state.contrast * 100)} %`;
  $('overlay').checked = state.overlay;
  $('regions').checked = state.regions;
}

function setZoom(z) {
  state.fit = false;
  state.zoom = Math.min(4, Math.max(0.5, Math.round(z * 4) / 4));
  applyView();
}

function fitZoom() {
  const view = $('probe-view');
  const imgs = ['probe', 'cand'].map((w) => $(`${w}-img`)).filter((i) => i.naturalWidth);
  if (!imgs.length) return;
  const w = Math.max(...imgs.map((i) => i.naturalWidth / RENDER_SCALE));
  const h = Math.max(...imgs.map((i) => i.naturalHeight / RENDER_SCALE));
  const z = Math.min((view.clientWidth - 8) / w, (view.clientHeight - 8) / h);
  state.fit = true;
  state.zoom = Math.min(4, Math.max(0.5, Math.floor(z * 10) / 10));
  applyView();
}

function askDecision(decision) {
  if (!state.current) return;
  const examinerId = $('examinerId').value.trim();
  if (!examinerId) {
    announce('Enter your examiner id before deciding.', 'error');
    $('examinerId').focus();
    return;
  }
  state.pendingDecision = decision;
  $('ask-text').textContent = decision === 'confirmed'
    ? `Confirm the hit on ${state.current.referenceNumber} as examiner ${examinerId}?`
    : `Reject the hit on ${state.current.referenceNumber} (false hit) as examiner ${examinerId}?`;
  $('ask').hidden = false;
  $('ask').dataset.decision = decision;
  $('ask-send').focus();
}

function cancelDecision() {
  state.pendingDecision = undefined;
  $('ask').hidden = true;
}

async function sendDecision() {
  const exam = state.current;
  const decision = state.pendingDecision;
  if (!exam || !decision) return;
  const examinerId = $('examinerId').value.trim();
  const comment = $('comment').value.trim();
  sessionStorage.setItem('afis.examinerId', examinerId);
  $('ask-send').disabled = true;
  try {
    await api(`/v1/examinations/${encodeURIComponent(exam.id)}/decision`, {
      method: 'POST',
      body: { decision, examinerId, ...(comment ? { comment } : {}) },
    });
    cancelDecision();
    $('comment').value = '';
    const index = state.queue.findIndex((e) => e.id === exam.id);
    announce(`Hit on ${exam.referenceNumber} ${decision}.`, 'ok');
    const next = state.queue[index + 1] ?? state.queue[index - 1];
    state.current = undefined;
    await loadQueue(next?.id);
    announce(`Hit on ${exam.referenceNumber} ${decision}.`, 'ok');
  } catch (err) {
    cancelDecision();
    if (err instanceof ApiError && err.code === 'AFIS_EXAMINATION_ALREADY_DECIDED') {
      // Another examiner decided it first: theirs stands; show the queue as it is now.
      await loadQueue();
      announce(`This hit was already decided by another examiner; nothing was changed.`, 'error');
    } else {
      announce(explain(err), 'error');
    }
  } finally {
    $('ask-send').disabled = false;
  }
}

function moveInQueue(step) {
  if (!state.queue.length) return;
  const i = state.queue.findIndex((e) => e.id === state.current?.id);
  const next = state.queue[Math.min(state.queue.length - 1, Math.max(0, i + step))];
  if (next && next !== state.current) void openExam(next);
}

function moveFinger(step) {
  const p = state.position ?? 1;
  void showFinger(((p - 1 + step + 10) % 10) + 1);
}

function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  const typing = t instanceof HTMLInputElement && t.type !== 'checkbox' && t.type !== 'range' || t instanceof HTMLTextAreaElement;
  if (!$('ask').hidden) {
    if (e.key === 'Escape') { e.preventDefault(); cancelDecision(); }
    else if (e.key === 'Enter' && !(t instanceof HTMLButtonElement)) { e.preventDefault(); void sendDecision(); }
    return;
  }
  if (typing || $('app').hidden || !state.current) return;
  const k = e.key;
  if (k === 'c' || k === 'C') askDecision('confirmed');
  else if (k === 'r' || k === 'R') askDecision('rejected');
  else if (k === 'ArrowRight' || k === ']') moveFinger(1);
  else if (k === 'ArrowLeft' || k === '[') moveFinger(-1);
  else if (/^[0-9]$/.test(k)) void showFinger(k === '0' ? 10 : Number(k));
  else if (k === '+' || k === '=') setZoom(state.zoom + 0.25);
  else if (k === '-' || k === '_') setZoom(state.zoom - 0.25);
  else if (k === 'f' || k === 'F') fitZoom();
  else if (k === 'm' || k === 'M') { state.overlay = !state.overlay; void showFinger(state.position ?? 1); }
  else if (k === 'a' || k === 'A') { state.regions = !state.regions; $('regions').checked = state.regions; drawRegions(state.position ?? 1); }
  else if (k === 'j' || k === 'J') moveInQueue(1);
  else if (k === 'k' || k === 'K') moveInQueue(-1);
  else return;
  e.preventDefault();
}

function syncScroll(a, b) {
  // Both prints scroll together, so the same region stays side by side when zoomed in.
  a.addEventListener('scroll', () => {
    if (b.scrollLeft !== a.scrollLeft) b.scrollLeft = a.scrollLeft;
    if (b.scrollTop !== a.scrollTop) b.scrollTop = a.scrollTop;
  });
}

function wire() {
  $('examinerId').value = sessionStorage.getItem('afis.examinerId') ?? '';
  $('refresh').addEventListener('click', () => void loadQueue());
  $('zoom').addEventListener('input', (e) => setZoom(Number(e.target.value)));
  $('zoom-in').addEventListener('click', () => setZoom(state.zoom + 0.25));
  $('zoom-out').addEventListener('click', () => setZoom(state.zoom - 0.25));
  $('zoom-fit').addEventListener('click', fitZoom);
  $('contrast').addEventListener('input', (e) => { state.contrast = Number(e.target.value); applyView(); });
  $('overlay').addEventListener('change', (e) => { state.overlay = e.target.checked; void showFinger(state.position ?? 1); });
  $('regions').addEventListener('change', (e) => { state.regions = e.target.checked; drawRegions(state.position ?? 1); });
  $('confirm').addEventListener('click', () => askDecision('confirmed'));
  $('reject').addEventListener('click', () => askDecision('rejected'));
  $('ask-send').addEventListener('click', () => void sendDecision());
  $('ask-cancel').addEventListener('click', cancelDecision);
  $('decision').addEventListener('submit', (e) => e.preventDefault());
  document.addEventListener('keydown', onKey);
  window.addEventListener('resize', () => { if (state.fit) fitZoom(); });
  syncScroll($('probe-view'), $('cand-view'));
  syncScroll($('cand-view'), $('probe-view'));
}

/** New hits arrive while the examiner works: the queue list is refreshed in place, the open hit stays. */
async function refreshQueueQuietly() {
  if (document.hidden || $('app').hidden) return;
  try {
    state.queue = readQueue(await api('/v1/examinations?status=pending'));
    renderQueue();
  } catch {
    // the next explicit action shows the error
  }
}

let started = false;
setUpSignIn(() => {
  if (!started) {
    started = true;
    wire();
    setInterval(() => void refreshQueueQuietly(), 30_000);
  }
  void loadQueue();
});
