import { createRequire } from 'node:module';
createRequire(import.meta.url)('@tensorflow/tfjs');
