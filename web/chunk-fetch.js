// The chunk loader's `fetch` (the build links it in with esbuild's --inject and
// --define:fetch=chunkFetch, xtask/src/web/bundle.rs). The splitter names a chunk
// `chunk_N.wasm`; the dist names it by its content (`chunk_N-<hash>.wasm`) so it can be cached
// for a year and an old page never loads a newer build's chunk. build.json, written by the
// build, maps one to the other.
import build from './build.json';

export function chunkFetch(url, init) {
  const name = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  const hashed = build.chunks[name];
  if (hashed === undefined) return Promise.reject(new Error(`no chunk named ${name} in this build`));
  return globalThis.fetch(new URL(hashed, url), init);
}
