import type { Catalogue } from '../model/types';
import { SITE_SERVES } from '../site/serves';
import { SLO_SERVES } from '../slo/openslo';
import { REPORT_SERVES } from '../report/model';
import { SMS_REPORT_SERVES } from '../sms/model';
import { NEW_SERVICE_SERVES } from '../design/scaffold';
import type { Artefact } from './artefact';

/**
 * What csm publishes from the catalogue, whether or not it has been built here: the site's pages
 * (`csm catalogue build`), each customer's OpenSLO file (`csm slo export`), and the monthly service report
 * (`csm report`), the SMS's operation report (`csm report sms`) and the scaffold of a new service (`csm new
 * service`), each with the clauses its module declares.
 */
export function publicationArtefacts(cat: Catalogue): Artefact[] {
  const page = (id: string, title: string, serving: { scenarios: readonly string[]; clauses: readonly string[] }): Artefact => ({
    kind: 'publication',
    id,
    title,
    where: 'csm catalogue build',
    clauses: [...serving.clauses],
    scenarios: [...serving.scenarios],
  });
  const customers = [...cat.customers.values()].sort((a, b) => a.id.localeCompare(b.id));
  return [
    page('site/index.html', 'Published catalogue: services and agreements', SITE_SERVES.index),
    ...[...cat.services.values()].filter((s) => s.status !== 'draft').sort((a, b) => a.id.localeCompare(b.id)).map((s) => page(`site/services/${s.id}.html`, `Service page: ${s.name}`, SITE_SERVES.service)),
    ...customers.map((c) => page(`site/agreements/${c.id}.html`, `Agreement page: ${c.agreement.id}`, SITE_SERVES.agreement)),
    page('site/provider.html', 'Context and service management plan', SITE_SERVES.provider),
    page('site/improvements.html', 'Improvement register', SITE_SERVES.improvements),
    ...customers.map((c) => ({ ...page(`openslo/${c.id}.yaml`, `OpenSLO targets of ${c.agreement.id}`, SLO_SERVES), where: 'csm slo export' })),
    ...customers.map((c) => ({ ...page(`reports/${c.id}/`, `Monthly service report of ${c.name}`, REPORT_SERVES), where: 'csm report' })),
    { ...page('reports/sms/', 'Monthly operation report of the service management system', SMS_REPORT_SERVES), where: 'csm report sms' },
    { ...page(`catalogue/services/<id>.yaml`, 'New service scaffold: draft entry, construct, registration and test', NEW_SERVICE_SERVES), where: 'csm new service' },
  ];
}
