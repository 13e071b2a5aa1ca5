/**
 * The role SAM generates for a function without `Role` (`<FunctionId>Role`): its trust policy is the
 * function's own `AssumeRolePolicyDocument`, checked like any role's. The fixture
 * `role-trust-principal/sam-function-own-trust-policy` covers the verdicts; these cases cover what
 * the role shares with its function (condition, suppressions) and when SAM makes no such role.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';

/** A SAM template with one function whose own trust policy trusts Lambda, and also lets anyone assume its role. */
function template(functionExtra: string, extraResources = ''): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: dev
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Worker:
    Type: AWS::Serverless::Function
${functionExtra}    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: src/
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal:
              Service: lambda.amazonaws.com
            Condition:
              StringEquals:
                aws:SourceAccount: !Ref AWS::AccountId
          - Effect: Allow
            Action: sts:AssumeRole
            Principal:
              AWS: '*'
${extraResources}`;
}

async function trustFindings(text: string) {
  const result = await lint({ documents: [{ path: 'template.yaml', text }] });
  return result.findings.filter((f) => f.ruleId === 'role-trust-principal' || f.ruleId === 'suppression');
}

describe("SAM's generated execution role", () => {
  it('is checked, on the function, at the principal', async () => {
    const [finding, ...rest] = await trustFindings(template(''));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ ruleId: 'role-trust-principal', level: 'error', resourceId: 'WorkerRole', region: { startLine: 29, startColumn: 20 } });
    expect(finding!.message).toContain('can be assumed by anyone (AWS "*")');
  });

  it('exists only when its function does', async () => {
    expect(await trustFindings(template('    Condition: IsProd\n'))).toEqual([]);
  });

  it("takes the function's suppressions, which count as used", async () => {
    const metadata = '    Metadata:\n      flowguard:\n        ignore:\n          - rule: role-trust-principal\n            reason: public webhook, checked by the handler\n';
    const findings = await trustFindings(template(metadata));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'role-trust-principal', suppressions: [{ kind: 'inSource', justification: 'public webhook, checked by the handler' }] });
  });

  it('is not made when the function names its Role (SAM then ignores the document)', async () => {
    const role = `  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal: { Service: lambda.amazonaws.com }
            Condition: { StringEquals: { aws:SourceAccount: !Ref AWS::AccountId } }
`;
    const text = template('', role).replace('      CodeUri: src/\n', '      CodeUri: src/\n      Role: !GetAtt Role.Arn\n');
    expect(await trustFindings(text)).toEqual([]);
  });

  it('is not made when a resource of the template already has its name', async () => {
    const clash = '  WorkerRole:\n    Type: AWS::SNS::Topic\n';
    expect(await trustFindings(template('', clash))).toEqual([]);
  });

  it('keeps SAM\'s default trust when the document is AWS::NoValue', async () => {
    const text = template('').replace(/ {6}AssumeRolePolicyDocument:[\s\S]*$/, "      AssumeRolePolicyDocument: !If [IsProd, {Statement: [{Effect: Allow, Action: 'sts:AssumeRole', Principal: {AWS: '*'}}]}, !Ref AWS::NoValue]\n");
    expect(await trustFindings(text)).toEqual([]);
  });
});
