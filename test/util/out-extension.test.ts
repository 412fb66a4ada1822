import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { outExtension } from '../../src/util/out-extension.js';

test('outExtension returns the allowed extension in lower case, whatever the case of the name', () => {
  assert.equal(outExtension('runs/Report.HTM', ['.html', '.htm']), '.htm');
  assert.equal(outExtension('grid.png', ['.png']), '.png');
});

test('any other extension, or none, is exit 2 at --out naming every allowed one, with the hint for that extension', () => {
  const refusal = (out: string) => {
    try {
      outExtension(out, ['.png', '.svg'], { '.html': 'Use kerasts report.' });
    } catch (error) {
      assert.ok(error instanceof UserError);
      return error;
    }
    assert.fail(`${out} was taken`);
  };
  const html = refusal('model.html');
  assert.equal(html.exitCode, 2);
  assert.equal(html.toLine(), '--out: must end in .png or .svg. Received: model.html. Use kerasts report.');
  assert.equal(refusal('model').toLine(), '--out: must end in .png or .svg. Received: model.');
  assert.equal(refusal('model.png.bak').toLine(), '--out: must end in .png or .svg. Received: model.png.bak.');
});
