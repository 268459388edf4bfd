/**
 * The report's only script: search, filter (target, pass/fail/error) and sort (click a header) of the case
 * table. It hides and reorders rows and writes one count with textContent; it never reads or writes markup,
 * so model text cannot become HTML through it. Without it the table is complete and readable (the tools stay
 * hidden). The page's Content-Security-Policy allows exactly this text by its sha256 hash.
 */
import { createHash } from 'node:crypto';

export const TABLE_SCRIPT = `(() => {
  const table = document.getElementById('case-table');
  const tools = document.getElementById('case-tools');
  if (!table || !tools) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const q = document.getElementById('case-q');
  const ft = document.getElementById('case-target');
  const fs = document.getElementById('case-status');
  const shown = document.getElementById('case-shown');
  const cell = (r, i) => r.cells[i].textContent.trim();
  const ids = rows.map((r) => cell(r, 0).toLowerCase());
  const targets = rows.map((r) => cell(r, 1));
  const results = rows.map((r) => cell(r, 3));
  let texts = null;
  const apply = () => {
    const s = q.value.trim().toLowerCase();
    const exact = s !== '' && ids.includes(s);
    if (s !== '' && !exact && texts === null) texts = rows.map((r) => r.textContent.toLowerCase());
    let n = 0;
    rows.forEach((r, i) => {
      const hit = s === '' || (exact ? ids[i] === s : texts[i].includes(s));
      const ok = hit && (!ft.value || targets[i] === ft.value) && (!fs.value || results[i] === fs.value);
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + rows.length + ' rows shown';
  };
  const sortBy = (th) => {
    const col = th.cellIndex;
    const num = th.dataset.sort === 'num';
    const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    for (const h of table.tHead.querySelectorAll('th[aria-sort]')) h.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    const key = (r) => {
      const v = r.cells[col].textContent.trim();
      if (!num) return v;
      const x = Number.parseFloat(v.replace(/,/g, ''));
      return Number.isNaN(x) ? Number.POSITIVE_INFINITY : x;
    };
    // ties keep the current order, so clicking one header after another sorts by several keys
    const keyed = Array.from(body.rows, (r, i) => [key(r), i, r]);
    keyed.sort((a, b) => (a[0] < b[0] ? -dir : a[0] > b[0] ? dir : a[1] - b[1]));
    const frag = document.createDocumentFragment();
    for (const k of keyed) frag.appendChild(k[2]);
    body.appendChild(frag);
  };
  for (const th of table.tHead.querySelectorAll('th[data-sort]')) {
    th.tabIndex = 0;
    th.addEventListener('click', () => sortBy(th));
    th.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        sortBy(th);
      }
    });
  }
  q.addEventListener('input', apply);
  ft.addEventListener('change', apply);
  fs.addEventListener('change', apply);
  tools.hidden = false;
  table.classList.add('scripted');
  apply();
})();`;

/** `'sha256-…'` of a script's exact text, as a CSP source. */
export function scriptHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The report's Content-Security-Policy: nothing from the network, inline styles, and only this script. */
export function reportCsp(script: string = TABLE_SCRIPT): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    'img-src data:',
    `script-src ${scriptHash(script)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
