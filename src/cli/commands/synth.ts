import type { Command } from '../command';
import { EXIT, str } from '../command';
import { catalogueFrom, outdirFrom } from '../catalogue-arg';
import { synthesize } from '../../synth/synthesize';

export const synthCommand: Command = {
  name: 'synth',
  summary: 'Synthesize the onboarding stack (S08) of every customer to cdktf.out/stacks/<stack>/cdk.tf.json.',
  usage: 'csm synth [customer...] [--out dir] [--catalogue dir]',
  description: 'The catalogue is validated first; nothing is written when it does not validate. Output is deterministic.',
  options: [{ name: 'out', value: 'dir', description: 'output folder (default: cdktf.out)' }],
  async run(args, io) {
    const cat = catalogueFrom(args, io);
    const started = Date.now();
    const stacks = synthesize(cat, {
      outdir: outdirFrom(args, io),
      customers: args.positionals.length ? args.positionals : undefined,
    });
    for (const s of stacks) io.out(`synthesized ${s.name} -> ${s.file}`);
    io.out(`${stacks.length} stacks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return EXIT.ok;
  },
};
