import tf from '../src/util/tfjs.cjs';
import { initBackend } from '../src/backend/select.js';
import { weightedSum } from '../src/train/parallel/weighted-sum.js';
import { FusedRMSProp } from '../src/model/fused-rmsprop.js';
await initBackend('wasm');
const shapes = [[3,3,3,32],[32],[3,3,32,32],[32],[3,3,32,64],[64],[3,3,64,64],[64],[2304,512],[512],[512,10],[10]];
const vars = shapes.map((s, i) => tf.variable(tf.randomNormal(s), true, `v${i}`));
const which = process.argv[2] ?? 'fused';
const opt = which === 'tfjs' ? tf.train.rmsprop(1e-4, 0.9, 0, 1e-7) : new FusedRMSProp(1e-4, 0.9, 0, 1e-7);
const grads = vars.map((v) => tf.randomNormal(v.shape));
const shared = vars.map((v) => { const b = new Float32Array(new SharedArrayBuffer(v.size * 4)); b.set(tf.randomNormal(v.shape).dataSync() as Float32Array); return b; });
const comb: number[] = [], app: number[] = [];
for (let it = 0; it < 30; it++) {
  const t0 = performance.now();
  const named: tf.NamedTensorMap = {};
  tf.tidy(() => vars.forEach((v, k) => { named[v.name] = weightedSum(grads[k]!, tf.tensor(shared[k]!, v.shape), 0.5, 0.5); tf.keep(named[v.name]!); }));
  const t1 = performance.now();
  opt.applyGradients(named);
  const t2 = performance.now();
  tf.dispose(Object.values(named));
  comb.push(t1 - t0); app.push(t2 - t1);
}
const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!.toFixed(2);
console.log(which, 'combine', med(comb), 'apply', med(app));
