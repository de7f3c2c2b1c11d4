// The median of an image's measured ridge periods (px), for the benches that compare the ridge
// period of prints (period-rescale.mjs, impostor-drivers.mjs). The caller passes the build's
// analyzeFingerprint and parameters, since each bench may read another build's dist/.
export const medianPeriodOf = (analyzeFingerprint, parameters) => (image) => {
  const f = analyzeFingerprint(image, parameters).frequency;
  const v = [];
  for (let i = 0; i < f.period.length; i++) if (f.measured[i]) v.push(f.period[i]);
  v.sort((a, b) => a - b);
  return v.length ? v[v.length >> 1] : 0;
};
