/**
 * The one stylesheet of the article frame. Its text is hashed into the page's CSP at build time,
 * so it is the only style that applies in the frame: an article's own `<style>` or `style=""`
 * never does. Sizes and colours come from custom properties the reader sets on the frame's root;
 * the Chinese setting (faces, line breaking, justification, vertical columns) is CJK_CSS, shared
 * with the exports.
 */
import { CJK_CSS } from '../../archive/model.ts';

export const ARTICLE_FRAME_CSS = `
:root {
  --font-size: 18px; --line-height: 1.8; --measure: 38;
  --bg: #fdfdfc; --fg: #1d1d1b; --muted: #5c5c57; --rule: #deded8; --accent: #1f5fa8; --mark: #ffe27a;
  color-scheme: light;
}
:root[data-theme="dark"] {
  --bg: #1b1c1e; --fg: #e4e2dd; --muted: #a8a59d; --rule: #3a3b3e; --accent: #8ab8f0; --mark: #6b5a12;
  color-scheme: dark;
}
:root[data-theme="sepia"] {
  --bg: #f4ecd8; --fg: #433422; --muted: #6e5b43; --rule: #dccfb0; --accent: #8a4b12; --mark: #f2cf70;
}
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0; padding: 2.5rem 1.5rem 6rem;
  font-size: var(--font-size); line-height: var(--line-height);
  font-family: "Iowan Old Style", "Charter", "Georgia", "Noto Serif", serif;
  text-rendering: optimizeLegibility; overflow-wrap: break-word;
}
:lang(zh) { font-family: "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; }
:lang(zh-Hant), :lang(zh-TW) { font-family: "PingFang TC", "Noto Sans CJK TC", "Source Han Sans TC", "Microsoft JhengHei", sans-serif; }
:lang(zh-HK) { font-family: "PingFang HK", "Noto Sans CJK HK", "Source Han Sans HC", "Microsoft JhengHei", sans-serif; }
:lang(ja) { font-family: "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", sans-serif; }
article { max-width: calc(var(--measure) * 1em); margin: 0 auto; }
header { margin-bottom: 2em; padding-bottom: 1em; border-bottom: 1px solid var(--rule); }
h1 { font-size: 1.6em; line-height: 1.3; margin: 0 0 0.6em; font-weight: 700; }
.meta { color: var(--muted); font-size: 0.8em; line-height: 1.6; margin: 0; }
.meta span + span::before { content: " · "; }
.url, .provenance { color: var(--muted); font-size: 0.72em; line-height: 1.5; margin: 0.5em 0 0; word-break: break-all; }
.content p { margin: 0 0 1em; }
/* Blocks out of view are not laid out: a font-size change or a script switch re-lays out what
   is on screen, not 20,000 characters. Their height until then is a guess, or the last one seen. */
@media screen { .content > * { content-visibility: auto; contain-intrinsic-block-size: auto calc(var(--line-height) * 4em); }
  .content > [data-anchor] { content-visibility: visible; } }
:root[data-indent="on"] .content p { text-indent: 2em; }
.content h2, .content h3, .content h4 { line-height: 1.4; margin: 1.6em 0 0.6em; }
.content h2 { font-size: 1.3em; } .content h3 { font-size: 1.15em; } .content h4 { font-size: 1em; }
.content img, .content video, .content svg { max-width: 100%; height: auto; }
.content figure { margin: 1.5em 0; } .content figcaption { color: var(--muted); font-size: 0.85em; }
.content blockquote { margin: 1em 0; padding-left: 1em; border-left: 3px solid var(--rule); color: var(--muted); }
.content pre, .content code { font-family: ui-monospace, "Noto Sans Mono", monospace; font-size: 0.9em; }
.content pre { overflow-x: auto; padding: 0.8em; border: 1px solid var(--rule); }
.content table { border-collapse: collapse; max-width: 100%; display: block; overflow-x: auto; }
.content td, .content th { border: 1px solid var(--rule); padding: 0.3em 0.6em; }
.content a { color: var(--accent); }
.content img.remote-image { display: inline-block; min-width: 4em; padding: 0.2em 0.5em; border: 1px dashed var(--rule); color: var(--muted); font-size: 0.8em; }
.content hr { border: 0; border-top: 1px solid var(--rule); margin: 2em 0; }
ruby rt { font-size: 0.5em; color: var(--muted); }
:root:not([data-ruby="on"]) rt.added { display: none; }
mark.find { background: var(--mark); color: inherit; }
mark.find.current { outline: 2px solid var(--accent); }
mark.hl { color: inherit; background: #fbe68a; border-radius: 2px; box-decoration-break: clone; }
mark.hl[data-color="green"] { background: #c6ecbf; }
mark.hl[data-color="blue"] { background: #cde0fb; }
mark.hl[data-color="pink"] { background: #fbd0e2; }
[data-theme="dark"] mark.hl { background: #6a5a14; }
[data-theme="dark"] mark.hl[data-color="green"] { background: #2f5a2c; }
[data-theme="dark"] mark.hl[data-color="blue"] { background: #27476e; }
[data-theme="dark"] mark.hl[data-color="pink"] { background: #6b2f4a; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
@media (prefers-reduced-motion: reduce) { * { scroll-behavior: auto !important; transition: none !important; } }
${CJK_CSS}`;
