// Loaded with require, not import: an ESM import of tfjs's CommonJS bundles runs Node's
// export-name scanner over megabytes of code, about 0.4 s of every kerasts process and test file.
import tf = require('@tensorflow/tfjs');
export = tf;
