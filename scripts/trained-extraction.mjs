// The extraction the shipped models' training data was made with (read by every training-data
// script): today's parameters with the switches made after those models were trained undone, so
// each model is still reproduced by its command. The denoise gate (`denoiseAboveNoise`, on since
// the thirty-seventh session) is off: the generator's noise reads above its level on nearly every
// synthetic print, and the models saw them unsmoothed.
import { EXTRACTION_PARAMETERS } from '../dist/config/parameters.js';

export const TRAINED_EXTRACTION = Object.freeze({ ...EXTRACTION_PARAMETERS, denoiseAboveNoise: 0 });
