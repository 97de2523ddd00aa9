/**
 * The renderer's entry: the page's base style (through the CSSOM, which the CSP allows) and the
 * app, defined only where a bridge (the preload, or the e2e harness) put `window.reader`.
 */
import { ReaderApp } from './app/reader-app.ts';

const page = new CSSStyleSheet();
page.replaceSync('html, body { margin: 0; height: 100%; overflow: hidden; } body > p { font: 16px system-ui, sans-serif; padding: 2em; }');
document.adoptedStyleSheets = [...document.adoptedStyleSheets, page];

if (typeof window.reader === 'object' && window.reader !== null) {
  customElements.define('reader-app', ReaderApp);
} else {
  const message = document.createElement('p');
  message.textContent = 'This page is the window of the Reader app and needs the app around it: start it with `npm start`.';
  document.body.replaceChildren(message);
}
