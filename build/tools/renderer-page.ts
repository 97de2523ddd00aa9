/**
 * The renderer's page: index.html and its Content-Security-Policy. The article frame's own
 * stylesheet is allowed by its hash, so no inline style (and nothing an article brings) applies.
 */
import { createHash } from 'node:crypto';
import { ARTICLE_FRAME_CSS } from '../../renderer/reader/frame-css.ts';

/** `'sha256-…'` of a stylesheet's text, as CSP wants it. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The policy of the window: nothing but the app's own script, styles and images. */
export function rendererCsp(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' ${cspHash(ARTICLE_FRAME_CSS)}`,
    "img-src 'self' asset: data:",
    "font-src 'self'",
    "connect-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** index.html of the window: the CSP, one classic script, the app element. */
export function rendererIndexHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${rendererCsp()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>Reader</title>
<script defer src="app.js"></script>
</head>
<body>
<reader-app></reader-app>
</body>
</html>
`;
}
