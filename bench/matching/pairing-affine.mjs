#!/usr/bin/env node
// How far a set's genuine pairings are from rigid (issue 12, the map's lost pairs of DB2's finger
// 109): for every genuine pair of one FVC set, extracted and compared with the shipped parameters,
// the least-squares affine fit of the best pairing's minutiae (probe → candidate), its two singular
// values and their ratio (anisotropy: 1 for a rigid motion), the x and y scales, the rigid fit's
// turn against the minutiae's mean turn. With FINGER, one row per pair of that finger; without it,
// the set's medians and tails.
//
//   node bench/matching/pairing-affine.mjs DIR[@PPI] [FINGER]
//
// Figures in bench/RESULTS.md ("Where issue 12 stands, thirteenth session").
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { prepareTemplate, compareTemplatesDetailed } from '../../dist/matching/index.js';
const [spec, fingerArg] = process.argv.slice(2);
if (!spec) { process.stderr.write('usage: pairing-affine.mjs DIR[@PPI] [FINGER]\n'); process.exit(2); }
const [set] = await readEvalSets([spec]);
const { templates } = extractEvalSet(set);
const rows = [];
for (let a = 0; a < templates.length; a++) for (let b = a + 1; b < templates.length; b++) {
  if (set.fingers[a] !== set.fingers[b]) continue;
  if (fingerArg && String(set.fingers[a]) !== fingerArg) continue;
  const P = templates[a], C = templates[b];
  const d = compareTemplatesDetailed(prepareTemplate(P), prepareTemplate(C));
  const n = d.pairs.length; if (n < 4) continue;
  // affine least squares: [cx cy] = A [px py] + t
  let mpx=0,mpy=0,mcx=0,mcy=0;
  for (const p of d.pairs) { const m=P.minutiae[p.probe], c=C.minutiae[p.candidate]; mpx+=m.x;mpy+=m.y;mcx+=c.x;mcy+=c.y; }
  mpx/=n;mpy/=n;mcx/=n;mcy/=n;
  let sxx=0,sxy=0,syy=0,uxx=0,uxy=0,uyx=0,uyy=0, turnS=0, turnC=0;
  for (const p of d.pairs) { const m=P.minutiae[p.probe], c=C.minutiae[p.candidate]; const px=m.x-mpx,py=m.y-mpy,cx=c.x-mcx,cy=c.y-mcy;
    sxx+=px*px;sxy+=px*py;syy+=py*py;uxx+=cx*px;uxy+=cx*py;uyx+=cy*px;uyy+=cy*py;
    const dt = c.angle - m.angle; turnS+=Math.sin(dt); turnC+=Math.cos(dt); }
  const det = sxx*syy-sxy*sxy;
  const A = [ (uxx*syy-uxy*sxy)/det, (uxy*sxx-uxx*sxy)/det, (uyx*syy-uyy*sxy)/det, (uyy*sxx-uyx*sxy)/det ];
  // rigid rotation (image coords, y down): angle of sum(cross, dot)
  const rot = Math.atan2(uyx-uxy, uxx+uyy);
  // polar decomposition of A: rotation of A's closest rotation
  const rotA = Math.atan2(A[2]-A[1], A[0]+A[3]);
  // singular values
  const a0=A[0],bq=A[1],c0=A[2],dd=A[3];
  const s1 = Math.hypot(a0+dd, c0-bq)/2 + Math.hypot(a0-dd, c0+bq)/2, s2 = Math.abs(Math.hypot(a0+dd, c0-bq)/2 - Math.hypot(a0-dd, c0+bq)/2);
  // minutia direction turn: template angles are CCW on screen, image rotation (y down) CW positive => minutia turn = -rot
  const turn = Math.atan2(turnS, turnC);
  rows.push({ pair: `${set.names[a]}×${set.names[b]}`, n, score: d.score.toFixed(1), rigidDeg: (-rot*180/Math.PI).toFixed(1), minutiaTurnDeg: (turn*180/Math.PI).toFixed(1), sMax: s1.toFixed(3), sMin: s2.toFixed(3), aniso: (s1/s2).toFixed(3), xScale: Math.hypot(a0,c0).toFixed(3), yScale: Math.hypot(bq,dd).toFixed(3) });
}
if (fingerArg) console.table(rows);
else {
  const an = rows.map(r=>+r.aniso).sort((x,y)=>x-y), xs=rows.map(r=>+r.xScale/ +r.yScale).sort((x,y)=>x-y);
  const q=(v,p)=>v[Math.floor(p*(v.length-1))];
  console.log(spec, 'pairs', rows.length, 'aniso median', q(an,.5), 'p90', q(an,.9), 'x/y scale median', q(xs,.5), 'p10', q(xs,.1), 'p90', q(xs,.9));
  const diff = rows.map(r=>Math.abs(+r.rigidDeg - +r.minutiaTurnDeg)).sort((x,y)=>x-y);
  console.log('|rigid - minutia turn| median', q(diff,.5), 'p90', q(diff,.9));
}
