/**
 * Where the model goes wrong: the confusion matrix (rows the true class, columns the
 * predicted one, as scikit-learn and tfjs-vis lay it out), per-class accuracy, and the
 * wrong predictions the model was most sure of.
 */

/** The predicted class and its probability for each sample, beside the true labels. */
export interface ClassPredictions {
  labels: ArrayLike<number>;
  predicted: ArrayLike<number>;
  probability: ArrayLike<number>;
}

export interface ConfusionMatrix {
  classNames: string[];
  /** `matrix[t][p]`: samples of true class t predicted as p. */
  matrix: number[][];
  /** Correct / total per true class; null for a class with no test sample. */
  perClassAccuracy: (number | null)[];
}

export interface Misclassified {
  /** Index of the sample in the test set. */
  index: number;
  trueClass: number;
  predictedClass: number;
  probability: number;
}

/** Counts `predictions` into a matrix over `classNames.length` classes. */
export function confusionMatrix(predictions: ClassPredictions, classNames: readonly string[]): ConfusionMatrix {
  const n = classNames.length;
  const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < predictions.labels.length; i++) matrix[predictions.labels[i]][predictions.predicted[i]]++;
  const perClassAccuracy = matrix.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? null : row[t] / total;
  });
  return { classNames: [...classNames], matrix, perClassAccuracy };
}

/** The wrong predictions, most confident first (ties: lower index first), at most `limit`. */
export function mostConfidentMistakes(predictions: ClassPredictions, limit: number): Misclassified[] {
  const wrong: Misclassified[] = [];
  for (let i = 0; i < predictions.labels.length; i++) {
    if (predictions.labels[i] !== predictions.predicted[i]) {
      wrong.push({ index: i, trueClass: predictions.labels[i], predictedClass: predictions.predicted[i], probability: predictions.probability[i] });
    }
  }
  wrong.sort((a, b) => b.probability - a.probability || a.index - b.index);
  return wrong.slice(0, limit);
}

/** Class names for a dataset: its own, else the known list, else the label numbers. */
export function classNamesFor(numClasses: number, known?: readonly string[]): string[] {
  return Array.from({ length: numClasses }, (_, i) => known?.[i] ?? String(i));
}

/** The matrix as an aligned text table, with per-class accuracy as the last column. */
export function formatConfusionMatrix(confusion: ConfusionMatrix): string {
  const { classNames, matrix, perClassAccuracy } = confusion;
  const nameWidth = Math.max(10, ...classNames.map((name) => name.length));
  const cellWidth = Math.max(5, ...matrix.flat().map((count) => String(count).length), ...classNames.map((_, i) => String(i).length + 1));
  const header = `${'true \\ predicted'.padEnd(nameWidth + 4)}${classNames.map((_, p) => `[${p}]`.padStart(cellWidth + 1)).join('')}   accuracy`;
  const rows = matrix.map((row, t) => {
    const accuracy = perClassAccuracy[t];
    const shown = accuracy === null ? '-' : `${(accuracy * 100).toFixed(1)}%`;
    return `${`[${t}]`.padEnd(4)}${classNames[t].padEnd(nameWidth)}${row.map((count) => String(count).padStart(cellWidth + 1)).join('')}   ${shown.padStart(8)}`;
  });
  return ['Confusion matrix (rows: true class, columns: predicted class):', header, ...rows].join('\n');
}
