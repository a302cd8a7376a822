import type { Catalogue } from '../model/types';
import type { OutputFile } from '../outputs/write-files';
import { siteModel, type PolicyRule } from './model';
import { indexPage, servicePage } from './pages-catalogue';
import { agreementPage } from './pages-agreement';
import { improvementsPage, providerPage } from './pages-provider';

/**
 * The published catalogue (S03) and what hangs off it: every service, every customer agreement (S07), the
 * provider's context and plan (S01, S02) and the improvement register (S12). Plain HTML, no scripts.
 * Deterministic: the same catalogue gives the same bytes.
 */
export function buildSite(cat: Catalogue, policies: readonly PolicyRule[] = []): OutputFile[] {
  const m = siteModel(cat, policies);
  return [
    { path: 'index.html', content: indexPage(m) },
    ...m.services.filter((v) => v.service.status !== 'draft').map((v) => ({ path: `services/${v.service.id}.html`, content: servicePage(m, v) })),
    ...m.agreements.map((a) => ({ path: `agreements/${a.customer.id}.html`, content: agreementPage(m.provider, a) })),
    { path: 'provider.html', content: providerPage(m) },
    { path: 'improvements.html', content: improvementsPage(m) },
  ];
}
