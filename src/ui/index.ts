/**
 * The examiner's and the desk's web pages, served by afis itself (`/ui/examinations`,
 * `/ui/desk`): plain HTML and small ES modules in `public/`, calling the public API with the
 * user's key. The finger images they show come from `GET .../fingers/:position/image`
 * (src/http/routes/finger-images.ts), rendered by src/render.
 */
export { serveUiPages, locateUiAssets } from './serve-ui-pages.js';
export { createStoreFingerSource, type FingerSourceStores } from './create-store-finger-source.js';
