'use strict';

/**
 * Stage throttling for the REST API (`custom.stageThrottle: { burstLimit, rateLimit }`).
 * Serverless Framework has no setting for it (a usage plan's throttle applies only to
 * requests carrying an API Gateway key, which MCP clients do not send), and it creates the
 * stage through its `AWS::ApiGateway::Deployment` (`StageName`), a resource with a new
 * logical id on every deploy. A deployment's `StageDescription` describes a stage that
 * deployment creates: from the second deploy on the stage already exists, so settings there
 * are not the stage's to keep (CloudFormation documents them for a new stage only).
 *
 * So the stage is made as the CDK constructs make it: the deployment creates no stage, and an
 * `AWS::ApiGateway::Stage` (logical id `ApiGatewayStage`) points at the deployment with the
 * throttling in its `MethodSettings`; every deploy updates that resource in place. Resources
 * that waited for the deployment (a usage plan names the stage) wait for the stage too.
 *
 * The deployment also waits for the API's gateway responses (as the CDK constructs order
 * it): a deployment is a snapshot of the API, and one taken before them would serve API
 * Gateway's own 401, without the WWW-Authenticate challenge, until the next deploy.
 *
 * A stack deployed with the earlier version of this plugin already has a stage the
 * deployment created: the first deploy with this version cannot create it again. Remove that
 * stage first (`aws apigateway delete-stage`), or deploy a new stack.
 */
class StageThrottle {
  constructor(serverless) {
    this.serverless = serverless;
    // After the serverless.yml `resources` are merged in (the gateway responses are there),
    // before the template is written.
    this.hooks = { 'after:aws:package:finalize:mergeCustomProviderResources': () => this.apply() };
  }

  apply() {
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    const deployments = Object.keys(resources).filter(
      (id) => resources[id].Type === 'AWS::ApiGateway::Deployment',
    );
    if (deployments.length === 0) return;
    if (deployments.length > 1) throw new Error(`stage-throttle: more than one deployment (${deployments})`);
    const [deploymentId] = deployments;
    const responses = Object.keys(resources).filter(
      (id) => resources[id].Type === 'AWS::ApiGateway::GatewayResponse',
    );
    resources[deploymentId].DependsOn = [...[resources[deploymentId].DependsOn ?? []].flat(), ...responses];
    const throttle = this.serverless.service.custom?.stageThrottle;
    if (!throttle) return;
    const deployment = resources[deploymentId].Properties;
    const { StageName, StageDescription, ...rest } = deployment;
    if (!StageName) return;
    resources[deploymentId].Properties = rest;
    resources.ApiGatewayStage = {
      Type: 'AWS::ApiGateway::Stage',
      Properties: {
        RestApiId: deployment.RestApiId,
        DeploymentId: { Ref: deploymentId },
        StageName,
        MethodSettings: [
          {
            ResourcePath: '/*',
            HttpMethod: '*',
            ThrottlingBurstLimit: throttle.burstLimit,
            ThrottlingRateLimit: throttle.rateLimit,
          },
        ],
      },
    };
    for (const [id, resource] of Object.entries(resources)) {
      if (id === 'ApiGatewayStage') continue;
      const dependsOn = [resource.DependsOn ?? []].flat();
      if (dependsOn.includes(deploymentId)) resource.DependsOn = [...dependsOn, 'ApiGatewayStage'];
    }
  }
}

module.exports = StageThrottle;
