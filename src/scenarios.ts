/**
 * The mission's contract (../shared/MISSION.md): ISO/IEC 20000-1:2011 clause titles and the scenarios of
 * ISO/IEC TR 20000-9 with the clauses each serves. Numbers and titles only; the standards' text is copyrighted.
 */
export const CLAUSE_TITLES: Record<string, string> = {
  '4.1': 'Management responsibility',
  '4.2': 'Governance of processes operated by other parties',
  '4.3': 'Documentation management',
  '4.4': 'Resource management',
  '4.5': 'Establish and improve the SMS',
  '5': 'Design and transition of new or changed services',
  '6.1': 'Service level management',
  '6.2': 'Service reporting',
  '6.3': 'Service continuity and availability management',
  '6.4': 'Budgeting and accounting for services',
  '6.5': 'Capacity management',
  '6.6': 'Information security management',
  '7.1': 'Business relationship management',
  '7.2': 'Supplier management',
  '8.1': 'Incident and service request management',
  '8.2': 'Problem management',
  '9.1': 'Configuration management',
  '9.2': 'Change management',
  '9.3': 'Release and deployment management',
};

/** Sub-clauses the scenario table names, with the short names MISSION.md gives them. */
export const SUBCLAUSE_TITLES: Record<string, string> = {
  '4.1.1': 'Management commitment',
  '4.1.2': 'Service management policy',
  '4.4.1': 'Provision of resources',
  '4.5.1': 'Define the scope of the SMS',
  '4.5.2': 'Plan the SMS',
  '4.5.3': 'Implement and operate the SMS',
  '4.5.4': 'Monitor and review the SMS',
  '4.5.5': 'Maintain and improve the SMS',
  '4.5.5.2': 'Management of improvements',
  '5.1': 'Design and transition: general',
  '5.2': 'Plan new or changed services',
  '5.3': 'Design and development of new or changed services',
  '5.4': 'Transition of new or changed services',
};

export interface Scenario {
  id: string;
  title: string;
  clauses: string[];
}

const table: Array<[string, string, string]> = [
  ['S01', 'Identify the context for service management of cloud services', '4.1, 7.1'],
  ['S02', 'Establish strategy and plan', '4.1, 4.3, 4.4, 4.5.1, 4.5.2, 5.2, 6.4, 6.6, 7.1'],
  ['S03', 'Provide a catalogue of cloud services', '4.3, 6.1, 7.1'],
  ['S04', 'Identify and manage service requirements', '4, 5.2, 5.3, 6.1, 7.1, 7.2, 9.1, 9.2'],
  ['S05', 'Design and develop a new cloud service', '5.1, 5.3, 5.4, 6.1, 6.3, 6.5, 6.6, 7.1, 7.2, 9.1, 9.2, 9.3'],
  ['S06', 'Establish a service relationship with the customer', '6.1, 7.1'],
  ['S07', 'Establish a cloud service agreement', '6.1, 7.1, 9.2'],
  ['S08', 'Onboard the customer', '4.3, 6.1, 6.3, 6.4, 6.5, 6.6, 7.1, 7.2, 8.1, 8.2, 9.1, 9.2, 9.3'],
  ['S09', 'Deliver and operate the cloud services', '4.2, 4.3, 4.4, 4.5.3, 6.1, 6.2, 6.3, 6.4, 6.5, 6.6, 7.1, 7.2, 8.1, 8.2, 9.1, 9.2, 9.3'],
  ['S10', 'Monitor and report cloud services', '4.3, 4.5.4, 4.5.5, 6.1, 6.2, 6.3, 6.5, 6.6, 8.2, 9.1, 9.2, 9.3'],
  ['S11', 'Manage resources for cloud services', '4.1.1, 4.2, 4.3, 4.4, 4.5.5.2, 6.4, 6.5, 8.1, 9.1, 9.2, 9.3'],
  ['S12', 'Check and improve the SMS and services', '4.1.2, 4.2, 4.3, 4.4.1, 4.5.4, 4.5.5, 5, 6.2'],
  ['S13', 'Terminate a cloud service contract', '4.3, 4.4, 5, 6.1, 6.4, 6.5, 6.6, 7.1, 7.2, 9.1, 9.2, 9.3'],
  ['S14', 'Transfer a cloud service', '4.3, 4.4, 5.1, 5.2, 5.3, 5.4, 6.1, 6.3, 6.4, 6.5, 6.6, 9.1, 9.2, 9.3'],
  ['S15', 'Remove a cloud service', '4.3, 4.4, 5.1, 5.2, 5.3, 5.4, 6.1, 6.3, 6.4, 6.5, 6.6, 9.1, 9.2, 9.3'],
];

export const SCENARIOS: Record<string, Scenario> = Object.fromEntries(
  table.map(([id, title, clauses]) => [id, { id, title, clauses: clauses.split(', ') }]),
);
