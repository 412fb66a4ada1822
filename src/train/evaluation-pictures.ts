/** `kerasts evaluate`'s pictures: confusion-matrix.png and misclassified.png in the run directory. */
import type { LoadedDataset } from '../data/index.js';
import { RUN_FILES } from '../run/layout.js';
import { RunDirectory } from '../run/run-directory.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { confusionChartSpec } from '../viz/charts/confusion-chart.js';
import { vegaLiteToSvg } from '../viz/charts/vega-svg.js';
import { misclassifiedSvg } from '../viz/misclassified-grid.js';
import { svgToPng } from '../viz/render/svg-to-png.js';
import { mostConfidentMistakes, type ClassPredictions, type ConfusionMatrix, type Misclassified } from '../model/confusion.js';

/** How many wrong predictions misclassified.png shows (four rows of eight). */
export const MISCLASSIFIED_SHOWN = 32;

export interface EvaluationPictures {
  confusionMatrix: string;
  misclassified: string;
}

/**
 * The test images the grid shows: the split's own array when held; when it is streamed from
 * the cache, only the shown images are read (and the mistakes renumbered to them).
 */
function shownImages(mistakes: Misclassified[], dataset: Pick<LoadedDataset, 'test' | 'imageShape'>): { mistakes: Misclassified[]; images: Float32Array } {
  const rows = dataset.test.streamed;
  if (rows === undefined) return { mistakes, images: dataset.test.images };
  const images = new Float32Array(mistakes.length * rows.rowSize);
  rows.read(mistakes.map((mistake) => mistake.index), images);
  return { mistakes: mistakes.map((mistake, i) => ({ ...mistake, index: i })), images };
}

/** Draws both pictures and writes them atomically; returns their paths. */
export async function writeEvaluationPictures(
  runDir: string,
  confusion: ConfusionMatrix,
  predictions: ClassPredictions,
  dataset: Pick<LoadedDataset, 'test' | 'imageShape'>,
  ordering: ImageDimOrdering,
): Promise<EvaluationPictures> {
  const run = new RunDirectory(runDir);
  const heatmap = svgToPng(await vegaLiteToSvg(confusionChartSpec(confusion)));
  const { mistakes, images } = shownImages(mostConfidentMistakes(predictions, MISCLASSIFIED_SHOWN), dataset);
  const grid = misclassifiedSvg({
    mistakes,
    images,
    imageShape: dataset.imageShape,
    ordering,
    classNames: confusion.classNames,
  });
  await run.writePicture(RUN_FILES.confusionMatrix, heatmap);
  await run.writePicture(RUN_FILES.misclassified, svgToPng(grid));
  return { confusionMatrix: run.path(RUN_FILES.confusionMatrix), misclassified: run.path(RUN_FILES.misclassified) };
}
