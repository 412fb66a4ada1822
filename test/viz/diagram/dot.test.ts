import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { escapeLabel, graphToDot } from '../../../src/viz/diagram/dot.js';
import type { ModelGraph } from '../../../src/viz/diagram/graph.js';
import { dotToSvg } from '../../../src/viz/diagram/layout.js';
import { svgToPng } from '../../../src/viz/render/svg-to-png.js';

const EVIL = 'a<b>&"c\' -> n1 ]; } \u0001 </svg>';

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function decodeXml(text: string): string {
  return text.replace(/&(#\d+|\w+);/g, (_, name: string) => (name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : XML_ENTITIES[name]!));
}

const graph: ModelGraph = {
  nodes: [
    { name: 'in', className: 'InputLayer', inputShape: '(None, 4)', outputShape: '(None, 4)', params: 0 },
    { name: EVIL, className: 'Dense', inputShape: '(None, 4)', outputShape: '(None, 2)', activation: 'relu', params: 1234 },
  ],
  edges: [[0, 1]],
};

test('escapeLabel turns markup into entities and control characters into U+FFFD', () => {
  assert.equal(escapeLabel('a<b>&"c\''), 'a&lt;b&gt;&amp;&quot;c&#39;');
  assert.equal(escapeLabel('x\u0001y\ty'), 'x\ufffdy\ty');
});

test('graphToDot: generated ids, one edge per connection, params only with showParams', () => {
  const dot = graphToDot(graph, { rankdir: 'LR' });
  assert.match(dot, /rankdir=LR/);
  assert.match(dot, /^ {2}n0 -> n1;$/m);
  assert.ok(!dot.includes(EVIL) && !dot.includes('</svg>'), 'the raw name must not reach DOT');
  assert.ok(!dot.includes('params:'));
  const withParams = graphToDot(graph, { showParams: true });
  assert.match(withParams, /activation:.*relu/);
  assert.match(withParams, /params:.*1,234/);
  // The input layer has no activation row.
  assert.equal(withParams.match(/activation:/g)?.length, 1);
});

test('a hostile layer name lays out, stays text in the SVG, and renders', async () => {
  const svg = await dotToSvg(graphToDot(graph, { showParams: true }));
  assert.ok(svg.startsWith('<svg'));
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => decodeXml(match[1]));
  assert.ok(texts.includes(EVIL.replace('\u0001', '\ufffd')), `the name is one text element: ${JSON.stringify(texts)}`);
  assert.equal(svg.match(/<\/svg>/g)?.length, 1);
  const png = PNG.sync.read(svgToPng(svg));
  assert.ok(png.width > 100 && png.height > 100, `${png.width} x ${png.height}`);
});
