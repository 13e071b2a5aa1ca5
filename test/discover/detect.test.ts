/**
 * SPEC §1: a JSON/YAML value is a CloudFormation template when it has `AWSTemplateFormatVersion`, or
 * `Resources` with `AWS::`/`Custom::` types, also inside `Fn::ForEach` loops; a plan or state by its keys.
 */
import { describe, expect, it } from 'vitest';
import { detectFormat, isTerraformUiLog } from '../../src/discover/detect.js';

describe('detectFormat', () => {
  it.each([
    ['a template version alone', { AWSTemplateFormatVersion: '2010-09-09' }, 'cloudformation'],
    ['a resource type', { Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } }, 'cloudformation'],
    ['a custom resource', { Resources: { Thing: { Type: 'Custom::Thing' } } }, 'cloudformation'],
    ['resources only made by a Fn::ForEach loop', { Transform: 'AWS::LanguageExtensions', Resources: { 'Fn::ForEach::Topics': ['Name', ['a', 'b'], { 'Topic${Name}': { Type: 'AWS::SNS::Topic' } }] } }, 'cloudformation'],
    ['a loop in a loop', { Resources: { 'Fn::ForEach::A': ['X', ['1'], { 'Fn::ForEach::B': ['Y', ['2'], { 'T${X}${Y}': { Type: 'AWS::SNS::Topic' } }] }] } }, 'cloudformation'],
    ['a plan', { format_version: '1.2', planned_values: {} }, 'terraform-plan'],
    ['a state', { format_version: '1.0', values: {} }, 'terraform-state'],
    ['a Kubernetes manifest', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, undefined],
    ['Resources without AWS types', { Resources: { limits: { cpu: '1' } } }, undefined],
    ['a loop-shaped key with no types', { Resources: { 'Fn::ForEach::X': ['A', ['1'], { B: { Type: 'Other' } }] } }, undefined],
  ])('%s', (_, value, expected) => {
    expect(detectFormat(value)).toBe(expected);
  });
});

describe('isTerraformUiLog: the output of `terraform plan -json`, not of `terraform show -json`', () => {
  const VERSION = '{"@level":"info","@message":"Terraform 1.9.0","@module":"terraform.ui","@timestamp":"2024-07-24T07:34:59.755192+01:00","terraform":"1.9.0","type":"version","ui":"1.2"}';
  it.each([
    ['the log, as Terraform writes it', `${VERSION}\n{"@level":"info","@message":"aws_vpc.main: Plan to create","@module":"terraform.ui","type":"planned_change"}\n`, true],
    ['the log after a blank line, with CRLF', `\r\n${VERSION}\r\n`, true],
    ['a plan', '{"format_version":"1.2","planned_values":{"root_module":{}}}', false],
    ['another tool\'s JSON lines with @level', '{"@level":"info","@module":"app","@message":"started"}\n', false],
    ['terraform.ui only on a later line', '{"@level":"info","@module":"app"}\n{"@module":"terraform.ui"}\n', false],
    ['an empty file', '', false],
  ])('%s', (_, text, expected) => {
    expect(isTerraformUiLog(text)).toBe(expected);
  });
});
