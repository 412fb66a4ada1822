/**
 * The DOT text of a model diagram: one HTML-like table per layer, as Keras's
 * plot_model(show_shapes=True) draws it (name and class on top, input and output shapes
 * below). Node ids are generated (`n0`, `n1`), so a layer name never reaches DOT syntax
 * except inside an escaped label.
 */
import { thousands } from '../../model/summary.js';
import { DIAGRAM_FONT_FAMILY } from '../render/svg-to-png.js';
import type { DiagramNode, ModelGraph } from './graph.js';

export const RANKDIRS = ['TB', 'LR'] as const;
export type Rankdir = (typeof RANKDIRS)[number];

export interface DotOptions {
  rankdir?: Rankdir;
  /** Add the activation (for layers that have one) and the parameter count. */
  showParams?: boolean;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for a Graphviz HTML-like label and for the SVG it becomes: markup
 * characters as entities, and control characters (not allowed in XML at all) as U+FFFD.
 */
export function escapeLabel(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '\ufffd')
    .replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

const HEADER_COLOUR = '#dbe7f6';
const BORDER_COLOUR = '#4a6a94';

function row(key: string, value: string): string {
  return `<tr><td align="right"><font color="#555555">${escapeLabel(key)}</font></td><td align="left">${escapeLabel(value)}</td></tr>`;
}

function nodeLabel(node: DiagramNode, showParams: boolean): string {
  const rows = [
    `<tr><td colspan="2" bgcolor="${HEADER_COLOUR}"><b>${escapeLabel(node.name)}</b> (${escapeLabel(node.className)})</td></tr>`,
    row('input:', node.inputShape),
    row('output:', node.outputShape),
  ];
  if (showParams) {
    if (node.activation !== undefined) rows.push(row('activation:', node.activation));
    rows.push(row('params:', thousands(node.params)));
  }
  return `<<table border="1" cellborder="0" cellspacing="0" cellpadding="4" color="${BORDER_COLOUR}">${rows.join('')}</table>>`;
}

/** The DOT source of `graph`'s diagram. */
export function graphToDot(graph: ModelGraph, options: DotOptions = {}): string {
  const font = `fontname="${DIAGRAM_FONT_FAMILY}" fontsize=11`;
  const lines = [
    'digraph model {',
    `  graph [rankdir=${options.rankdir ?? 'TB'} nodesep=0.3 ranksep=0.35 bgcolor="white" pad=0.2];`,
    `  node [shape=plaintext margin=0 ${font}];`,
    `  edge [color="${BORDER_COLOUR}" arrowsize=0.7];`,
    ...graph.nodes.map((node, i) => `  n${i} [label=${nodeLabel(node, options.showParams === true)}];`),
    ...graph.edges.map(([from, to]) => `  n${from} -> n${to};`),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
