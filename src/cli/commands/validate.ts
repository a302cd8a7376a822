import type { Command } from '../command';
import { EXIT } from '../command';
import { catalogueFrom } from '../catalogue-arg';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check the catalogue: schemas, references between files, ids, SLA tiers. Writes nothing.',
  usage: 'csm validate [--catalogue dir]',
  options: [],
  async run(args, io) {
    const cat = catalogueFrom(args, io);
    io.out(`catalogue ok: provider ${cat.provider.id}, ${cat.services.size} services, ${cat.customers.size} customers`);
    return EXIT.ok;
  },
};
