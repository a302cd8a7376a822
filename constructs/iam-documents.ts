/** Small builders for IAM policy JSON, so constructs state intent (who, what, on which) and not JSON. */

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource?: string | string[];
  Principal?: Record<string, string | string[]> | '*';
  Condition?: Record<string, Record<string, string | string[]>>;
}

export function policyDocument(...statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export function assumeRoleBy(principal: Record<string, string>, condition?: Statement['Condition']): string {
  return policyDocument({ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: principal, ...(condition ? { Condition: condition } : {}) });
}
