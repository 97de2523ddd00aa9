/**
 * Issue 11, class 7: terminal escapes. ESC and BEL (and the other C0 and C1 controls, and bidi
 * overrides such as U+202E) in a page's title, byline or body, or in a file name, reach the
 * terminal only as visible stand-ins, from every command and every error message; `--json`
 * output escapes them and still carries the text unchanged. The real CLI runs in a child process.
 */
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { terminalJson, terminalLine, terminalText } from '../cli/terminal.ts';
import { assertOnlyImportedContent, assertVerifyClean, HARBOUR_PROSE, runCli, savedPage, tempDir, TERMINAL_UNSAFE, writePage, type CliRun } from './escape-support.ts';

/** Retitles the terminal (OSC 0 … BEL), clears the screen (CSI 2J), the same through C1 CSI, and a right-to-left override. */
const RETITLE = '\x1b]0;you have been pwned\x07';
const CLEAR = '\x1b[2J\x1b[H';
const C1_CSI = '\u009b31m';
const RLO = '\u202e';

function assertTerminalSafe(run: CliRun, what: string): void {
  const output = `${run.stdout}${run.stderr}`;
  const found = TERMINAL_UNSAFE.exec(output);
  assert.equal(found, null, `${what} printed U+${found?.[0].codePointAt(0)?.toString(16).padStart(4, '0')} raw: ${JSON.stringify(output.slice(0, 400))}`);
}

/** An archive holding one page whose title, byline and body carry terminal controls. */
function hostileArchive(): { dir: string; pages: Uint8Array[]; title: string } {
  const work = tempDir('hostile-terminal-');
  const dir = join(work, 'archive');
  const title = `Ferry news ${RETITLE}${CLEAR}${C1_CSI}harbour${RLO}gnp.exe`;
  const html = savedPage({
    title,
    byline: `By Ada ${CLEAR}Lovelace\x07\x08\x08\x08`,
    bodyHtml: [`<p>${HARBOUR_PROSE[0]} ${RETITLE}</p>`, `<p>${CLEAR}${HARBOUR_PROSE[1]}\r${C1_CSI}</p>`, ...HARBOUR_PROSE.slice(2).map((p) => `<p>${RLO}${p}</p>`)].join('\n'),
  });
  const page = writePage(work, 'ferry.html', html);
  const run = runCli(['--archive', dir, 'import', page.path]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assertTerminalSafe(run, 'import');
  return { dir, pages: [page.bytes], title };
}

test('list, show and search print a title, byline and body holding ESC, BEL, C1 and bidi controls as visible stand-ins', { timeout: 240_000 }, () => {
  const { dir, pages } = hostileArchive();
  const listed = runCli(['--archive', dir, '--json', 'list']);
  assert.equal(listed.status, 0, listed.stderr);
  assertTerminalSafe(listed, 'list --json');
  const [row] = JSON.parse(listed.stdout) as { id: string; title: string; byline: string | null }[];
  // The controls really are in the record (the test is about printing them, not about import).
  assert.ok(row!.title.includes(RETITLE) && row!.title.includes(RLO) && row!.title.includes(C1_CSI), JSON.stringify(row!.title));
  assert.match(row!.byline ?? '', /\x1b\[2J/);

  const list = runCli(['--archive', dir, 'list']);
  assert.equal(list.status, 0, list.stderr);
  assertTerminalSafe(list, 'list');
  assert.match(list.stdout, /Ferry news ␛\]0;you have been pwned␇␛\[2J␛\[H\ufffd31mharbour\ufffdgnp\.exe/);

  const show = runCli(['--archive', dir, 'show', row!.id]);
  assert.equal(show.status, 0, show.stderr);
  assertTerminalSafe(show, 'show');
  assert.match(show.stdout, /By Ada ␛\[2J␛\[HLovelace␇␈␈␈/);
  assert.match(show.stdout, /The new ferry left the pier at dawn/);
  const showJson = runCli(['--archive', dir, '--json', 'show', row!.id, '--script', 'hans']);
  assert.equal(showJson.status, 0, showJson.stderr);
  assertTerminalSafe(showJson, 'show --json');
  assert.ok((JSON.parse(showJson.stdout) as { text: string }).text.includes(RETITLE));

  // The index is built by verify --repair (a read-only search of an archive without one finds nothing yet).
  const repaired = runCli(['--archive', dir, 'verify', '--repair']);
  assert.equal(repaired.status, 0, repaired.stdout + repaired.stderr);
  assertTerminalSafe(repaired, 'verify --repair');
  for (const args of [['search', 'ferry'], ['--json', 'search', 'ferry'], ['search', 'harbour', '--script', 'hant']]) {
    const search = runCli(['--archive', dir, ...args]);
    assert.equal(search.status, 0, search.stderr);
    assertTerminalSafe(search, args.join(' '));
    assert.match(search.stdout, new RegExp(row!.id));
  }

  assertVerifyClean(dir);
  assertOnlyImportedContent(dir, pages);
});

test('error messages that quote a file name, an id, a command or a title print controls as stand-ins', { timeout: 240_000 }, () => {
  const { dir, pages } = hostileArchive();
  const work = tempDir('hostile-terminal-names-');
  // A file name can hold any byte but `/` and NUL: this one retitles the terminal, and is no page.
  const badName = writePage(work, `notes${RETITLE}${RLO}lmth.txt`, '\x00\x01\x02 not a saved page \x1b[2J');
  const goodName = writePage(work, `harbour${CLEAR}.html`, savedPage({ title: 'A quiet day at the harbour', byline: 'By Lin Wei', bodyHtml: HARBOUR_PROSE.map((p) => `<p>${p}</p>`).join('\n') }));
  const runs: [string, CliRun][] = [
    ['import of a named file', runCli(['--archive', dir, 'import', badName.path, goodName.path])],
    ['show of a hostile id', runCli(['--archive', dir, 'show', `${CLEAR}0123456789abcdef`])],
    ['export of a hostile id', runCli(['--archive', dir, 'export', `${RETITLE}`, '--format', 'md', '--out', join(work, 'out')])],
    ['restore of a missing file', runCli(['--archive', dir, 'restore', join(work, `backup${RETITLE}.tar`)])],
    ['an unknown command', runCli(['--archive', dir, `${CLEAR}frobnicate`])],
    ['a bad flag value', runCli(['--archive', dir, 'search', 'ferry', '--limit', `${RETITLE}`])],
  ];
  for (const [what, run] of runs) {
    assert.notEqual(run.status, null, what);
    assertTerminalSafe(run, what);
  }
  const [, imported] = runs[0]!;
  assert.equal(imported.status, 1, 'the page that is not one fails alone');
  assert.match(imported.stdout, /notes␛\]0;you have been pwned␇\ufffdlmth\.txt/);
  assert.match(imported.stdout, /imported 1,/);
  assert.equal(runs[1]![1].status, 1);
  assert.match(runs[1]![1].stderr, /no article with id ␛\[2J␛\[H0123456789abcdef/);
  assert.equal(runs[3]![1].status, 2);
  assert.match(runs[3]![1].stderr, /backup␛\]0;you have been pwned␇\.tar/);
  assert.equal(runs[4]![1].status, 2);
  assert.equal(runs[5]![1].status, 2);

  assertVerifyClean(dir);
  assertOnlyImportedContent(dir, [...pages, goodName.bytes]);
});

test('one function makes text safe for a terminal: controls become visible stand-ins, tab, newline and CRLF stay, JSON keeps its value', () => {
  assert.equal(terminalText(`a${RETITLE}b`), 'a␛]0;you have been pwned␇b');
  assert.equal(terminalText(`x${C1_CSI}${RLO}\u2066y\u2028z\x7f\x00`), 'x\ufffd31m\ufffd\ufffdy\ufffdz␡␀');
  assert.equal(terminalText('line\tone\r\nline two\rover'), 'line\tone\r\nline two␍over');
  assert.equal(terminalLine('a title\nwith a break\tand a tab\x1b'), 'a title with a break and a tab␛');
  const value = { title: `t${RETITLE}${C1_CSI}${RLO}\u2028` };
  const json = terminalJson(value);
  assert.equal(TERMINAL_UNSAFE.test(json), false, json);
  assert.deepEqual(JSON.parse(json), value);
});

test('convert into a pipe passes its input through unchanged (it is data there, not terminal output)', { timeout: 120_000 }, () => {
  const input = `教育${RETITLE}\r\n第二行\n`;
  const run = runCli(['convert', '--config', 's2t'], 60_000, input);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, `教育${RETITLE}\r\n第二行\n`);
});

const scriptTool = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0 ? null : 'util-linux `script` (which gives the CLI a terminal) is not installed';

test('on a terminal (a pty from util-linux `script`), convert and the import progress bar replace controls too', { timeout: 240_000, skip: scriptTool ?? false }, () => {
  const work = tempDir('hostile-terminal-pty-');
  const dir = join(work, 'archive');
  const input = writePage(work, 'input.txt', `教育${RETITLE}${C1_CSI}第二行\n`);
  const pages = [0, 1, 2].map((i) => writePage(work, `ferry${RETITLE}${i}.html`, savedPage({ title: `Ferry ${i}`, byline: 'By Lin Wei', bodyHtml: HARBOUR_PROSE.map((p) => `<p>${i} ${p}</p>`).join('\n') })));
  const cli = `${process.execPath} --import tsx ${join(import.meta.dirname, '..', 'cli.ts')}`;
  const quote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;
  const inPty = (command: string): string => {
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, READER_ARCHIVE: '', NODE_ENV: 'production', COLUMNS: '200' } });
    assert.equal(r.status, 0, `${command}: ${r.stdout}${r.stderr}`);
    // The terminal turns each newline into CRLF, and the progress bar redraws with CR and ESC[K: those are ours.
    return r.stdout.replace(/\r\n/g, '\n').replace(/\r\x1b\[K|\x1b\[K/g, '').replace(/\r/g, '\n');
  };
  const converted = inPty(`${cli} convert --config s2t < ${quote(input.path)}`);
  assert.match(converted, /教育␛\]0;you have been pwned␇\ufffd31m第二行/);
  assert.equal(TERMINAL_UNSAFE.exec(converted), null, JSON.stringify(converted));
  const imported = inPty(`${cli} --archive ${quote(dir)} import ${pages.map((p) => quote(p.path)).join(' ')}`);
  assert.match(imported, /imported 3,/);
  assert.equal(TERMINAL_UNSAFE.exec(imported), null, JSON.stringify(imported));
  assertVerifyClean(dir);
  assertOnlyImportedContent(dir, pages.map((p) => p.bytes));
});
