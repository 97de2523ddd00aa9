/**
 * The renderer's own pass over article HTML before it reaches the frame. The importer's sanitizer
 * is the first wall and the frame's sandbox and CSP the last; this one removes what could still
 * run, load or restyle, so a page that slipped past the sanitizer does not even try. Parsing in a
 * `<template>` is inert: nothing in it loads or runs.
 */

const REMOVE = 'script, style, link, meta, base, iframe, frame, frameset, object, embed, applet, noscript, template, input, button, select, textarea, portal, param';
const URL_ATTRIBUTES = ['src', 'poster', 'data', 'background', 'lowsrc', 'dynsrc', 'xlink:href', 'action', 'formaction', 'ping', 'cite', 'longdesc', 'manifest', 'codebase'];
const LOCAL_MEDIA = /^(asset:|data:image\/(png|jpe?g|gif|webp|avif|bmp);)/i;
const SAFE_LINK = /^(https?:|mailto:|#)/i;

/** `html` with every script, handler, style, form, frame and remote resource taken out. */
export function inertHtml(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  const root = template.content;
  for (const element of root.querySelectorAll(REMOVE)) element.remove();
  for (const form of root.querySelectorAll('form')) form.replaceWith(...form.childNodes);
  for (const element of root.querySelectorAll('*')) {
    for (const { name, value } of [...element.attributes]) {
      const lower = name.toLowerCase();
      if (lower.startsWith('on') || lower === 'style' || lower === 'srcset' || lower === 'imagesrcset' || lower === 'sizes') {
        element.removeAttribute(name);
      } else if (URL_ATTRIBUTES.includes(lower) || (lower === 'href' && element.namespaceURI !== 'http://www.w3.org/1999/xhtml')) {
        // Media stays only when it is the archive's own (asset:) or an inline image.
        if (!(lower === 'src' && LOCAL_MEDIA.test(value.trim()))) {
          element.removeAttribute(name);
          if (lower === 'src' || lower === 'href') element.setAttribute('data-original-src', value);
        }
      } else if (lower === 'href' && !SAFE_LINK.test(value.trim())) {
        element.removeAttribute(name);
      }
    }
  }
  for (const img of root.querySelectorAll('img:not([src])')) img.classList.add('remote-image');
  return template.innerHTML;
}
