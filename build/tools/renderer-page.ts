/**
 * The renderer's page: index.html with the window's Content-Security-Policy (declared once, in
 * electron/security/csp.ts) in its meta tag.
 */
import { contentSecurityPolicy, WINDOW_CSP } from '../../electron/security/csp.ts';

/** The window's policy as index.html's meta tag carries it (the launcher sends the same as a header). */
export function rendererCsp(): string {
  return contentSecurityPolicy(WINDOW_CSP, 'meta');
}

/** Web Awesome's base theme, bundled beside app.js (build/tools/bundle.ts). */
export const THEME_CSS_FILE = 'webawesome.css';

/** index.html of the window: the CSP, the component theme, one classic script, the app element. */
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
<link rel="stylesheet" href="${THEME_CSS_FILE}">
<script defer src="app.js"></script>
</head>
<body>
<reader-app></reader-app>
</body>
</html>
`;
}
