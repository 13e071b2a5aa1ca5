/**
 * SPEC §1: a JSON/YAML value is a CloudFormation template when it has `AWSTemplateFormatVersion`, or
 * `Resources` with `AWS::`/`Custom::` types, also inside `Fn::ForEach` loops; a plan or state by its keys.
 */
import { describe, expect, it } from 'vitest';
import { detectFormat, terraformUiLog } from '../../src/discover/detect.js';

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

describe('terraformUiLog: the output of `terraform … -json`, not of `terraform show -json`', () => {
  const VERSION = '{"@level":"info","@message":"Terraform 1.9.0","@module":"terraform.ui","@timestamp":"2024-07-24T07:34:59.755192+01:00","terraform":"1.9.0","type":"version","ui":"1.2"}';
  const PLANNED = '{"@level":"info","@message":"aws_vpc.main: Plan to create","@module":"terraform.ui","type":"planned_change"}';
  const TEST = '{"@level":"info","@message":"Found 1 file and 1 run block","@module":"terraform.ui","test_abstract":{"main.tftest.hcl":["plan"]},"type":"test_abstract"}';
  const APPLIED = '{"@level":"info","@message":"Apply complete!","@module":"terraform.ui","changes":{"add":1,"change":0,"remove":0,"operation":"apply"},"type":"change_summary"}';
  // `terraform apply -json` without a saved plan, as HashiCorp's machine-readable UI documentation shows it: the plan first.
  const APPLY_LOG = [
    VERSION,
    PLANNED,
    '{"@level":"info","@message":"Plan: 1 to add, 0 to change, 0 to destroy.","@module":"terraform.ui","changes":{"add":1,"change":0,"remove":0,"operation":"plan"},"type":"change_summary"}',
    '{"@level":"info","@message":"aws_vpc.main: Creating...","@module":"terraform.ui","hook":{"resource":{"addr":"aws_vpc.main"},"action":"create"},"type":"apply_start"}',
    APPLIED,
  ].join('\n');
  it.each([
    ['a plan log, as Terraform writes it', `${VERSION}\n${PLANNED}\n`, 'plan'],
    ['a plan log after a blank line, with CRLF', `\r\n${VERSION}\r\n${PLANNED}\r\n`, 'plan'],
    ['the log of terraform test -json', `${VERSION}\n${TEST}\n`, 'other'],
    ['the log of terraform apply -json', `${VERSION}\r\n${APPLIED}\r\n`, 'other'],
    ['the log of terraform apply -json, its plan included', `${APPLY_LOG}\n`, 'other'],
    ['a plan', '{"format_version":"1.2","planned_values":{"root_module":{}}}', undefined],
    ["another tool's JSON lines with @level", '{"@level":"info","@module":"app","@message":"started"}\n', undefined],
    ['terraform.ui only on a later line', '{"@level":"info","@module":"app"}\n{"@module":"terraform.ui"}\n', undefined],
    ['an empty file', '', undefined],
  ])('%s', (_, text, kind) => {
    expect(terraformUiLog(text)?.kind).toBe(kind);
  });

  it('spans the first line, without its line break', () => {
    const text = `\r\n${VERSION}\r\n${PLANNED}\r\n`;
    const log = terraformUiLog(text)!;
    expect(text.slice(log.start, log.end)).toBe(VERSION);
  });
});
