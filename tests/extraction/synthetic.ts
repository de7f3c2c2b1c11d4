import { createGrayImage, type GrayImage } from '../../src/core/index.js';

/**
 * A synthetic print: parallel sinusoidal ridges of the given period whose ridges run in
 * direction `ridgeAngle` (radians, image coordinates, y down), dark ridges on a light ground.
 */
export function sinusoidImage(width: number, height: number, period: number, ridgeAngle: number): GrayImage {
  const nx = -Math.sin(ridgeAngle);
  const ny = Math.cos(ridgeAngle);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x * nx + y * ny) / period;
      data[y * width + x] = Math.round(128 + 90 * Math.cos(2 * Math.PI * t));
    }
  }
  return createGrayImage(width, height, data);
}

/**
 * Horizontal ridges of period 10 (300 × 200) with one minutia at (150, 100), made as a phase
 * singularity (a minutia is where the ridge phase winds by 2π: Larkin & Fletcher 2007).
 * `side` says where the extra ridge lies: the ridge body of an ending, or the two branches of
 * a bifurcation, are on that side, so the template angle must be 0 for 'right' and π for
 * 'left'. `type` chooses whether the line that stops is a ridge (ending) or a valley
 * (bifurcation). `transpose` swaps x and y (the minutia then points down or up the image).
 */
export function phaseMinutiaImage(type: 'ending' | 'bifurcation', side: 'left' | 'right', transpose = false): GrayImage {
  const width = 300;
  const height = 200;
  const sign = side === 'right' ? 1 : -1;
  // with dark ridges the winding direction decides the side; flipping the grey levels swaps
  // ridges and valleys, which turns the ending into a bifurcation and moves the extra line over
  const flip = type === 'ending' ? sign : -sign;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const psi = (2 * Math.PI * y) / 10 + sign * Math.atan2(y - 100, x - 150);
      const v = Math.round(128 - flip * 90 * Math.cos(psi));
      if (transpose) data[x * height + y] = v;
      else data[y * width + x] = v;
    }
  }
  return transpose ? createGrayImage(height, width, data) : createGrayImage(width, height, data);
}
