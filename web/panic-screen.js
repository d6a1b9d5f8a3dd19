// "The app stopped — reload" instead of a frozen page.
//
// A panic in the app ends as a WebAssembly trap: the release build aborts at once
// (scripts/build-web.sh: -Cpanic=immediate-abort, so no Rust panic hook runs), a debug build
// after its console message. The trap is thrown to whatever JavaScript called into the wasm (an
// event listener, a timer, a promise job) and reaches the window as an uncaught
// `WebAssembly.RuntimeError`. From then on the app's state is broken and nothing it drew will
// answer, so this script - plain JavaScript, bundled into the page's one script ahead of the
// app's loader - listens for that error and puts a static notice over the page, with a reload
// button. It writes no markup from the error: the text is fixed.

/** The notice's id (one per page, whatever the number of traps). */
const ID = 'app-stopped';

/** Whether `error` is the wasm trapping (a panic, an abort, `unreachable`). */
export function isTrap(error) {
  return typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError;
}

/** Puts the notice over the page (once). */
export function showStopped(doc) {
  if (doc.getElementById(ID)) return;
  const screen = doc.createElement('div');
  screen.id = ID;
  screen.className = 'app-stopped';
  screen.setAttribute('role', 'alert');
  const text = doc.createElement('p');
  text.className = 'app-stopped__text';
  text.textContent = 'The app stopped — reload';
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'button app-stopped__reload';
  button.textContent = 'Reload';
  button.addEventListener('click', () => doc.defaultView?.location.reload());
  screen.append(text, button);
  doc.body.append(screen);
  button.focus();
}

if (typeof window !== 'undefined') {
  window.addEventListener('error', (event) => {
    if (isTrap(event.error)) showStopped(document);
  });
  window.addEventListener('unhandledrejection', (event) => {
    if (isTrap(event.reason)) showStopped(document);
  });
}
