/**
 * Hand-written SVG bar charts for benchmarks/results/ (no dependencies): horizontal grouped bars, one group per
 * category (contender), one bar per series, value labels at the bar ends, a legend, an axis with ticks, and a
 * caption saying which command produced it and when.
 */
import type { ChartSpec } from './measure.js';

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2'];
const WIDTH = 820;
const LEFT = 230;
const RIGHT = 80;
const BAR = 15;
const BAR_GAP = 3;
const GROUP_GAP = 16;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A tick step of 1, 2, 2.5 or 5 × 10ⁿ giving about five ticks up to `v`, and the axis maximum (a whole number of steps). */
export function niceAxis(v: number): { step: number; max: number } {
  if (!(v > 0) || !Number.isFinite(v)) return { step: 0.2, max: 1 };
  const raw = v / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = [1, 2, 2.5, 5, 10].find((k) => k * pow >= raw * (1 - 1e-9)) ?? 10;
  const step = m * pow;
  return { step, max: Math.ceil(v / step - 1e-9) * step };
}

function label(n: number, digits: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function tickLabel(n: number): string {
  return String(Number(n.toFixed(3)));
}

/** Renders `spec` as a standalone SVG document; `caption` goes under the axis (command, date, machine). */
export function barChart(spec: ChartSpec, caption: readonly string[]): string {
  const digits = spec.digits ?? 0;
  const nSeries = spec.series.length;
  const groupH = nSeries * BAR + (nSeries - 1) * BAR_GAP;
  // Legend rows: wrap when the entries do not fit on one line.
  const legendRows: Array<Array<{ name: string; i: number; w: number }>> = [[]];
  let rowW = 0;
  spec.series.forEach((s, i) => {
    const w = 17 + s.name.length * 6.9 + 22;
    if (rowW + w > WIDTH - 40 && rowW > 0) {
      legendRows.push([]);
      rowW = 0;
    }
    legendRows[legendRows.length - 1]!.push({ name: s.name, i, w });
    rowW += w;
  });
  const top = 62 + legendRows.length * 18;
  const plotH = spec.categories.length * (groupH + GROUP_GAP) - GROUP_GAP;
  const plotW = WIDTH - LEFT - RIGHT;
  const all = spec.series.flatMap((s) => s.values.filter(Number.isFinite));
  const { step, max } = niceAxis(Math.max(0, ...all, spec.reference?.value ?? 0));
  const x = (v: number): number => LEFT + (Math.max(0, v) / max) * plotW;
  const axisY = top + plotH + 10;
  const height = axisY + 44 + caption.length * 15 + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" role="img" aria-label="${esc(spec.title)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="26" text-anchor="middle" font-size="16" font-weight="600" fill="#111827">${esc(spec.title)}</text>`,
  ];
  // Legend, centred.
  legendRows.forEach((row, r) => {
    let lx = (WIDTH - row.reduce((a, e) => a + e.w, 0) + 22) / 2;
    const ly = 44 + r * 18;
    for (const e of row) {
      out.push(`<rect x="${lx.toFixed(1)}" y="${ly}" width="12" height="12" fill="${PALETTE[e.i % PALETTE.length]}"/>`);
      out.push(`<text x="${(lx + 17).toFixed(1)}" y="${ly + 10}" font-size="12" fill="#374151">${esc(e.name)}</text>`);
      lx += e.w;
    }
  });
  // Grid and ticks.
  for (let i = 0; i <= Math.round(max / step); i++) {
    const v = step * i;
    const gx = x(v).toFixed(1);
    out.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${axisY}" stroke="${i === 0 ? '#6b7280' : '#e5e7eb'}" stroke-width="1"/>`);
    out.push(`<text x="${gx}" y="${axisY + 15}" text-anchor="middle" font-size="11" fill="#4b5563">${tickLabel(v)}</text>`);
  }
  out.push(`<text x="${LEFT + plotW / 2}" y="${axisY + 33}" text-anchor="middle" font-size="12" fill="#374151">${esc(spec.unit)}</text>`);
  // The reference line goes under the bars and their labels.
  if (spec.reference) {
    const rx = x(spec.reference.value).toFixed(1);
    out.push(`<line x1="${rx}" y1="${top - 6}" x2="${rx}" y2="${axisY}" stroke="#111827" stroke-width="1.5" stroke-dasharray="5 4"/>`);
    out.push(`<text x="${rx}" y="${top - 10}" text-anchor="middle" font-size="11" fill="#111827">${esc(spec.reference.label)}</text>`);
  }
  // Bars.
  spec.categories.forEach((cat, c) => {
    const gy = top + c * (groupH + GROUP_GAP);
    out.push(`<text x="${LEFT - 10}" y="${(gy + groupH / 2 + 4).toFixed(1)}" text-anchor="end" font-size="12.5" fill="#111827">${esc(cat)}</text>`);
    spec.series.forEach((s, i) => {
      const v = s.values[c] ?? Number.NaN;
      const by = gy + i * (BAR + BAR_GAP);
      const w = Number.isFinite(v) ? Math.max(v > 0 ? 1.5 : 0, x(v) - LEFT) : 0;
      const color = PALETTE[i % PALETTE.length]!;
      if (w > 0) out.push(`<rect x="${LEFT}" y="${by}" width="${w.toFixed(1)}" height="${BAR}" fill="${color}"><title>${esc(`${cat} · ${s.name}: ${label(v, digits)}`)}</title></rect>`);
      else out.push(`<line x1="${LEFT}" y1="${by}" x2="${LEFT}" y2="${by + BAR}" stroke="${color}" stroke-width="3"/>`);
      const text = label(v, digits);
      out.push(`<rect x="${(LEFT + w + 3).toFixed(1)}" y="${by + 1}" width="${(text.length * 6.3 + 4).toFixed(1)}" height="${BAR - 2}" fill="#ffffff"/>`);
      out.push(`<text x="${(LEFT + w + 5).toFixed(1)}" y="${by + BAR - 3}" font-size="11" fill="#111827">${esc(text)}</text>`);
    });
  });
  caption.forEach((line, i) => {
    out.push(`<text x="${WIDTH / 2}" y="${axisY + 56 + i * 15}" text-anchor="middle" font-size="11" fill="#6b7280">${esc(line)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
