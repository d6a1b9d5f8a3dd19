// The page's one script (xtask/src/web/bundle.rs bundles it with what it imports). The page's
// own scripts first, so they run before the app starts: the first screen takes the preloaded
// answers, the panic screen listens for a trap. Then the app: wasm-bindgen's glue instantiates
// the main wasm, whose start function mounts the app.
import './first-screen.js';
import './panic-screen.js';
import init from './app.js';
import build from './build.json';

await init({ module_or_path: new URL(build.wasm, import.meta.url) });
