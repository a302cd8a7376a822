import type { Command } from '../command';
import { EXIT, UsageError, str } from '../command';
import { catalogueFrom, pathArg, protectedFolders } from '../catalogue-arg';
import { buildSite } from '../../site/build';
import { writeOutputs } from '../../outputs/write-files';
import { policyArtefacts } from '../../trace/from-policies';
import { checkedRuleStatements } from '../../policy/statements';

export const catalogueCommand: Command = {
  name: 'catalogue',
  summary: 'Publish the catalogue as a static site: services, agreements, context and plan, improvements.',
  usage: 'csm catalogue build [--out dir] [--force] [--policies dir] [--catalogue dir]',
  description:
    'Writes plain HTML pages (no scripts, styles inline; readable on a phone, from disk or any web server):\n' +
    'index.html (services and agreements), services/<id>.html, agreements/<customer>.html, provider.html\n' +
    '(context and service management plan, with the rules of policies/*.rego) and improvements.html (the\n' +
    'improvement register). Files of an earlier build are only replaced with --force.',
  options: [
    { name: 'out', value: 'dir', description: 'output folder (default: site)' },
    { name: 'force', description: 'replace pages an earlier build wrote' },
    { name: 'policies', value: 'dir', description: 'Rego policies listed in the plan (default: policies)' },
  ],
  async run(args, io) {
    const [action, ...extra] = args.positionals;
    if (action !== 'build') throw new UsageError('catalogue needs an action: build');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const cat = catalogueFrom(args, io);
    const out = pathArg(io, str(args, 'out') ?? 'site');
    const policies = pathArg(io, str(args, 'policies') ?? 'policies');
    // The rule table says which policy statement each rule implements: a statement the policy does not make is bad input.
    const statements = checkedRuleStatements(cat, policies);
    const files = buildSite(cat, policyArtefacts(policies).map((r) => ({ ...r, statements: statements.get(r.id) ?? [] })));
    writeOutputs(out, files, args.options.force === true, protectedFolders(io, cat.root, policies));
    io.out(`site: ${files.length} pages in ${out}/ (open ${out}/index.html)`);
    return EXIT.ok;
  },
};
