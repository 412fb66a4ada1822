import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataTable, dataUri, escapeHtml, figure, keyValueTable, reportPage } from '../../../src/viz/report/html.js';

test('text is escaped for content and attributes alike', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.equal(dataUri('image/png', Uint8Array.from([1, 2, 3])), 'data:image/png;base64,AQID');
});

test('tables and figures escape every cell, label and caption', () => {
  assert.equal(keyValueTable([['a<', 'b&']]), '<table class="kv"><tr><th scope="row">a&lt;</th><td>b&amp;</td></tr></table>');
  assert.equal(dataTable(['x'], [['<1>'], ['2']]), '<table class="data"><thead><tr><th scope="col">x</th></tr></thead><tbody><tr><td>&lt;1&gt;</td></tr><tr><td>2</td></tr></tbody></table>');
  assert.equal(figure({ src: 'data:,', alt: '"q"', caption: '<c>', width: 3, height: 2 }), '<figure><img src="data:," alt="&quot;q&quot;" width="3" height="2"><figcaption>&lt;c&gt;</figcaption></figure>');
  assert.equal(figure({ src: 'data:,', alt: 'a', width: 3 }), '<figure><img src="data:," alt="a"></figure>', 'a size only when both are known');
  assert.equal(figure({ src: 'data:,', alt: 'a', width: 3, height: 2, scale: 4 }), '<figure><img src="data:," alt="a" width="12" height="8" class="pixelated"></figure>', 'a small picture shown larger keeps square pixels');
});

test('the page: no network by CSP, a nav entry per section, missing sections listed with their reasons', () => {
  const html = reportPage('Run <1>', 'sub', [
    { id: 'a', title: 'Alpha', html: '<p>ok</p>' },
    { id: 'b', title: 'Beta', missing: 'the run has no <file>' },
  ]);
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.match(html, /content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"/);
  assert.match(html, /<title>Run &lt;1&gt;<\/title>/);
  assert.match(html, /<nav><a href="#a">Alpha<\/a><a href="#b">Beta<\/a><\/nav>/);
  assert.match(html, /<li>Beta: the run has no &lt;file&gt;<\/li>/);
  assert.match(html, /<section id="a" class="present" data-section="a"><h2>Alpha<\/h2><p>ok<\/p><\/section>/);
  assert.match(html, /<section id="b" class="missing" data-section="b"><h2>Beta<\/h2><p class="missing">Missing: the run has no &lt;file&gt;<\/p><\/section>/);
  assert.doesNotMatch(html, /<script/);
  assert.doesNotMatch(reportPage('t', 's', [{ id: 'a', title: 'A', html: '' }]), /missing-list" id/, 'no list when nothing is missing');
});
