import type { PolicyProcess } from './types';

/** The clause of ISO/IEC 20000-1:2011 that defines each process a process policy can govern. */
export const PROCESS_CLAUSE: Record<PolicyProcess, string> = {
  design: '5',
  'service-level': '6.1',
  reporting: '6.2',
  continuity: '6.3',
  budgeting: '6.4',
  capacity: '6.5',
  security: '6.6',
  'business-relationship': '7.1',
  supplier: '7.2',
  incident: '8.1',
  problem: '8.2',
  configuration: '9.1',
  change: '9.2',
  release: '9.3',
};

/**
 * The process policies the service management policy must cascade to: ISO/IEC 20000-1 asks for a documented
 * information security, change and release policy, and TR 20000-9's strategy scenario (S02) names capacity
 * and continuity beside them.
 */
export const REQUIRED_PROCESSES: readonly PolicyProcess[] = ['security', 'change', 'release', 'capacity', 'continuity'];
