'use strict';

/**
 * Stage throttling for the REST API (`custom.stageThrottle: { burstLimit, rateLimit }`).
 * Serverless Framework creates the stage through its `AWS::ApiGateway::Deployment`, whose
 * logical id changes on every deploy, and has no setting for stage throttling (a usage
 * plan's throttle applies only to requests carrying an API Gateway key, which MCP clients
 * do not send), so this sets the deployment's StageDescription in the compiled template.
 */
class StageThrottle {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.apply() };
  }

  apply() {
    const throttle = this.serverless.service.custom?.stageThrottle;
    if (!throttle) return;
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    for (const resource of Object.values(resources)) {
      if (resource.Type !== 'AWS::ApiGateway::Deployment') continue;
      resource.Properties.StageDescription = {
        ...resource.Properties.StageDescription,
        ThrottlingBurstLimit: throttle.burstLimit,
        ThrottlingRateLimit: throttle.rateLimit,
      };
    }
  }
}

module.exports = StageThrottle;
