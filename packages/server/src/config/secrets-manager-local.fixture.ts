import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** A Secrets Manager endpoint on loopback and a real SDK client pointed at it. */
export interface LocalSecretsManager {
  endpoint: string;
  /** `moto` (moto_server, a real implementation of the wire protocol) or `fake` (the one below). */
  kind: 'moto' | 'fake';
  client(): SecretsManagerClient;
  stop(): Promise<void>;
}

/** Fixed test credentials and region: the SDK signs requests, neither endpoint checks them. */
export const LOCAL_AWS_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
} as const;

/**
 * moto_server when it is installed (`pip install 'moto[server]'`), otherwise a fake speaking
 * the same JSON 1.1 protocol for the three calls the tests make. Either way the AWS SDK
 * client runs for real, over HTTP.
 */
export async function startLocalSecretsManager(): Promise<LocalSecretsManager> {
  const moto = spawnSync('moto_server', ['--help'], { stdio: 'ignore' });
  const started = moto.status === 0 ? await startMoto() : await startFake();
  return {
    ...started,
    client: () =>
      new SecretsManagerClient({
        endpoint: started.endpoint,
        region: LOCAL_AWS_ENV.AWS_REGION,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
  };
}

async function startMoto(): Promise<Omit<LocalSecretsManager, 'client'>> {
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`moto_server exited ${code}: ${output}`)));
  });
  return {
    endpoint,
    kind: 'moto',
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Version {
  id: string;
  value: string;
  stages: Set<string>;
}

/** CreateSecret, PutSecretValue (moving AWSCURRENT to AWSPREVIOUS) and GetSecretValue by stage. */
async function startFake(): Promise<Omit<LocalSecretsManager, 'client'>> {
  const secrets = new Map<string, { arn: string; name: string; versions: Version[] }>();
  const find = (id: string) =>
    [...secrets.values()].find((secret) => secret.arn === id || secret.name === id);
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const input = JSON.parse(body || '{}') as Record<string, string>;
      const operation = String(request.headers['x-amz-target']).replace('secretsmanager.', '');
      const answer = (status: number, json: object) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(json));
      };
      const notFound = () =>
        answer(400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
      if (operation === 'CreateSecret') {
        const name = input.Name!;
        const arn = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`;
        const version = { id: randomUUID(), value: input.SecretString!, stages: new Set(['AWSCURRENT']) };
        secrets.set(name, { arn, name, versions: [version] });
        return answer(200, { ARN: arn, Name: name, VersionId: version.id });
      }
      const secret = find(input.SecretId!);
      if (!secret) return notFound();
      if (operation === 'PutSecretValue') {
        for (const version of secret.versions) {
          version.stages.delete('AWSPREVIOUS');
          if (version.stages.delete('AWSCURRENT')) version.stages.add('AWSPREVIOUS');
        }
        const version = { id: randomUUID(), value: input.SecretString!, stages: new Set(['AWSCURRENT']) };
        secret.versions.push(version);
        return answer(200, {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: version.id,
          VersionStages: ['AWSCURRENT'],
        });
      }
      if (operation === 'GetSecretValue') {
        const stage = input.VersionStage ?? 'AWSCURRENT';
        const version = secret.versions.find((candidate) => candidate.stages.has(stage));
        if (!version) return notFound();
        return answer(200, {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: version.id,
          SecretString: version.value,
          VersionStages: [...version.stages],
        });
      }
      answer(400, { __type: 'InvalidRequestException', message: `${operation} is not faked` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    kind: 'fake',
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
