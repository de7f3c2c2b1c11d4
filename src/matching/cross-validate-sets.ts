/** One fold of a leave-one-set-out cross-validation. */
export interface CrossValidationFold {
  /** The set held out (index into the sets). */
  readonly heldOut: number;
  /** The candidate value chosen on the other sets (index into the candidates). */
  readonly chosen: number;
  /** Mean figure of the chosen candidate over the other sets. */
  readonly trainingMean: number;
  /** The chosen candidate's figure on the held-out set. */
  readonly heldOutValue: number;
}

export interface CrossValidation {
  readonly folds: readonly CrossValidationFold[];
  /** Mean held-out figure over the folds: the cross-validated figure. */
  readonly mean: number;
}

/**
 * Leave-one-set-out cross-validation of a choice among candidates (e.g. values of one
 * parameter): for each set, the candidate with the lowest mean figure (an error rate: lower is
 * better) over the other sets is chosen and reported on the held-out set. `table[c][k]` is
 * candidate c's figure on set k. Ties go to the earlier candidate, so list the current value
 * first: a change must win outright. Needs at least two sets. Pure.
 */
export function crossValidateSets(table: ReadonlyArray<ArrayLike<number>>): CrossValidation {
  const sets = table[0]?.length ?? 0;
  if (table.length === 0 || sets < 2) throw new RangeError('cross-validation needs a candidate and at least two sets');
  const folds: CrossValidationFold[] = [];
  for (let k = 0; k < sets; k++) {
    let chosen = 0;
    let bestMean = Infinity;
    table.forEach((row, c) => {
      let sum = 0;
      for (let j = 0; j < sets; j++) if (j !== k) sum += row[j];
      const m = sum / (sets - 1);
      if (m < bestMean) { bestMean = m; chosen = c; }
    });
    folds.push({ heldOut: k, chosen, trainingMean: bestMean, heldOutValue: table[chosen][k] });
  }
  return { folds, mean: folds.reduce((s, f) => s + f.heldOutValue, 0) / sets };
}
