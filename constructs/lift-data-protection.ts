import type { IConstruct } from 'constructs';
import type { IAspect } from 'cdktf';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';

/**
 * The first step of a termination (S13): AWS refuses to delete a database whose `deletion_protection` is on,
 * and a bucket or image registry that still holds objects, so before the tenancy can be destroyed its state
 * must say otherwise. This aspect lifts those switches on every data store of a stack, and nothing else: the
 * plan of the stack it is applied to is an in-place update of exactly these attributes. A database keeps
 * `skip_final_snapshot = false`: its final snapshot is the copy the agreement's retention keeps. Whether the
 * moment has come (termination effective, export confirmed or retention over) is the gate's to decide
 * (CSM-OPS-015), not this code's.
 */
export class LiftDataProtection implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof DbInstance) node.deletionProtection = false;
    else if (node instanceof S3Bucket) node.forceDestroy = true;
    else if (node instanceof EcrRepository) node.forceDelete = true;
  }
}
