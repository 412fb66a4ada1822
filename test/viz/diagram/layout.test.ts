import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { RuntimeFailure } from '../../../src/errors.js';
import { graphToDot } from '../../../src/viz/diagram/dot.js';
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

test('a hostile layer name lays out, stays text in the SVG, and renders', async () => {
  const svg = await dotToSvg(graphToDot(graph, { showParams: true }));
  assert.ok(svg.startsWith('<svg'));
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => decodeXml(match[1]));
  assert.ok(texts.includes(EVIL.replace('\u0001', '\ufffd')), `the name is one text element: ${JSON.stringify(texts)}`);
  assert.equal(svg.match(/<\/svg>/g)?.length, 1);
  const png = PNG.sync.read(svgToPng(svg));
  assert.ok(png.width > 100 && png.height > 100, `${png.width} x ${png.height}`);
});

test('the SVG has no XML prolog or DOCTYPE (it is inlined into HTML), and bad DOT is a runtime failure', async () => {
  const svg = await dotToSvg('digraph { a -> b; }');
  assert.ok(svg.startsWith('<svg'), svg.slice(0, 40));
  assert.doesNotMatch(svg, /<\?xml|<!DOCTYPE/);
  assert.match(svg, /<title>a&#45;&gt;b<\/title>/);
  await assert.rejects(dotToSvg('digraph { a -> '), (error: unknown) => {
    assert.ok(error instanceof RuntimeFailure);
    assert.equal(error.code, 'LAYOUT_FAILED');
    assert.match(error.toLine(), /Graphviz could not lay out the diagram/);
    return true;
  });
});
