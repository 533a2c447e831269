// The documentation page's own script (docs-site/embeds.html, served at /docs/embeds.html): the
// fourth example, an <iframe> of the embed driven through its postMessage API with the client
// that /kmu-console.js exports — what any documentation page would write. Plain JavaScript, no build.
import { connect } from 'kmu-console';

const frame = /** @type {HTMLIFrameElement} */ (document.getElementById('api-embed'));
const status = document.getElementById('api-status');
const done = document.getElementById('api-done');
const keys = document.getElementById('api-keys');
const generate = /** @type {HTMLButtonElement} */ (document.getElementById('api-generate'));
const failing = /** @type {HTMLButtonElement} */ (document.getElementById('api-fail'));

/** How long the page offers the handshake before it says there is no answer. */
const ANSWER_MS = 10_000;
const hex = (n) => `0x${n.toString(16).padStart(2, '0')}`;
const say = (text, cls = '') => {
  status.textContent = text;
  status.className = cls;
};

function showKeys(state) {
  const rows = state.keys.map((k) => {
    const tr = document.createElement('tr');
    tr.dataset.handle = String(k.handle);
    for (const v of [String(k.handle), k.label, k.kind, k.kcv ?? '—', k.session ? 'yes' : 'no']) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.append(td);
    }
    return tr;
  });
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 5;
    td.className = 'muted';
    td.textContent = 'No keys.';
    tr.append(td);
    rows.push(tr);
  }
  keys.replaceChildren(...rows);
}

async function main() {
  let embed;
  try {
    embed = await connect(frame, { origin: new URL(frame.src, location.href).origin, timeout: ANSWER_MS });
  } catch {
    say(`No answer from the embed after ${ANSWER_MS / 1000} s: it answers only its own site and the origins on its allow-list.`, 'bad');
    return;
  }
  say(`Connected to the embed (playground ${embed.version}).`, 'ok');
  embed.on('commandDone', (d) => {
    const li = document.createElement('li');
    li.dataset.codes = d.codes.map(hex).join(' ');
    li.textContent = `${d.program}: ${d.line} — ${d.codes.length ? d.codes.map(hex).join(', ') : 'no return code'} (${d.status})`;
    done.append(li);
  });
  /** Run `line` in the embed, then read its keys. */
  const drive = async (line) => {
    generate.disabled = failing.disabled = true;
    try {
      say(`Running ${line} …`);
      const [result] = await embed.run([line]);
      say(`${line} returned ${result ? result.codes.map(hex).join(', ') || 'no code' : 'nothing'}; reading the embed's state …`);
      showKeys(await embed.getState());
      say(`${line} returned ${result ? result.codes.map(hex).join(', ') || 'no code' : 'nothing'}.`, result && result.codes.every((c) => c === 0) ? 'ok' : 'bad');
    } catch (e) {
      say(`The embed refused: ${e instanceof Error ? e.message : String(e)}`, 'bad');
    } finally {
      generate.disabled = failing.disabled = false;
    }
  };
  generate.addEventListener('click', () => drive('genSymKey -t 31 -s 32 -l from-the-page'));
  failing.addEventListener('click', () => drive('deleteKey -k 999999'));
  generate.disabled = failing.disabled = false;
}

void main();
