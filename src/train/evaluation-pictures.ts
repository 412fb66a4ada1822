/** `kerasts evaluate`'s pictures: confusion-matrix.png and misclassified.png in the run directory. */
import type { LoadedDataset } from '../data/index.js';
import { RUN_FILES } from '../run/layout.js';
import { RunDirectory } from '../run/run-directory.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { confusionChartSpec } from '../viz/charts/confusion-chart.js';
import { vegaLiteToSvg } from '../viz/charts/vega-svg.js';
import { misclassifiedSvg } from '../viz/misclassified-grid.js';
import { svgToPng } from '../viz/render/svg-to-png.js';
import { mostConfidentMistakes, type ClassPredictions, type ConfusionMatrix } from '../model/confusion.js';

/** How many wrong predictions misclassified.png shows (four rows of eight). */
export const MISCLASSIFIED_SHOWN = 32;

export interface EvaluationPictures {
  confusionMatrix: string;
  misclassified: string;
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
  const grid = misclassifiedSvg({
    mistakes: mostConfidentMistakes(predictions, MISCLASSIFIED_SHOWN),
    images: dataset.test.images,
    imageShape: dataset.imageShape,
    ordering,
    classNames: confusion.classNames,
  });
  await run.writePicture(RUN_FILES.confusionMatrix, heatmap);
  await run.writePicture(RUN_FILES.misclassified, svgToPng(grid));
  return { confusionMatrix: run.path(RUN_FILES.confusionMatrix), misclassified: run.path(RUN_FILES.misclassified) };
}
