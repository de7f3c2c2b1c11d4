"""Figures the training scripts report on their held-out data (scripts/*/train.py)."""
import numpy as np


def auc(scores, labels):
    """Area under the ROC curve of `scores` for `labels` 1 against 0 (ties by rank order); nan when a class is empty."""
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    pos = labels == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)) if n1 and n0 else float('nan')
