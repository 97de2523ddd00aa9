import type { CliCommand } from './context.ts';
import { UsageError } from './context.ts';
import { passThrough } from './terminal.ts';

/** `convert --config C`: converts stdin to stdout line by line with an OpenCC configuration. */
export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'convert Chinese text from stdin to stdout with an OpenCC configuration',
  usage: '--config s2t|t2s|s2tw|s2twp|tw2s|tw2sp|s2hk|hk2s|t2tw|tw2t|t2hk|hk2t',
  options: { config: { type: 'string' } },
  async run(ctx) {
    const { OPENCC_CONFIGS, isOpenCCConfig, getConverter } = await import('../convert/opencc.ts');
    const config = ctx.values.config;
    if (typeof config !== 'string' || !isOpenCCConfig(config)) {
      throw new UsageError(`--config must be one of ${OPENCC_CONFIGS.join(', ')}${typeof config === 'string' ? `, not "${config}"` : ''}`);
    }
    if (ctx.positionals.length > 0) throw new UsageError('convert reads stdin; it takes no file arguments');
    const converter = getConverter(config);
    process.stdin.setEncoding('utf8');
    let rest = '';
    for await (const chunk of process.stdin as AsyncIterable<string>) {
      rest += chunk;
      const end = rest.lastIndexOf('\n');
      if (end < 0) continue;
      // Whole lines only: a phrase never spans a line, and a partial line could cut one.
      if (!process.stdout.write(passThrough(converter.convert(rest.slice(0, end + 1))))) {
        await new Promise((resolve) => process.stdout.once('drain', resolve));
      }
      rest = rest.slice(end + 1);
    }
    if (rest) process.stdout.write(passThrough(converter.convert(rest)));
    return 0;
  },
};
