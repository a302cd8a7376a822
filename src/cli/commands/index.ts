import type { Command } from '../command';
import { validateCommand } from './validate';
import { synthCommand } from './synth';
import { planCommand } from './plan';
import { applyCommand } from './apply';
import { checkCommand } from './check';
import { catalogueCommand } from './catalogue';
import { sloCommand } from './slo';
import { reportCommand } from './report';
import { traceCommand } from './trace';
import { policyCommand } from './policy';
import { evidenceCommand } from './evidence';
import { driftCommand } from './drift';
import { initCommand } from './init';
import { newCommand } from './new';

/** Every `csm` command, in the order `csm --help` lists them. Add a command: one import, one entry. */
export const COMMANDS: Command[] = [
  validateCommand,
  newCommand,
  synthCommand,
  planCommand,
  applyCommand,
  checkCommand,
  driftCommand,
  evidenceCommand,
  catalogueCommand,
  sloCommand,
  reportCommand,
  traceCommand,
  policyCommand,
  initCommand,
];
