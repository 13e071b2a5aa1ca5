/**
 * A YAML stream of several documents: a CloudFormation template is one document (CloudFormation and
 * cfn-lint refuse more), so a template with a second is a parse-error where the second starts; a
 * Kubernetes manifest found by walking is no template and is skipped, whatever text it embeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 30
---
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  More:
    Type: AWS::Logs::LogGroup
`;

// A ConfigMap that carries a template for a job to deploy, and the job: text a template would hold.
const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: stack-template
data:
  template.yaml: |
    AWSTemplateFormatVersion: "2010-09-09"
    Resources:
      Logs:
        Type: AWS::Logs::LogGroup
---
apiVersion: batch/v1
kind: Job
metadata:
  name: deploy-stack
`;

describe('several YAML documents in one file', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('flowguard-multi-document-');
    writeTree(dir, { 'stacks/logs.yaml': TEMPLATE, 'k8s/deploy.yaml': MANIFEST });
  });
  afterAll(() => removeDir(dir));

  it('refuses a template at its second document, and skips a walked manifest', async () => {
    const result = await lint(['.'], { cwd: dir });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.region.startLine, f.region.startColumn, f.message])).toEqual([
      ['parse-error', 'stacks/logs.yaml', 8, 1, 'a second YAML document starts here; a CloudFormation template is one document (CloudFormation does not accept several)'],
    ]);
    expect(result.files).toEqual([]);
  });

  it('reports a named manifest as not a template, as any named file that is none', async () => {
    const result = await lint(['k8s/deploy.yaml'], { cwd: dir });
    expect(result.findings.map((f) => [f.ruleId, f.file])).toEqual([['parse-error', 'k8s/deploy.yaml']]);
    expect(result.findings[0]?.message).toMatch(/^not a CloudFormation template or Terraform plan\/state/);
  });
});
