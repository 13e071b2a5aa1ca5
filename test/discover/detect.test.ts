/**
 * SPEC §1: a JSON/YAML value is a CloudFormation template when it has `AWSTemplateFormatVersion`, or
 * `Resources` with `AWS::`/`Custom::` types, also inside `Fn::ForEach` loops; a plan or state by its keys.
 */
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/discover/detect.js';

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
