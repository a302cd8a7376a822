/**
 * What each access level lets a registered user do in the tenancy (S08). Actions are listed, never `*`, and
 * the role policy limits them to resources tagged with the customer's id.
 */
export type AccessLevel = 'read' | 'operate' | 'admin';

const READ = [
  's3:GetObject', 's3:ListBucket', 's3:GetBucketLocation',
  'rds:DescribeDBInstances', 'rds:DescribeDBSnapshots',
  'ecs:DescribeClusters', 'ecs:DescribeServices', 'ecs:DescribeTasks', 'ecs:ListServices', 'ecs:ListTasks',
  'ecr:DescribeImages', 'ecr:ListImages',
  'cloudwatch:GetMetricData', 'cloudwatch:DescribeAlarms', 'logs:GetLogEvents', 'logs:FilterLogEvents',
];
const OPERATE = [
  ...READ,
  's3:PutObject', 'ecs:RunTask', 'ecs:StopTask', 'ecs:UpdateService', 'rds:RebootDBInstance', 'rds:CreateDBSnapshot',
  'ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:BatchCheckLayerAvailability',
];
const ADMIN = [...OPERATE, 's3:DeleteObject', 'ecs:CreateService', 'ecs:DeleteService', 'ecs:RegisterTaskDefinition', 'rds:ModifyDBInstance', 'ecr:BatchDeleteImage'];

export const ACCESS_ACTIONS: Record<AccessLevel, readonly string[]> = { read: READ, operate: OPERATE, admin: ADMIN };
