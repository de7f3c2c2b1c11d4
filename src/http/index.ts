export { answerUnmetExpectation, handleClientError, handleFrameworkError, installErrorHandler, toErrorResponse, type ErrorBody } from './error-handler.js';
export { authPlugin, requireRole, type Principal } from './auth.js';
export { ErrorResponse, errorResponses } from './schemas.js';
export { healthRoutes, type ReadinessProbe } from './routes/health.js';
export { fingerImageRoutes, type FingerForDisplay, type FingerImageSource, type FingerImageView, type ExaminationLink } from './routes/finger-images.js';
