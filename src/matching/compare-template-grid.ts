import type { Template } from '../templates/index.js';
import { compareTemplates } from './compare-templates.js';
import { prepareTemplate } from './prepare-template.js';

/**
 * Every probe against every candidate, `[probe][candidate]`: each score is
 * `compareTemplates(prepareTemplate(probe), prepareTemplate(candidate))`, each template prepared
 * once. For a ten-print's sequence check (up to 10 × 10). Pure, thread-safe.
 */
export function compareTemplateGrid(probes: readonly Template[], candidates: readonly Template[]): number[][] {
  const prepared = candidates.map((c) => prepareTemplate(c));
  return probes.map((p) => {
    const probe = prepareTemplate(p);
    return prepared.map((c) => compareTemplates(probe, c));
  });
}
