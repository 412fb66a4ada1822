/**
 * DOT to SVG with Graphviz compiled to WebAssembly (`@hpcc-js/wasm-graphviz`): no system
 * Graphviz and no pydot, the install pains of Keras's plot_model.
 */
import type { Graphviz } from '@hpcc-js/wasm-graphviz';
import { RuntimeFailure } from '../../errors.js';

let graphviz: Promise<Graphviz> | undefined;

/** Lays `dot` out with the dot engine and returns the SVG text (no XML prolog or DOCTYPE). */
export async function dotToSvg(dot: string): Promise<string> {
  // Loaded on first use: only `plot` and `report` need Graphviz.
  graphviz ??= import('@hpcc-js/wasm-graphviz').then(({ Graphviz: loader }) => loader.load());
  let svg: string;
  try {
    svg = (await graphviz).dot(dot, 'svg');
  } catch (error) {
    throw new RuntimeFailure(`Graphviz could not lay out the diagram: ${error instanceof Error ? error.message : String(error)}`, { code: 'LAYOUT_FAILED' });
  }
  // The prolog and DOCTYPE would be invalid where the SVG is inlined into HTML.
  return svg.slice(svg.indexOf('<svg'));
}
