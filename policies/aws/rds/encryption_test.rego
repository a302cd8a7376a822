package csm.aws.rds.encryption_test

import rego.v1

import data.csm.aws.rds.encryption as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_encrypted_instance_passes if {
	count(deny_of([fx.res("aws_db_instance", "d", {"storage_encrypted": true})])) == 0
}

test_read_replica_inherits if {
	count(deny_of([fx.res("aws_db_instance", "d", {"storage_encrypted": false, "replicate_source_db": "src"})])) == 0
}

test_unencrypted_instance_denied if {
	[f] := deny_of([fx.res("aws_db_instance", "d", {"storage_encrypted": null})])
	f.id == "CSM-AWS-RDS-001"
	contains(f.message, "storage_encrypted: not set")
}

test_aurora_cluster_left_to_the_provider_denied if {
	c := fx.res("aws_rds_cluster", "c", {"engine": "aurora-postgresql", "storage_encrypted": "${self.storage_encrypted}"})
	[f] := deny_of([c])
	f.resource == "aws_rds_cluster.c"
}

test_csm_database_is_the_house_rule_s if {
	count(deny_of([fx.own(fx.res("aws_db_instance", "d", {"storage_encrypted": false}))])) == 0
}
