/** The pieces of the report page: escaping, data: URIs, tables, and the page around the sections. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** An inline image: the bytes as a base64 data: URI, so the page makes no request. */
export function dataUri(mime: string, bytes: Uint8Array): string {
  return `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
}

/** A two-column table of label and value (both text, escaped here). */
export function keyValueTable(rows: [string, string][]): string {
  const body = rows.map(([key, value]) => `<tr><th scope="row">${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`).join('');
  return `<table class="kv">${body}</table>`;
}

/** A table with a header row; cells are text, escaped here. */
export function dataTable(header: string[], rows: string[][]): string {
  const head = `<tr>${header.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  return `<table class="data"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

export interface Figure {
  src: string;
  alt: string;
  caption?: string;
  width?: number;
  height?: number;
  /** Shown this many times its size with square pixels: a filter grid is a few pixels per weight. */
  scale?: number;
}

/** An <img> in a <figure>; the intrinsic size is given so the layout does not jump. */
export function figure(image: Figure): string {
  const scale = image.scale ?? 1;
  const size = image.width && image.height ? ` width="${image.width * scale}" height="${image.height * scale}"` : '';
  const pixelated = scale > 1 ? ' class="pixelated"' : '';
  const caption = image.caption ? `<figcaption>${escapeHtml(image.caption)}</figcaption>` : '';
  return `<figure><img src="${image.src}" alt="${escapeHtml(image.alt)}"${size}${pixelated}>${caption}</figure>`;
}

// No network: images only from data: URIs, styles only from this page, no scripts at all.
const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

const STYLE = `
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1.5rem; color: #1d2733; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #dbe7f6; padding-bottom: 0.2rem; margin-top: 2rem; }
nav a { margin-right: 0.8rem; color: #2f5a8f; } .missing-list { background: #fff5e0; border-left: 4px solid #e0a030; padding: 0.5rem 1rem; }
section.missing p.missing { color: #8a5a00; font-style: italic; }
table { border-collapse: collapse; margin: 0.5rem 0; } th, td { padding: 0.2rem 0.7rem; text-align: left; border-bottom: 1px solid #e3e8ee; }
table.data td { font-variant-numeric: tabular-nums; } table.kv th { color: #4b5a6b; font-weight: normal; }
pre { background: #f5f7fa; padding: 0.8rem; overflow-x: auto; font-size: 0.85rem; }
figure { display: inline-block; margin: 0.5rem 1.5rem 0.5rem 0; vertical-align: top; } figure img, .diagram svg { max-width: 100%; height: auto; }
figcaption { color: #4b5a6b; font-size: 0.9rem; text-align: center; } .diagram { overflow-x: auto; text-align: center; }
img.pixelated { image-rendering: pixelated; }
`;

export interface PageSection {
  id: string;
  title: string;
  /** The section's HTML, or why it is missing. */
  html?: string;
  missing?: string;
}

/** The whole self-contained page. */
export function reportPage(title: string, subtitle: string, sections: PageSection[]): string {
  const nav = sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('');
  const missing = sections.filter((s) => s.missing !== undefined);
  const missingList =
    missing.length === 0 ? '' : `<div class="missing-list" id="missing"><strong>Missing sections:</strong><ul>${missing.map((s) => `<li>${escapeHtml(s.title)}: ${escapeHtml(s.missing!)}</li>`).join('')}</ul></div>`;
  const body = sections
    .map((s) => {
      const state = s.missing === undefined ? 'present' : 'missing';
      const content = s.missing === undefined ? s.html! : `<p class="missing">Missing: ${escapeHtml(s.missing)}</p>`;
      return `<section id="${s.id}" class="${state}" data-section="${s.id}"><h2>${escapeHtml(s.title)}</h2>${content}</section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p><nav>${nav}</nav>${missingList}</header>
${body}
</body></html>
`;
}
