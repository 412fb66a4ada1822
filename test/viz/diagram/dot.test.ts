import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeLabel, graphToDot } from '../../../src/viz/diagram/dot.js';
import type { ModelGraph } from '../../../src/viz/diagram/graph.js';

const EVIL = 'a<b>&"c\' -> n1 ]; } \u0001 </svg>';

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
